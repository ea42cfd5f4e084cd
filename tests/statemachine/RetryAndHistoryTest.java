package statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import json.Json;
import org.junit.jupiter.api.Test;

/**
 * Each rule of retry and error handling on its own, on small definitions written for the rule (the
 * template's own behaviour is LocalExecutionTest's), and the history reader on a history recorded
 * with a clock the test controls, so every field it derives is checked against known numbers.
 */
class RetryAndHistoryTest {
    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One Task state with the given Retry list (and optional execution timeout). */
    private static JsonNode oneTask(String retry, String timeout) {
        return json("{" + timeout + "'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:x',"
                + "'Parameters':{'Action':'renderChunk','ChunkIndex':3},'Retry':" + retry + ",'End':true}}}");
    }

    /** A function failing with the listed error types in turn, then answering {"ok":true}. */
    private static final class Failing implements FunctionInvoker {
        final List<String> errors;
        final AtomicInteger calls = new AtomicInteger();
        Runnable onFailure = () -> { };

        Failing(String... errors) {
            this.errors = List.of(errors);
        }

        @Override
        public String invoke(String eventJson) throws FunctionError {
            int n = calls.getAndIncrement();
            if (n < errors.size()) {
                onFailure.run();
                throw new FunctionError(errors.get(n), "failure " + (n + 1));
            }
            return "{\"ok\":true}";
        }
    }

    private static LocalExecution.Outcome run(JsonNode definition, FunctionInvoker fn, List<Long> sleeps) {
        return new LocalExecution(definition, "arn:local:exec", List.of(fn), e -> { }, sleeps::add).run(json("{}"));
    }

    @Test
    void aRuleRetriesExactlyMaxAttemptsTimesWithItsBackoff() {
        Failing fn = new Failing("X", "X", "X", "X");
        List<Long> sleeps = new ArrayList<>();
        var outcome = run(oneTask("[{'ErrorEquals':['X'],'IntervalSeconds':1,'MaxAttempts':2,'BackoffRate':3}]", ""), fn, sleeps);
        assertEquals("FAILED", outcome.status());
        assertFalse(outcome.succeeded());
        assertEquals("X", outcome.error());
        assertEquals(3, fn.calls.get(), "one attempt and two retries");
        assertEquals(List.of(1000L, 3000L), sleeps);

        Failing twice = new Failing("X", "X");
        var ok = run(oneTask("[{'ErrorEquals':['X'],'IntervalSeconds':1,'MaxAttempts':2,'BackoffRate':3}]", ""), twice, new ArrayList<>());
        assertTrue(ok.succeeded(), ok.cause());
        assertEquals("SUCCEEDED", ok.status());
        assertEquals(true, ok.output().path("ok").asBoolean());
    }

    @Test
    void anErrorNoRuleMatchesFailsAtOnce() {
        Failing fn = new Failing("Y");
        List<Long> sleeps = new ArrayList<>();
        var outcome = run(oneTask("[{'ErrorEquals':['X'],'MaxAttempts':5},{'ErrorEquals':['Z'],'MaxAttempts':5}]", ""), fn, sleeps);
        assertEquals("FAILED", outcome.status());
        assertEquals("Y", outcome.error());
        assertTrue(outcome.cause().contains("failure 1"), outcome.cause());
        assertEquals(1, fn.calls.get());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void eachRuleCountsItsOwnRetriesAndTheFirstMatchingRuleWins() {
        // A matches both rules: only the first counts it. After one retry of A and one of B, A fails.
        Failing fn = new Failing("A", "B", "A");
        List<Long> sleeps = new ArrayList<>();
        var outcome = run(oneTask("[{'ErrorEquals':['A'],'MaxAttempts':1,'IntervalSeconds':1},"
                + "{'ErrorEquals':['States.ALL'],'MaxAttempts':1,'IntervalSeconds':7}]", ""), fn, sleeps);
        assertEquals("A", outcome.error());
        assertEquals(3, fn.calls.get());
        assertEquals(List.of(1000L, 7000L), sleeps);
    }

    @Test
    void aRetryThatWouldOutliveTheExecutionTimeoutEndsItTimedOut() {
        Failing fn = new Failing("X");
        List<Long> sleeps = new ArrayList<>();
        var outcome = run(oneTask("[{'ErrorEquals':['X'],'IntervalSeconds':30,'MaxAttempts':3}]", "'TimeoutSeconds':20,"), fn, sleeps);
        assertEquals("TIMED_OUT", outcome.status());
        assertEquals("States.Timeout", outcome.error());
        assertEquals(List.of(), sleeps, "it must not wait past the deadline");
        assertEquals("ExecutionTimedOut", lastType(outcome.history()));

        var within = run(oneTask("[{'ErrorEquals':['X'],'IntervalSeconds':1,'MaxAttempts':3}]", "'TimeoutSeconds':20,"),
                new Failing("X"), sleeps);
        assertTrue(within.succeeded(), within.cause());
        assertEquals(List.of(1000L), sleeps);
    }

    @Test
    void anAbortBeforeTheRunOrBetweenRetriesStopsBeforeTheNextInvocation() {
        Failing fn = new Failing();
        var exec = new LocalExecution(oneTask("[]", ""), "arn:local:exec", List.of(fn), e -> { }, s -> { });
        exec.abort();
        var outcome = exec.run(json("{}"));
        assertEquals("ABORTED", outcome.status());
        assertEquals("States.Aborted", outcome.error());
        assertEquals(0, fn.calls.get());
        assertEquals("ExecutionAborted", lastType(outcome.history()));

        assertFalse(types(outcome.history()).contains("TaskStateEntered"), "no state entered after the abort");

        Failing retried = new Failing("X", "X");
        var between = new LocalExecution(oneTask("[{'ErrorEquals':['X'],'MaxAttempts':3}]", ""), "arn:local:exec",
                List.of(retried), e -> { }, s -> { });
        retried.onFailure = between::abort;
        assertEquals("ABORTED", between.run(json("{}")).status());
        assertEquals(1, retried.calls.get(), "no retry after the abort");
    }

    @Test
    void anInterruptEndsTheRunAbortedAndKeepsTheThreadsInterruptFlag() {
        Failing idle = new Failing();
        Thread.currentThread().interrupt();
        var waitingForAnInvoker = run(oneTask("[]", ""), idle, new ArrayList<>());
        assertTrue(Thread.interrupted(), "the interrupt flag was swallowed while waiting for an invoker");
        assertEquals("ABORTED", waitingForAnInvoker.status());
        assertEquals(0, idle.calls.get());

        var exec = new LocalExecution(oneTask("[{'ErrorEquals':['X'],'MaxAttempts':3}]", ""), "arn:local:exec",
                List.of(new Failing("X")), e -> { }, millis -> {
                    throw new InterruptedException("interrupted while waiting to retry");
                });
        var waitingToRetry = exec.run(json("{}"));
        assertTrue(Thread.interrupted(), "the interrupt flag was swallowed while waiting to retry");
        assertEquals("ABORTED", waitingToRetry.status());
        assertEquals(waitingToRetry.history(), exec.history());

        // The item blocks until the Map shuts its pool down, so it cannot finish before the Map waits for it.
        FunctionInvoker blocksUntilInterrupted = event -> {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new FunctionError("Interrupted", "the Map's pool was shut down");
        };
        Thread.currentThread().interrupt();
        var waitingForTheMap = new LocalExecution(MAP, "arn:local:exec", List.of(blocksUntilInterrupted), e -> { }, s -> { })
                .run(json("{'items':[1,2],'parallel':1}"));
        assertTrue(Thread.interrupted(), "the interrupt flag was swallowed while waiting for the Map");
        assertEquals("ABORTED", waitingForTheMap.status());
    }

    /** A Map over $.items, its concurrency from $.parallel, one Task per item answering {"r": item x 10}. */
    private static final JsonNode MAP = json("{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items',"
            + "'MaxConcurrencyPath':'$.parallel','ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task',"
            + "'Resource':'arn:aws:lambda:x','Parameters':{'i.$':'$'},'End':true}}},'End':true}}}");

    /** Answers {"r": i x 10}, failing item {@code failing} with error F; notes which threads called it. */
    private static final class Items implements FunctionInvoker {
        final java.util.Set<Long> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final int failing;

        Items(int failing) {
            this.failing = failing;
        }

        @Override
        public String invoke(String eventJson) throws FunctionError {
            calls.incrementAndGet();
            threads.add(Thread.currentThread().getId());
            int i = json(eventJson).path("i").asInt();
            if (i == failing) {
                throw new FunctionError("F", "item " + i + " failed");
            }
            return "{\"r\":" + (i * 10) + "}";
        }
    }

    /**
     * Map concurrency is min(declared, invokers), or the invokers when 0 is declared. A fixed pool
     * starts one thread per submitted item until it is full, so the threads that called the function
     * are exactly the concurrency the Map used.
     */
    @Test
    void theMapRunsItemsWithTheDeclaredConcurrencyAndCollectsTheirResultsInOrder() {
        for (int[] c : new int[][] {{1, 3, 1}, {0, 3, 3}, {5, 2, 2}, {2, 3, 2}}) {
            Items fn = new Items(-1);
            List<FunctionInvoker> pool = java.util.Collections.nCopies(c[1], fn);
            var outcome = new LocalExecution(MAP, "arn:local:exec", pool, e -> { }, s -> { })
                    .run(json("{'items':[0,1,2,3],'parallel':" + c[0] + "}"));
            assertTrue(outcome.succeeded(), outcome.cause());
            assertEquals(json("[{'r':0},{'r':10},{'r':20},{'r':30}]"), outcome.output());
            assertEquals(c[2], fn.threads.size(), "threads for MaxConcurrency " + c[0] + " and " + c[1] + " invokers");
        }
    }

    @Test
    void aFailedIterationStopsTheItemsNotYetStartedAndItsErrorEndsTheRun() {
        Items fn = new Items(0);
        var outcome = new LocalExecution(MAP, "arn:local:exec", List.of(fn), e -> { }, s -> { })
                .run(json("{'items':[0,1,2],'parallel':1}"));
        assertEquals("FAILED", outcome.status());
        assertEquals("F", outcome.error());
        assertEquals(1, fn.calls.get(), "items after the failed one were still invoked");
        List<String> t = types(outcome.history());
        assertEquals(1, java.util.Collections.frequency(t, "MapIterationStarted"), "only the failed item started");
        assertTrue(t.contains("MapStateFailed"));
    }

    @Test
    void retryRulesTakeStepFunctionsDefaultsAndCapTheDelay() {
        assertEquals(List.of(), RetryRule.listOf(null));
        List<RetryRule> rules = RetryRule.listOf(json("[{'ErrorEquals':['A','B']},"
                + "{'ErrorEquals':['States.ALL'],'IntervalSeconds':0.5,'MaxAttempts':0,'BackoffRate':1.5,'MaxDelaySeconds':1}]"));
        assertEquals(new RetryRule(List.of("A", "B"), 1, 3, 2.0, null), rules.get(0));
        assertEquals(new RetryRule(List.of("States.ALL"), 0.5, 0, 1.5, 1.0), rules.get(1));
        assertEquals(1000, rules.get(0).delayMillis(1));
        assertEquals(4000, rules.get(0).delayMillis(3), "uncapped: 1 s x 2^2");
        assertEquals(750, rules.get(1).delayMillis(2));
        assertEquals(1000, rules.get(1).delayMillis(3), "0.5 s x 1.5^2 = 1.125 s, capped at 1 s");

        assertTrue(rules.get(0).matches("B"));
        assertFalse(rules.get(0).matches("C"));
        assertTrue(rules.get(1).matches("ANYTHING"));
        assertFalse(rules.get(1).matches("States.Runtime"), "States.ALL does not match States.Runtime");
        RetryRule taskFailed = new RetryRule(List.of("States.TaskFailed"), 1, 1, 1, null);
        assertTrue(taskFailed.matches("RENDER_FAILED"));
        assertFalse(taskFailed.matches("States.Runtime"));
        assertTrue(new RetryRule(List.of("States.Runtime"), 1, 1, 1, null).matches("States.Runtime"));
    }

    @Test
    void theRecorderNumbersEventsLinksThemAndStampsThemInSeconds() {
        AtomicLong clock = new AtomicLong(1_500);
        List<JsonNode> heard = new ArrayList<>();
        HistoryRecorder r = new HistoryRecorder(clock::get, heard::add);
        long first = r.add("ExecutionStarted", 0, "executionStartedEventDetails", HistoryRecorder.details());
        clock.set(2_250);
        long second = r.add("PassStateEntered", first, null, null);
        assertEquals(1, first);
        assertEquals(2, second);
        JsonNode events = r.toJson().get("events");
        assertEquals(1.5, events.get(0).path("timestamp").asDouble());
        assertEquals(2.25, events.get(1).path("timestamp").asDouble());
        assertEquals(1, events.get(1).path("previousEventId").asLong());
        assertTrue(events.get(0).has("executionStartedEventDetails"));
        assertEquals(2, heard.size());
        assertEquals("PassStateEntered", heard.get(1).path("type").asText());
    }

    /**
     * A history as Step Functions would record it, at known times: plan succeeds, chunk 0 fails once
     * and then succeeds, chunk 1 succeeds, chunk 2 times out, and the execution fails.
     */
    private static ObjectNode recordedHistory() {
        AtomicLong clock = new AtomicLong(10_000);
        HistoryRecorder r = new HistoryRecorder(() -> clock.getAndAdd(100), e -> { });
        long prev = r.add("ExecutionStarted", 0, "executionStartedEventDetails", HistoryRecorder.details());
        prev = r.add("TaskStateEntered", prev, null, null);
        prev = task(r, prev, "{'Action':'plan'}", "TaskSucceeded", "{'Payload':{'DurationMs':40}}");
        ObjectNode len = HistoryRecorder.details();
        len.put("length", 3);
        long map = r.add("MapStateStarted", prev, "mapStateStartedEventDetails", len);
        long it = r.add("TaskStateEntered", map, null, null);
        it = task(r, it, "{'Action':'renderChunk','ChunkIndex':0}", "TaskFailed", "{'errorType':'RENDER_FAILED','errorMessage':'transient'}");
        it = task(r, it, "{'Action':'renderChunk','ChunkIndex':0}", "TaskSucceeded", "{'Payload':{'DurationMs':70,'FramesEncoded':10}}");
        r.add("MapIterationSucceeded", it, null, null);
        it = r.add("TaskStateEntered", map, null, null);
        it = task(r, it, "{'Action':'renderChunk','ChunkIndex':1}", "TaskSucceeded", "{'Payload':{'DurationMs':80,'FramesEncoded':12}}");
        r.add("MapIterationSucceeded", it, null, null);
        it = r.add("TaskStateEntered", map, null, null);
        it = task(r, it, "{'Action':'renderChunk','ChunkIndex':2}", "TaskTimedOut", "{'errorMessage':'Task timed out after 900 seconds'}");
        r.add("MapIterationFailed", it, null, null);
        ObjectNode failed = HistoryRecorder.details();
        failed.put("error", "States.Timeout");
        failed.put("cause", "chunk 2 timed out");
        r.add("ExecutionFailed", it, "executionFailedEventDetails", failed);
        return r.toJson();
    }

    /** Scheduled, started and ended events of one attempt; returns the ending event's id. */
    private static long task(HistoryRecorder r, long prev, String payload, String end, String outputOrCause) {
        ObjectNode scheduled = HistoryRecorder.details();
        scheduled.put("parameters", "{\"Payload\":" + payload.replace('\'', '"') + "}");
        long id = r.add("TaskScheduled", prev, "taskScheduledEventDetails", scheduled);
        id = r.add("TaskStarted", id, "taskStartedEventDetails", HistoryRecorder.details());
        ObjectNode d = HistoryRecorder.details();
        String text = outputOrCause.replace('\'', '"');
        switch (end) {
            case "TaskSucceeded" -> d.put("output", text);
            case "TaskFailed" -> {
                d.put("error", "RENDER_FAILED");
                d.put("cause", text);
            }
            default -> {
                d.put("error", "States.Timeout");
                d.put("cause", text);
            }
        }
        String field = Character.toLowerCase(end.charAt(0)) + end.substring(1) + "EventDetails";
        return r.add(end, id, field, d);
    }

    @Test
    void theHistoryReaderDerivesEveryAttemptAndTotalFromTheEvents() {
        HistoryAnalysis a = HistoryAnalysis.of(recordedHistory());
        List<HistoryAnalysis.TaskAttempt> t = a.attempts();
        assertEquals(5, t.size());
        assertEquals(5, a.invocations());
        assertEquals(new HistoryAnalysis.TaskAttempt("plan", null, 10_200, 10_300, 10_400, true, null, null, 40L, null), t.get(0));
        assertEquals(new HistoryAnalysis.TaskAttempt("renderChunk", 0, 10_700, 10_800, 10_900, false, "RENDER_FAILED",
                "transient", null, null), t.get(1));
        assertEquals(new HistoryAnalysis.TaskAttempt("renderChunk", 0, 11_000, 11_100, 11_200, true, null, null, 70L, 10), t.get(2));
        HistoryAnalysis.TaskAttempt timedOut = t.get(4);
        assertEquals(2, timedOut.chunkIndex());
        assertFalse(timedOut.succeeded());
        assertEquals("States.Timeout", timedOut.error());
        assertEquals("Task timed out after 900 seconds", timedOut.cause());
        assertEquals(100, timedOut.wallMillis());

        assertEquals(3, a.mapLength());
        assertEquals(2, a.iterationsSucceeded());
        assertEquals(1, a.iterationsFailed());
        assertEquals(4, a.transitions());
        assertEquals(2, a.retries(), "the failed and the timed-out attempt");
        assertEquals(List.of(0, 10), a.chunkStartFrames());
        assertEquals(40 + 100 + 70 + 80 + 100, a.billedHandlerMillis(), "handler durations, wall time where none");
        assertEquals(2_400, a.spanMillis(), "25 events, 100 ms apart");
        assertEquals(new HistoryAnalysis.Failure("States.Timeout", "Task timed out after 900 seconds"), a.failure(),
                "the task failure with the execution's error, not the earlier retried one");
    }

    @Test
    void theDecisiveFailureTakesTheFailedTasksCauseOverTheExecutionsSummary() {
        HistoryRecorder r = new HistoryRecorder(() -> 0, e -> { });
        long prev = r.add("ExecutionStarted", 0, "executionStartedEventDetails", HistoryRecorder.details());
        prev = task(r, prev, "{'Action':'renderChunk','ChunkIndex':4}", "TaskFailed", "{'errorMessage':'disk full'}");
        ObjectNode failed = HistoryRecorder.details();
        failed.put("error", "RENDER_FAILED");
        failed.put("cause", "An error occurred while executing the state 'RenderChunks'");
        r.add("ExecutionFailed", prev, "executionFailedEventDetails", failed);
        assertEquals(new HistoryAnalysis.Failure("RENDER_FAILED", "disk full"), HistoryAnalysis.of(r.toJson()).failure());
    }

    @Test
    void theHistoryReaderHandlesAnEmptyHistoryIsoTimesAndARunThatDidNotFail() {
        HistoryAnalysis empty = HistoryAnalysis.of(json("{'events':[]}"));
        assertEquals(0, empty.spanMillis());
        assertEquals(-1, empty.mapLength());
        assertNull(empty.failure());
        assertEquals(List.of(), empty.attempts());

        HistoryAnalysis iso = HistoryAnalysis.of(json("[{'id':1,'type':'ExecutionStarted','timestamp':'2026-01-01T00:00:01.250Z'},"
                + "{'id':2,'previousEventId':1,'type':'ExecutionFailed','timestamp':'2026-01-01T00:00:03Z',"
                + "'executionFailedEventDetails':{'error':'E','cause':'plain text cause'}}]"));
        assertEquals(1_750, iso.spanMillis());
        assertEquals(new HistoryAnalysis.Failure("E", "plain text cause"), iso.failure());

        HistoryAnalysis orphan = HistoryAnalysis.of(json("[{'id':5,'previousEventId':4,'type':'TaskSucceeded','timestamp':7,"
                + "'taskSucceededEventDetails':{'output':'{\\\"DurationMs\\\":3}'}}]"));
        HistoryAnalysis.TaskAttempt only = orphan.attempts().get(0);
        assertEquals("unknown", only.action());
        assertEquals(7_000, only.scheduledMillis());
        assertEquals(7_000, only.startedMillis());
        assertEquals(3L, only.handlerDurationMs());
        assertNull(orphan.failure());
    }

    private static List<String> types(JsonNode history) {
        List<String> t = new ArrayList<>();
        history.path("events").forEach(e -> t.add(e.path("type").asText()));
        return t;
    }

    private static String lastType(JsonNode history) {
        JsonNode events = history.get("events");
        return events.get(events.size() - 1).path("type").asText();
    }
}
