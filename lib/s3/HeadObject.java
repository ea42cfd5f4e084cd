package s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HeadObject: an object's ETag, which changes whenever its bytes do, without fetching them. */
public final class HeadObject {
    private HeadObject() {}

    public static String etag(S3Client s3, S3Uri uri) {
        try {
            return s3.headObject(HeadObjectRequest.builder().bucket(uri.bucket()).key(uri.key()).build()).eTag();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new DownloadObject.MissingObjectException(uri, e);
        } catch (S3Exception e) {
            // HEAD responses have no body, so a missing key arrives as a bare 404 rather than NoSuchKey.
            if (e.statusCode() == 404) {
                throw new DownloadObject.MissingObjectException(uri, e);
            }
            throw e;
        }
    }
}
