package stack;

import com.fasterxml.jackson.databind.JsonNode;
import embedded.EmbeddedS3Server;
import embedded.IsolatedHandlerInvoker;
import handler.HandlerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import media.Ffmpeg;
import pipeline.HandlerArtifactForTests;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;
import statemachine.FunctionError;

/**
 * The built handler artifact (the jar Lambda runs), loaded in isolation as --embedded loads it and wired
 * to an in-process S3 server; driven the way Lambda drives it: JSON in, JSON out or an error type.
 * Going through the artifact means a defence that exists only in the harness's classpath, or a class
 * missing from the jar, cannot make a hostile-input test pass.
 */
final class HandlerHarness implements AutoCloseable {
    static final String BUCKET = "renders";
    static final String OTHER_BUCKET = "someone-elses";

    /** A failed invocation as the Lambda runtime reports it: the error type and message. */
    static final class InvocationFailed extends RuntimeException {
        final String errorType;

        InvocationFailed(FunctionError e) {
            super(e.getMessage());
            this.errorType = e.errorType();
        }
    }

    final EmbeddedS3Server server;
    final S3Client s3;
    final Path workRoot;
    private final URLClassLoader artifact;
    private final IsolatedHandlerInvoker handler;
    /** The function log's lines (handler_start, handler_end with its phases, handler_error), in order. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    HandlerHarness(Path workRoot, long maxArchiveBytes) {
        this(workRoot, maxArchiveBytes, Map.of());
    }

    /** {@code extraEnv}: more handler environment, e.g. the test-only fault hook. */
    HandlerHarness(Path workRoot, long maxArchiveBytes, Map<String, String> extraEnv) {
        this.workRoot = workRoot;
        this.server = EmbeddedS3Server.startInMemory();
        server.createBucket(BUCKET);
        server.createBucket(OTHER_BUCKET);
        Map<String, String> env = new HashMap<>(server.clientEnvironment());
        env.put(HandlerConfig.RENDER_BUCKET, BUCKET);
        env.put(HandlerConfig.WORK_ROOT, workRoot.toString());
        env.put(HandlerConfig.MAX_ARCHIVE_BYTES, Long.toString(maxArchiveBytes));
        env.put("FFMPEG_DIR", Ffmpeg.cacheDir().toString());
        env.putAll(extraEnv);
        this.s3 = S3Clients.fromEnvironment(env);
        this.artifact = IsolatedHandlerInvoker.load(HandlerArtifactForTests.jar());
        this.handler = IsolatedHandlerInvoker.create(artifact, env, 1024, log::add);
    }

    /** The handler's result; a failed invocation throws {@link InvocationFailed}. */
    JsonNode invoke(Object event) {
        try {
            return json.Json.MAPPER.readTree(handler.invoke(json.Json.MAPPER.writeValueAsString(event)));
        } catch (FunctionError e) {
            throw new InvocationFailed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Lambda error type the invocation failed with; an invocation that succeeds fails the test. */
    String errorType(Object event) {
        try {
            invoke(event);
        } catch (InvocationFailed e) {
            return e.errorType;
        }
        throw new AssertionError("the invocation succeeded: " + event);
    }

    /** The phases (step name to milliseconds) the last successful invocation logged with handler_end. */
    JsonNode lastPhases() {
        synchronized (log) {
            for (int i = log.size() - 1; i >= 0; i--) {
                try {
                    JsonNode line = json.Json.MAPPER.readTree(log.get(i));
                    if (line.path("event").asText().equals("handler_end")) {
                        return line.path("phases");
                    }
                } catch (IOException notJson) {
                    // only the handler's JSON lines are of interest
                }
            }
        }
        throw new AssertionError("no handler_end in the function log: " + log);
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
        try {
            artifact.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
