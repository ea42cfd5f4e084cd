package s3;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** GetObject into a file or into memory; a missing object is reported as {@link MissingObjectException}. */
public final class DownloadObject {
    private DownloadObject() {}

    /** Thrown when the object (or its bucket) does not exist, which no retry will change. */
    public static final class MissingObjectException extends RuntimeException {
        public MissingObjectException(S3Uri uri, Throwable cause) {
            super("no such object: " + uri, cause);
        }
    }

    public static Path toFile(S3Client s3, S3Uri uri, Path target) {
        try {
            Files.deleteIfExists(target);
            s3.getObject(request(uri), ResponseTransformer.toFile(target));
            return target;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new MissingObjectException(uri, e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(S3Client s3, S3Uri uri) {
        try {
            return s3.getObjectAsBytes(request(uri)).asByteArray();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new MissingObjectException(uri, e);
        }
    }

    private static GetObjectRequest request(S3Uri uri) {
        return GetObjectRequest.builder().bucket(uri.bucket()).key(uri.key()).build();
    }
}
