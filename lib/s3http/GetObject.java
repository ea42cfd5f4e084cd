package s3http;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import s3.S3Uri;

/**
 * GetObject into a file (streamed, optionally hashed on the way) or, for small objects, into memory. A
 * missing object or bucket is reported as {@link MissingObjectException}. A transfer cut off midway is
 * tried again from the start, into a truncated file and a fresh digest.
 */
public final class GetObject {
    private GetObject() {}

    /** What {@link #toFileHashed} wrote: the file, the SHA-256 of its bytes (lower-case hex) and the object's ETag. */
    public record Hashed(Path file, String sha256, String etag) {}

    public static Path toFile(S3HttpClient s3, S3Uri uri, Path target) {
        return toFileHashed(s3, uri, target, null).file();
    }

    /** With {@code ifMatchEtag}, S3 refuses (412) to serve another version than the one that ETag names. */
    public static Hashed toFileHashed(S3HttpClient s3, S3Uri uri, Path target, String ifMatchEtag) {
        Map<String, String> headers = ifMatchEtag == null ? Map.of() : Map.of("if-match", ifMatchEtag);
        return missingAsSuch(uri, () -> s3.exchange("GetObject", "GET", uri, headers, null, (c, in) -> {
            MessageDigest sha = SigV4.sha256();
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return new Hashed(target, HexFormat.of().formatHex(sha.digest()), c.getHeaderField("ETag"));
        }));
    }

    public static byte[] toBytes(S3HttpClient s3, S3Uri uri) {
        return missingAsSuch(uri, () -> s3.exchange("GetObject", "GET", uri, Map.of(), null, (c, in) -> in.readAllBytes()));
    }

    private static <T> T missingAsSuch(S3Uri uri, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if ("NoSuchKey".equals(e.errorCode()) || "NoSuchBucket".equals(e.errorCode())) {
                throw new MissingObjectException(uri, e);
            }
            throw e;
        }
    }
}
