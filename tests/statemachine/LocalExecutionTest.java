package statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import json.Json;
import org.junit.jupiter.api.Test;

/**
 * The interpreter over the real stack/template.yaml definition, with a scripted function in place of
 * the handler (these tests are about the state machine's semantics; the handler runs for real in the
 * pipeline tests).
 */
class LocalExecutionTest {
    private static final JsonNode DEFINITION = TemplateStateMachine.definition(Path.of("stack/template.yaml"));

    /** A function that answers the contract's three actions and can fail chosen calls. */
    private static final class ScriptedFunction implements FunctionInvoker {
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, AtomicInteger> chunkAttempts = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final int chunkCount;
        final int failingChunk;
        final String failure;
        final int failTimes;

        ScriptedFunction(int chunkCount, int failingChunk, String failure, int failTimes) {
            this.chunkCount = chunkCount;
            this.failingChunk = failingChunk;
            this.failure = failure;
            this.failTimes = failTimes;
        }

        @Override
        public String invoke(String eventJson) throws FunctionError {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                JsonNode e = Json.MAPPER.readTree(eventJson);
                String action = e.path("Action").asText();
                actions.add(action);
                ObjectNode out = Json.MAPPER.createObjectNode();
                switch (action) {
                    case "plan" -> {
                        out.put("PlanS3Uri", "s3://b/plan.json").put("PlanHash", "h").put("ChunkCount", chunkCount)
                                .put("TotalFrames", 60).put("Fps", 30).put("Width", 64).put("Height", 36)
                                .put("Format", "mp4").put("HasAudio", false).putNull("AudioS3Uri");
                        out.put("DurationMs", 5);
                    }
                    case "renderChunk" -> {
                        int i = e.path("ChunkIndex").asInt();
                        int attempt = chunkAttempts.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                        if (i == failingChunk && attempt <= failTimes) {
                            throw new FunctionError(failure, "injected failure on chunk " + i);
                        }
                        out.put("ChunkS3Uri", "s3://b/chunks/" + i + ".mp4").put("ChunkIndex", i).put("Sha256", "x")
                                .put("FramesEncoded", 10).put("DurationMs", 7);
                    }
                    case "assemble" -> {
                        assertEquals(chunkCount, e.path("Chunks").size());
                        out.put("OutputS3Uri", e.path("OutputS3Uri").asText()).put("FramesEncoded", 60)
                                .put("FileSize", 123).put("DurationMs", 9);
                    }
                    default -> throw new FunctionError("INVALID_EVENT", "unknown action " + action);
                }
                return out.toString();
            } catch (java.io.IOException ex) {
                throw new FunctionError("INVALID_EVENT", ex.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static JsonNode input() throws Exception {
        return Json.MAPPER.readTree("{\"ProjectS3Uri\":\"s3://b/p.tar.gz\",\"PlanOutputS3Prefix\":\"s3://b/renders/r1\","
                + "\"OutputS3Uri\":\"s3://b/renders/r1/out.mp4\",\"Config\":{\"fps\":30}}");
    }

    private static List<String> types(JsonNode history) {
        List<String> t = new ArrayList<>();
        history.path("events").forEach(e -> t.add(e.path("type").asText()));
        return t;
    }

    @Test
    void runsPlanMapAssembleWithOneIterationPerChunkAndBoundedConcurrency() throws Exception {
        ScriptedFunction fn = new ScriptedFunction(4, -1, null, 0);
        List<Long> sleeps = new ArrayList<>();
        var exec = new LocalExecution(DEFINITION, "arn:local:exec", List.of(fn, fn), e -> {}, sleeps::add);
        var outcome = exec.run(input());
        assertTrue(outcome.succeeded(), outcome.error() + " " + outcome.cause());
        assertEquals(60, outcome.output().path("Assemble").path("FramesEncoded").asInt());
        List<String> t = types(outcome.history());
        assertEquals(4, Collections.frequency(t, "MapIterationSucceeded"));
        assertEquals(6, Collections.frequency(t, "TaskSucceeded"));
        assertEquals("ExecutionStarted", t.get(0));
        assertEquals("ExecutionSucceeded", t.get(t.size() - 1));
        assertTrue(fn.maxInFlight.get() <= 2, "pool of two invokers allowed " + fn.maxInFlight.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void nonRetryableErrorFailsAtOnceWithoutRetrying() throws Exception {
        ScriptedFunction fn = new ScriptedFunction(3, 1, "PLAN_HASH_MISMATCH", 99);
        List<Long> sleeps = new ArrayList<>();
        var outcome = new LocalExecution(DEFINITION, "arn:local:exec", List.of(fn), e -> {}, sleeps::add).run(input());
        assertEquals("FAILED", outcome.status());
        assertEquals("PLAN_HASH_MISMATCH", outcome.error());
        assertTrue(outcome.cause().contains("injected failure on chunk 1"), outcome.cause());
        assertEquals(1, fn.chunkAttempts.get(1).get());
        assertTrue(sleeps.isEmpty());
        assertTrue(!fn.actions.contains("assemble"));
    }

    @Test
    void retryableErrorIsRetriedWithTheTemplatesBackoff() throws Exception {
        ScriptedFunction fn = new ScriptedFunction(2, 0, "RENDER_FAILED", 2);
        List<Long> sleeps = new ArrayList<>();
        var outcome = new LocalExecution(DEFINITION, "arn:local:exec", List.of(fn), e -> {}, sleeps::add).run(input());
        assertTrue(outcome.succeeded(), outcome.cause());
        assertEquals(List.of(2000L, 4000L), sleeps);
        assertEquals(2, Collections.frequency(types(outcome.history()), "TaskFailed"));
    }

    @Test
    void retriesStopAfterMaxAttempts() throws Exception {
        ScriptedFunction fn = new ScriptedFunction(1, 0, "RENDER_FAILED", 99);
        List<Long> sleeps = new ArrayList<>();
        var outcome = new LocalExecution(DEFINITION, "arn:local:exec", List.of(fn), e -> {}, sleeps::add).run(input());
        assertEquals("FAILED", outcome.status());
        assertEquals(5, fn.chunkAttempts.get(0).get());
        assertEquals(List.of(2000L, 4000L, 8000L, 16000L), sleeps);
    }

    @Test
    void planWithNoChunksFailsWithPlanTooLarge() throws Exception {
        var outcome = new LocalExecution(DEFINITION, "arn:local:exec", List.of(new ScriptedFunction(0, -1, null, 0)),
                e -> {}, s -> {}).run(input());
        assertEquals("PLAN_TOO_LARGE", outcome.error());
    }

    @Test
    void theReportedFailureIsTheOneThatEndedTheExecutionNotAnEarlierRetriedOne() throws Exception {
        ScriptedFunction healthy = new ScriptedFunction(2, -1, null, 0);
        java.util.concurrent.atomic.AtomicBoolean transientDone = new java.util.concurrent.atomic.AtomicBoolean();
        FunctionInvoker fn = event -> {
            JsonNode e;
            try {
                e = Json.MAPPER.readTree(event);
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
            if ("renderChunk".equals(e.path("Action").asText())) {
                int i = e.path("ChunkIndex").asInt();
                if (i == 0 && transientDone.compareAndSet(false, true)) {
                    throw new FunctionError("RENDER_FAILED", "transient hiccup");
                }
                if (i == 1) {
                    throw new FunctionError("PLAN_HASH_MISMATCH", "chunk 1 saw another plan");
                }
            }
            return healthy.invoke(event);
        };
        var outcome = new LocalExecution(DEFINITION, "arn:local:exec", List.of(fn), e -> {}, s -> {}).run(input());
        assertEquals("FAILED", outcome.status());
        HistoryAnalysis.Failure f = HistoryAnalysis.of(outcome.history()).failure();
        assertEquals("PLAN_HASH_MISMATCH", f.error());
        assertEquals("chunk 1 saw another plan", f.cause());
        assertEquals(2, Collections.frequency(types(outcome.history()), "TaskSucceeded"), "plan and chunk 0's retry succeeded");
    }
}
