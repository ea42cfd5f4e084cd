package s3;

import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** PutObject from a file or from memory, with the content type readers of the bucket will want. */
public final class UploadObject {
    private UploadObject() {}

    public static S3Uri fromFile(S3Client s3, S3Uri uri, Path file, String contentType) {
        s3.putObject(request(uri, contentType), RequestBody.fromFile(file));
        return uri;
    }

    public static S3Uri fromBytes(S3Client s3, S3Uri uri, byte[] bytes, String contentType) {
        s3.putObject(request(uri, contentType), RequestBody.fromBytes(bytes));
        return uri;
    }

    private static PutObjectRequest request(S3Uri uri, String contentType) {
        return PutObjectRequest.builder().bucket(uri.bucket()).key(uri.key()).contentType(contentType).build();
    }
}
