package s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * GetObject into a file (streamed, optionally hashed on the way) or, for small objects, into memory; a
 * missing object is reported as {@link MissingObjectException}.
 */
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #toFileHashed} wrote: the file, the SHA-256 of its bytes (lower-case hex) and the object's ETag. */
    public record Hashed(Path file, String sha256, String etag) {}

    /**
     * Streams the object into {@code target}, hashing the bytes as they arrive (no second read). With
     * {@code ifMatchEtag}, S3 refuses (412) to serve another version than the one that ETag names.
     */
    public static Hashed toFileHashed(S3Client s3, S3Uri uri, Path target, String ifMatchEtag) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(uri.bucket()).key(uri.key());
        if (ifMatchEtag != null) {
            req.ifMatch(ifMatchEtag);
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(req.build());
             OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, sha);
            return new Hashed(target, HexFormat.of().formatHex(sha.digest()), in.response().eTag());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new MissingObjectException(uri, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(InputStream in, OutputStream out, MessageDigest sha) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
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
