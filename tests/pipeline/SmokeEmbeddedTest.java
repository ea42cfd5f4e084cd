package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import embedded.EmbeddedTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import statemachine.FunctionError;
import statemachine.FunctionInvoker;

/**
 * The smoke pipeline end to end on the embedded target with real renders: the real handler artifact
 * in an isolated class loader, a real S3 server over HTTP, real ffmpeg. Failures are made real where
 * they can be (a tampered PlanHash reaches the real handler); the one retryable failure is injected in
 * front of the handler, because nothing in a healthy handler fails once and then succeeds.
 */
class SmokeEmbeddedTest {
    private static final String FIXTURE = "mp4-h264-sdr";
    private static final Path REPO = TestRepo.REPO;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private int smoke(Path root, List<Integer> chunkCounts, EmbeddedTarget.InvokerDecorator decorator) {
        return smoke(root, chunkCounts, decorator, "x86_64");
    }

    private int smoke(Path root, List<Integer> chunkCounts, EmbeddedTarget.InvokerDecorator decorator, String architecture) {
        Path artifacts = tmp.resolve("artifacts");
        var options = new Smoke.Options(FIXTURE, chunkCounts, null, 1, artifacts, false, Duration.ofMinutes(10), false);
        var target = new EmbeddedTarget("t" + System.nanoTime() % 100000, root.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), decorator).pricedAs(architecture);
        return new Smoke(options, root, target, console, "test").run(HandlerArtifactForTests::jar);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode results() throws IOException {
        return Json.MAPPER.readTree(tmp.resolve("artifacts/results.json").toFile());
    }

    @Test
    void baselineWithOneFrameDroppedFailsTheVideoGateNamingTheFrames() throws Exception {
        Path root = new TestRepo(tmp.resolve("repo")).with(FIXTURE).spoilBaseline(FIXTURE, List.of(
                "-vf", "select='not(eq(n\\,30))',setpts=N/FRAME_RATE/TB", "-c:v", "libx264", "-threads", "1",
                "-pix_fmt", "yuv420p", "-c:a", "copy")).root();
        int exit = smoke(root, List.of(2), null);
        assertEquals(ExitCode.VIDEO_GATE, exit, stderr());
        // The baseline lost frame 30, so the output shows it as an extra frame, and the frames after it one late.
        assertTrue(stderr().contains("error: N=2: video gate (exit 5): frame alignment failed at frame 30: "), stderr());
        assertTrue(stderr().contains("frames 30-88 shifted by one"), stderr());
        JsonNode row = results().get(0);
        assertEquals("fail", row.path("videoGate").asText());
        assertTrue(row.path("worstFrames").size() > 0);
        for (JsonNode f : row.path("worstFrames")) {
            assertTrue(f.asInt() <= 30, "frames 31-89 are explained by the shift: " + row.path("worstFrames"));
        }
    }

    @Test
    void baselineWhoseAudioDiffersFailsTheAudioGate() throws Exception {
        Path root = new TestRepo(tmp.resolve("repo")).with(FIXTURE).spoilBaseline(FIXTURE, TestRepo.otherAudio()).root();
        int exit = smoke(root, List.of(2), null);
        assertEquals(ExitCode.AUDIO_GATE, exit, stderr());
        JsonNode row = results().get(0);
        assertEquals("pass", row.path("videoGate").asText());
        assertEquals("DRIFT", row.path("audioStatus").asText());
    }

    @Test
    void aRenderThatFailsAfterAnotherStillGatesAndReportsThatOneAndExitsFour() throws Exception {
        Path root = new TestRepo(tmp.resolve("repo")).with(FIXTURE).spoilBaseline(FIXTURE, TestRepo.otherAudio()).root();
        // Only N=4 has a chunk 3: N=2 renders and is gated (after all renders), N=4 fails to render.
        int exit = smoke(root, List.of(2, 4), invoker -> event -> {
            try {
                ObjectNode e = (ObjectNode) Json.MAPPER.readTree(event);
                if ("renderChunk".equals(e.path("Action").asText()) && e.path("ChunkIndex").asInt() == 3) {
                    e.put("PlanHash", "0000000000000000000000000000000000000000000000000000000000000000");
                }
                return invoker.invoke(e.toString());
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertEquals(ExitCode.RENDER_FAILED, exit, "a render failure outranks a gate failure found before it: " + stderr());
        // The first failure's line is stderr's one line, as when each chunk count was gated before the next rendered.
        assertTrue(stderr().startsWith("error: N=2: audio gate (exit 6): "), stderr());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("error: smoke-N4-test FAILED: PLAN_HASH_MISMATCH"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, results().size(), results().toString());
        assertEquals(2, results().get(0).path("chunkCount").asInt());
        assertEquals("fail", results().get(0).path("audioGate").asText());
    }

    @Test
    void nonRetryableHandlerErrorOnChunkOneFailsAtOnceWithTheErrorNameAndTheHistorySaved() throws Exception {
        AtomicInteger chunkOneCalls = new AtomicInteger();
        int exit = smoke(REPO, List.of(2), invoker -> event -> {
            try {
                ObjectNode e = (ObjectNode) Json.MAPPER.readTree(event);
                if ("renderChunk".equals(e.path("Action").asText()) && e.path("ChunkIndex").asInt() == 1) {
                    chunkOneCalls.incrementAndGet();
                    e.put("PlanHash", "0000000000000000000000000000000000000000000000000000000000000000");
                }
                return invoker.invoke(e.toString());
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertEquals(ExitCode.RENDER_FAILED, exit, stderr());
        assertTrue(stderr().contains("PLAN_HASH_MISMATCH"), stderr());
        assertEquals(1, chunkOneCalls.get(), "a non-retryable error must not be retried");
        JsonNode history = Json.MAPPER.readTree(tmp.resolve("artifacts/renders/N2-history.json").toFile());
        assertTrue(history.toString().contains("PLAN_HASH_MISMATCH"));
        assertTrue(Files.exists(tmp.resolve("artifacts/renders/N2-execution.json")));
    }

    @Test
    void retryableFailureThatSucceedsOnTheSecondAttemptPassesWithTheRetryInTheHistory() throws Exception {
        var attempts = new ConcurrentHashMap<Integer, AtomicInteger>();
        int exit = smoke(REPO, List.of(2), invoker -> (FunctionInvoker) event -> {
            JsonNode e;
            try {
                e = Json.MAPPER.readTree(event);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            if ("renderChunk".equals(e.path("Action").asText())
                    && attempts.computeIfAbsent(e.path("ChunkIndex").asInt(), k -> new AtomicInteger()).incrementAndGet() == 1
                    && e.path("ChunkIndex").asInt() == 0) {
                throw new FunctionError("RENDER_FAILED", "injected transient failure");
            }
            return invoker.invoke(event);
        }, "arm64");
        assertEquals(ExitCode.OK, exit, stderr());
        JsonNode row = results().get(0);
        assertEquals(1, row.path("retries").asInt());
        JsonNode basis = row.path("costBasis");
        assertEquals("arm64", basis.path("architecture").asText(), basis.toString());
        assertEquals(0.0000133334, basis.path("lambdaUsdPerGbSecond").asDouble());
        double expected = basis.path("lambdaGbSeconds").asDouble() * 0.0000133334 + basis.path("invocations").asInt() * 0.0000002
                + basis.path("stateTransitions").asInt() * 0.000025;
        assertEquals(expected, row.path("estimatedCostUsd").asDouble(), 1.1e-6, "priced at arm64: " + row);
        String history = Files.readString(tmp.resolve("artifacts/renders/N2-history.json"));
        assertTrue(history.contains("TaskFailed") && history.contains("injected transient failure"));
        assertFalse(Files.exists(tmp.resolve("artifacts/renders/N2-execution.json")));
        JsonNode cleanup = Json.MAPPER.readTree(tmp.resolve("artifacts/cleanup-verification.json").toFile());
        assertEquals(0, cleanup.path("leftBehind").size(), cleanup.toString());
    }
}
