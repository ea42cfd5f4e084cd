package local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import statemachine.FunctionError;

/**
 * The invoke client against a stand-in server on loopback that speaks the RIE invoke API: results pass
 * through untouched, the runtime's error document becomes FunctionError(errorType, errorMessage), and a
 * dropped or refused connection becomes the retryable Lambda.ServiceException.
 */
class RieInvokerTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering every invoke with this status and body (headers optional). */
    private URI serve(int status, String body, String functionErrorHeader) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try {
                String in = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                        + ex.getRequestHeaders().getFirst("Content-Type") + " " + in);
                if (functionErrorHeader != null) {
                    ex.getResponseHeaders().add("X-Amz-Function-Error", functionErrorHeader);
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(out);
                    }
                }
            } finally {
                ex.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static RieInvoker invoker(URI endpoint) {
        return new RieInvoker(RieInvoker.newClient(), endpoint, Duration.ofSeconds(30));
    }

    @Test
    void postsTheEventToTheInvokePathAndReturnsTheResult() throws Exception {
        String result = "{\"ChunkS3Uri\":\"s3://b/c/0001.mp4\",\"ChunkIndex\":1,\"Sha256\":\"ab\",\"FramesEncoded\":10}";
        URI endpoint = serve(200, result, null);
        String event = "{\"Action\":\"renderChunk\",\"ChunkIndex\":1}";
        assertEquals(result, invoker(endpoint).invoke(event));
        assertEquals(List.of("POST /2015-03-31/functions/function/invocations application/json " + event), requests);
    }

    @Test
    void functionErrorDocumentBecomesFunctionErrorWithItsType() throws Exception {
        URI endpoint = serve(200, "{\"errorType\":\"PLAN_HASH_MISMATCH\",\"errorMessage\":\"plan hash abc != def\","
                + "\"stackTrace\":[\"RenderChunkAction.verify(RenderChunkAction.java:40)\"]}", null);
        FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{}"));
        assertEquals("PLAN_HASH_MISMATCH", e.errorType());
        assertEquals("plan hash abc != def", e.getMessage());
    }

    @Test
    void runtimeFailureAnswered502KeepsItsErrorType() throws Exception {
        URI endpoint = serve(502, "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 1 Error: Runtime "
                + "exited with error: signal: killed\"}", null);
        FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{}"));
        assertEquals("Runtime.ExitError", e.errorType());
        assertTrue(e.getMessage().contains("signal: killed"), e.getMessage());
    }

    @Test
    void functionTimeoutBecomesSandboxTimedout() throws Exception {
        URI endpoint = serve(200, "Task timed out after 900.00 seconds", null);
        FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{}"));
        assertEquals(RieInvoker.TIMED_OUT, e.errorType());
    }

    @Test
    void httpErrorWithoutErrorDocumentIsAServiceException() throws Exception {
        URI endpoint = serve(500, "", null);
        FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{}"));
        assertEquals(RieInvoker.SERVICE_EXCEPTION, e.errorType());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void functionErrorHeaderMarksAnErrorToo() throws Exception {
        URI endpoint = serve(200, "{\"errorType\":\"RENDER_FAILED\",\"errorMessage\":\"ffmpeg exited 1\",\"extra\":1}",
                "Unhandled");
        FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{}"));
        assertEquals("RENDER_FAILED", e.errorType());
    }

    @Test
    void aResultThatMerelyHasAnErrorTypeFieldIsStillAResult() throws Exception {
        String result = "{\"errorType\":\"not an error\",\"ChunkIndex\":3}";
        URI endpoint = serve(200, result, null);
        assertEquals(result, invoker(endpoint).invoke("{}"));
    }

    @Test
    void droppedConnectionIsARetryableServiceException() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = s.accept(); InputStream in = c.getInputStream()) {
                    in.read(new byte[4096]); // read the start of the request, then hang up without answering
                } catch (IOException ignored) {
                    // the test only needs the hang-up
                }
            }, "hang-up-server");
            t.setDaemon(true);
            t.start();
            URI endpoint = URI.create("http://127.0.0.1:" + s.getLocalPort());
            FunctionError e = assertThrows(FunctionError.class, () -> invoker(endpoint).invoke("{\"Action\":\"plan\"}"));
            assertEquals(RieInvoker.SERVICE_EXCEPTION, e.errorType());
            assertTrue(e.getMessage().contains(RieInvoker.INVOKE_PATH), e.getMessage());
            t.join(10_000);
        }
    }

    @Test
    void nothingListeningIsARetryableServiceException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        FunctionError e = assertThrows(FunctionError.class,
                () -> invoker(URI.create("http://127.0.0.1:" + port)).invoke("{}"));
        assertEquals(RieInvoker.SERVICE_EXCEPTION, e.errorType());
    }

    @Test
    void interpretTreatsA200ErrorDocumentAsError() {
        FunctionError e = assertThrows(FunctionError.class, () -> RieInvoker.interpret(200,
                "{\"errorType\":\"S3_URI_NOT_ALLOWED\",\"errorMessage\":\"outside\"}", Optional.empty()));
        assertEquals("S3_URI_NOT_ALLOWED", e.errorType());
    }

    @Test
    void reportLineGivesTheInitDurationOnlyForColdStarts() {
        String cold = "REPORT RequestId: 6f2d3c1e-1b7a-4bd4-9c55-0d8b2f8f9a11\tInit Duration: 812.34 ms\tDuration: 2034.51 ms\t"
                + "Billed Duration: 2035 ms\tMemory Size: 10240 MB\tMax Memory Used: 10240 MB\t";
        String warm = "REPORT RequestId: 7a0d\tDuration: 15.02 ms\tBilled Duration: 16 ms\tMemory Size: 10240 MB\t"
                + "Max Memory Used: 10240 MB\t";
        assertEquals(OptionalDouble.of(812.34), ReportLine.initDurationMs(cold));
        assertEquals(OptionalDouble.empty(), ReportLine.initDurationMs(warm));
        assertTrue(ReportLine.isReport(warm));
        assertEquals(OptionalDouble.empty(), ReportLine.initDurationMs("{\"event\":\"handler_start\",\"Init Duration: 5 ms\"}"));
        assertEquals(OptionalDouble.empty(), ReportLine.initDurationMs("START RequestId: 1 Version: $LATEST"));
    }
}
