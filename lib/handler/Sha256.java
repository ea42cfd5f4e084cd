package handler;

import java.nio.file.Path;
import s3http.SigV4;

/**
 * Lower-case hex SHA-256, the form PlanHash and chunk Sha256 take on the wire: the same digest S3
 * request signing computes of a payload, so the handler has one implementation of it.
 */
public final class Sha256 {
    private Sha256() {}

    public static String of(byte[] bytes) {
        return SigV4.sha256Hex(bytes);
    }

    public static String of(Path file) {
        return SigV4.sha256Hex(file);
    }
}
