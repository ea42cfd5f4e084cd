package pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import s3.DownloadObject;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;

/** Fixture uploads and output downloads, the same for every target's bucket. */
public final class BucketTransfer {
    private BucketTransfer() {}

    public static void upload(S3Client s3, String bucket, String key, Path file) {
        UploadObject.fromFile(s3, new S3Uri(bucket, key), file, contentType(key));
    }

    public static void download(S3Client s3, String bucket, String key, Path target) {
        createParent(target);
        DownloadObject.toFile(s3, new S3Uri(bucket, key), target);
    }

    /** What readers of the bucket are told an object is, by its key's extension. */
    public static String contentType(String key) {
        return key.endsWith(".mp4") ? "video/mp4" : key.endsWith(".tar.gz") ? "application/gzip" : "application/octet-stream";
    }

    public static void createParent(Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
