package stack;

import com.fasterxml.jackson.databind.JsonNode;
import embedded.EmbeddedS3Server;
import handler.HandlerConfig;
import handler.RenderRequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;

/** A handler wired to an in-process S3 server, driven the way Lambda drives it: JSON bytes in and out. */
final class HandlerHarness implements AutoCloseable {
    static final String BUCKET = "renders";
    static final String OTHER_BUCKET = "someone-elses";

    final EmbeddedS3Server server;
    final S3Client s3;
    final RenderRequestHandler handler;
    final Path workRoot;

    HandlerHarness(Path workRoot, long maxArchiveBytes) {
        this.workRoot = workRoot;
        this.server = EmbeddedS3Server.startInMemory();
        server.createBucket(BUCKET);
        server.createBucket(OTHER_BUCKET);
        Map<String, String> env = new HashMap<>(server.clientEnvironment());
        env.put(HandlerConfig.RENDER_BUCKET, BUCKET);
        env.put(HandlerConfig.WORK_ROOT, workRoot.toString());
        env.put(HandlerConfig.MAX_ARCHIVE_BYTES, Long.toString(maxArchiveBytes));
        this.s3 = S3Clients.fromEnvironment(env);
        this.handler = new RenderRequestHandler(env);
    }

    JsonNode invoke(Object event) {
        try {
            byte[] in = json.Json.MAPPER.writeValueAsBytes(event);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(in), out, null);
            return json.Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The Lambda error type the invocation failed with (the thrown class's name). */
    String errorType(Object event) {
        try {
            invoke(event);
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
        throw new AssertionError("the invocation succeeded: " + event);
    }

    String put(String key, Path file) {
        return UploadObject.fromFile(s3, new S3Uri(BUCKET, key), file, "application/octet-stream").toString();
    }

    String putBytes(String key, byte[] bytes) {
        return UploadObject.fromBytes(s3, new S3Uri(BUCKET, key), bytes, "application/octet-stream").toString();
    }

    static String uri(String key) {
        return "s3://" + BUCKET + "/" + key;
    }

    @Override
    public void close() {
        s3.close();
        server.close();
    }
}
