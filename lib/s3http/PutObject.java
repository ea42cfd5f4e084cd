package s3http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import s3.S3Uri;

/**
 * PutObject from a file or from memory, with the content type readers of the bucket will want. Bytes
 * in memory are signed with their hash. A file is streamed: over HTTPS unsigned (S3 allows it there,
 * and TLS protects the bytes), over plain HTTP (the local S3 servers) signed with its hash, read once
 * more for that, as the SDK did.
 */
public final class PutObject {
    private PutObject() {}

    public static S3Uri fromFile(S3HttpClient s3, S3Uri uri, Path file, String contentType) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(s3, uri, contentType, new S3HttpClient.Body() {
            private String sha256;

            @Override
            public long length() {
                return length;
            }

            @Override
            public String payloadHash(boolean https) {
                if (https) {
                    return SigV4.UNSIGNED_PAYLOAD;
                }
                if (sha256 == null) {
                    sha256 = SigV4.sha256Hex(file);
                }
                return sha256;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                Files.copy(file, out);
            }
        });
        return uri;
    }

    public static S3Uri fromBytes(S3HttpClient s3, S3Uri uri, byte[] bytes, String contentType) {
        String sha256 = SigV4.sha256Hex(bytes);
        put(s3, uri, contentType, new S3HttpClient.Body() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public String payloadHash(boolean https) {
                return sha256;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        });
        return uri;
    }

    private static void put(S3HttpClient s3, S3Uri uri, String contentType, S3HttpClient.Body body) {
        s3.exchange("PutObject", "PUT", uri, Map.of("content-type", contentType), body, (c, in) -> {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        });
    }
}
