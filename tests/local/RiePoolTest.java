package local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import statemachine.FunctionInvoker;
import statemachine.HistoryAnalysis;
import statemachine.LocalExecution;
import statemachine.TemplateStateMachine;
import teardown.Teardown;

/**
 * The RIE pool under the real state machine (stack/template.yaml's definition run by
 * statemachine.LocalExecution), with stand-in HTTP servers speaking the RIE invoke API in place of
 * containers: N concurrent invocations never share an environment, a dead environment is replaced and
 * the invocation retried by the template's Retry policy, errors keep their names, cold starts are marked.
 */
class RiePoolTest {
    private static final JsonNode DEFINITION = TemplateStateMachine.definition(Path.of("stack/template.yaml"));

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Teardown teardown = new Teardown(log::add);
    private final List<StandInRie> created = new CopyOnWriteArrayList<>();
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        teardown.close();
        for (StandInRie r : created) {
            assertTrue(r.closed(), r.name() + " was not stopped by teardown");
        }
    }

    /** A factory that makes stand-ins and registers each in teardown as it appears, like LocalTarget does. */
    private RiePool.EnvironmentFactory factory(Map<String, StandInRie.Behaviour> byName, StandInRie.Behaviour otherwise) {
        return name -> {
            StandInRie rie = new StandInRie(name, byName.getOrDefault(name, otherwise));
            teardown.register("stand-in " + name, rie::close);
            created.add(rie);
            return rie;
        };
    }

    private RiePool pool(int size, RiePool.EnvironmentFactory factory) {
        return RiePool.start(size, factory, Duration.ofSeconds(60), Duration.ofSeconds(5), log::add);
    }

    private LocalExecution.Outcome run(RiePool pool) throws Exception {
        JsonNode input = Json.MAPPER.readTree("{\"ProjectS3Uri\":\"s3://b/p.tar.gz\",\"PlanOutputS3Prefix\":\"s3://b/renders/r1\","
                + "\"OutputS3Uri\":\"s3://b/renders/r1/out.mp4\",\"Config\":{\"fps\":30}}");
        return new LocalExecution(DEFINITION, "arn:local:exec", pool.invokers(), ColdStarts.historyListener(e -> {}),
                sleeps::add).run(input);
    }

    private static List<JsonNode> events(LocalExecution.Outcome o, String type) {
        List<JsonNode> list = new ArrayList<>();
        o.history().path("events").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                list.add(e);
            }
        });
        return list;
    }

    private static List<JsonNode> coldMarks(LocalExecution.Outcome o) {
        List<JsonNode> marks = new ArrayList<>();
        o.history().path("events").forEach(e -> e.fields().forEachRemaining(f -> {
            if (f.getValue().has(ColdStarts.FIELD)) {
                marks.add(f.getValue().get(ColdStarts.FIELD));
            }
        }));
        return marks;
    }

    @Test
    void concurrentInvocationsNeverShareAnEnvironment() throws Exception {
        int size = 3;
        int chunks = 6;
        // Three chunk invocations must be in flight at once to pass the barrier: proof the pool ran them
        // concurrently; each stand-in records whether two invocations ever overlapped on it.
        CyclicBarrier together = new CyclicBarrier(size);
        AtomicInteger globalInFlight = new AtomicInteger();
        AtomicInteger globalMax = new AtomicInteger();
        StandInRie.Behaviour b = (rie, e) -> {
            if (e.path("Action").asText().equals("renderChunk")) {
                globalMax.accumulateAndGet(globalInFlight.incrementAndGet(), Math::max);
                try {
                    together.await(30, TimeUnit.SECONDS);
                } catch (Exception broken) {
                    return StandInRie.Answer.error("INVALID_EVENT", "chunk invocations did not run " + size + " at once");
                } finally {
                    globalInFlight.decrementAndGet();
                }
            }
            return StandInRie.Answer.ok(StandInRie.contractAnswer(e, chunks).toString());
        };
        RiePool pool = pool(size, factory(Map.of(), b));
        LocalExecution.Outcome o = run(pool);

        assertTrue(o.succeeded(), o.error() + " " + o.cause());
        assertEquals(size, created.size());
        assertEquals(size, globalMax.get(), "the pool should run " + size + " chunk invocations at once");
        int chunkInvocations = 0;
        for (StandInRie r : created) {
            assertEquals(1, r.maxInFlight(), r.name() + " served overlapping invocations");
            chunkInvocations += Collections.frequency(r.actions, "renderChunk");
            assertTrue(r.actions.contains("renderChunk"), r.name() + " served no chunk");
        }
        assertEquals(chunks, chunkInvocations);
        assertTrue(sleeps.isEmpty(), "nothing should have been retried: " + sleeps);
    }

    @Test
    void oneSlotSerialisesCallersThatShareIt() throws Exception {
        // Deliberate misuse: four threads call the same slot at once. Each request waits a little for a
        // second request to arrive at the same stand-in; with the slot's lock none ever does.
        CountDownLatch secondArrived = new CountDownLatch(1);
        AtomicInteger arrivals = new AtomicInteger();
        StandInRie.Behaviour b = (rie, e) -> {
            if (arrivals.incrementAndGet() > 1 && rie.maxInFlight() > 1) {
                secondArrived.countDown();
            }
            secondArrived.await(200, TimeUnit.MILLISECONDS);
            return StandInRie.Answer.ok("{\"ok\":true}");
        };
        RiePool pool = pool(1, factory(Map.of(), b));
        FunctionInvoker slot = pool.invokers().get(0);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(callers.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return slot.invoke("{\"Action\":\"plan\"}");
                }));
            }
            for (Future<String> f : results) {
                assertEquals("{\"ok\":true}", f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(4, created.get(0).answered());
        assertEquals(1, created.get(0).maxInFlight(), "two invocations overlapped on one environment");
    }

    @Test
    void deadEnvironmentIsReplacedAndTheInvocationRetriedByTheTemplatesRetryPolicy() throws Exception {
        int chunks = 4;
        StandInRie.Behaviour healthy = (rie, e) -> StandInRie.Answer.ok(StandInRie.contractAnswer(e, chunks).toString());
        // rie-0 serves the plan (the first invocation goes to the first slot), then dies on its first chunk.
        StandInRie.Behaviour diesOnChunk = (rie, e) -> e.path("Action").asText().equals("renderChunk")
                ? StandInRie.Answer.die() : healthy.answer(rie, e);
        RiePool pool = pool(2, factory(Map.of("rie-0", diesOnChunk), healthy));
        LocalExecution.Outcome o = run(pool);

        assertTrue(o.succeeded(), o.error() + " " + o.cause());
        List<String> names = created.stream().map(StandInRie::name).toList();
        assertEquals(List.of("rie-0", "rie-0.1", "rie-1"), names.stream().sorted().toList());
        StandInRie dead = created.stream().filter(r -> r.name().equals("rie-0")).findFirst().orElseThrow();
        assertTrue(dead.closed(), "the dead environment should have been stopped");
        assertEquals(List.of("rie-0.1", "rie-1"), pool.current().stream().map(ExecutionEnvironment::name).sorted().toList());
        assertEquals(3, pool.everStarted().size());

        List<JsonNode> failed = events(o, "TaskFailed");
        assertEquals(1, failed.size(), failed.toString());
        JsonNode details = failed.get(0).path("taskFailedEventDetails");
        assertEquals(RieInvoker.SERVICE_EXCEPTION, details.path("error").asText());
        assertTrue(details.path("cause").asText().contains("replaced by rie-0.1"), details.toString());
        assertEquals(List.of(2000L), sleeps, "one retry after the template's 2 s interval");
        assertEquals(chunks, HistoryAnalysis.of(o.history()).attempts().stream()
                .filter(a -> a.succeeded() && "renderChunk".equals(a.action())).count());
        assertTrue(log.stream().anyMatch(l -> l.contains("rie-0") && l.contains("replacing")), log.toString());
    }

    @Test
    void environmentsThatKeepDyingExhaustTheRetryPolicy() throws Exception {
        StandInRie.Behaviour plansThenDies = (rie, e) -> e.path("Action").asText().equals("plan")
                ? StandInRie.Answer.ok(StandInRie.contractAnswer(e, 1).toString()) : StandInRie.Answer.die();
        RiePool pool = pool(1, factory(Map.of(), plansThenDies));
        LocalExecution.Outcome o = run(pool);

        assertEquals("FAILED", o.status());
        assertEquals(RieInvoker.SERVICE_EXCEPTION, o.error());
        // States.ALL: IntervalSeconds 2, BackoffRate 2, MaxAttempts 4.
        assertEquals(List.of(2000L, 4000L, 8000L, 16000L), sleeps);
        assertEquals(5, events(o, "TaskFailed").size());
        assertEquals(6, created.size(), "the first environment and one replacement per failed attempt");
    }

    @Test
    void functionErrorsKeepTheirNameAndDoNotReplaceTheEnvironment() throws Exception {
        StandInRie.Behaviour mismatch = (rie, e) -> e.path("Action").asText().equals("renderChunk")
                ? StandInRie.Answer.error("PLAN_HASH_MISMATCH", "plan hash differs")
                : StandInRie.Answer.ok(StandInRie.contractAnswer(e, 2).toString());
        RiePool pool = pool(2, factory(Map.of(), mismatch));
        LocalExecution.Outcome o = run(pool);

        assertEquals("FAILED", o.status());
        assertEquals("PLAN_HASH_MISMATCH", o.error());
        assertTrue(o.cause().contains("plan hash differs"), o.cause());
        assertTrue(sleeps.isEmpty(), "PLAN_HASH_MISMATCH is not retryable: " + sleeps);
        assertEquals(2, created.size(), "a function error must not replace the environment");
    }

    @Test
    void coldStartsAreMarkedWithTheInitDurationFromTheReportLine() throws Exception {
        StandInRie.Behaviour b = (rie, e) -> StandInRie.Answer.ok(StandInRie.contractAnswer(e, 3).toString());
        RiePool pool = pool(1, factory(Map.of(), b));
        LocalExecution.Outcome o = run(pool);

        assertTrue(o.succeeded(), o.error() + " " + o.cause());
        List<JsonNode> marks = coldMarks(o);
        assertEquals(1, marks.size(), "one environment, one cold start: " + marks);
        assertEquals("rie-0", marks.get(0).path("environment").asText());
        assertEquals(StandInRie.INIT_MS, marks.get(0).path("initDurationMs").asDouble(), 1e-9);
        JsonNode first = events(o, "TaskSucceeded").get(0).path("taskSucceededEventDetails");
        assertTrue(first.has(ColdStarts.FIELD), "the plan invocation was the cold start");
        // The history keeps GetExecutionHistory's shape: the analysis reads it as for any target.
        HistoryAnalysis a = HistoryAnalysis.of(o.history());
        assertEquals(5, a.attempts().size());
        assertNotEquals(0, a.attempts().get(0).endedMillis());

        // A second execution on the same (now warm) pool has no cold start.
        LocalExecution.Outcome warm = run(pool);
        assertTrue(warm.succeeded());
        assertTrue(coldMarks(warm).isEmpty(), coldMarks(warm).toString());
    }

    @Test
    void aReplacementThatCannotStartFailsTheInvocationRetryably() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        Map<String, StandInRie> byName = new ConcurrentHashMap<>();
        RiePool.EnvironmentFactory f = name -> {
            if (starts.getAndIncrement() > 0) {
                throw new IllegalStateException("docker is gone");
            }
            StandInRie rie = new StandInRie(name, (r, e) -> StandInRie.Answer.die());
            teardown.register("stand-in " + name, rie::close);
            created.add(rie);
            byName.put(name, rie);
            return rie;
        };
        RiePool pool = pool(1, f);
        FunctionInvoker slot = pool.invokers().get(0);
        statemachine.FunctionError first = org.junit.jupiter.api.Assertions.assertThrows(statemachine.FunctionError.class,
                () -> slot.invoke("{\"Action\":\"plan\"}"));
        assertEquals(RieInvoker.SERVICE_EXCEPTION, first.errorType());
        assertTrue(first.getMessage().contains("no replacement could be started"), first.getMessage());
        assertNull(pool.current().get(0));
        statemachine.FunctionError second = org.junit.jupiter.api.Assertions.assertThrows(statemachine.FunctionError.class,
                () -> slot.invoke("{\"Action\":\"plan\"}"));
        assertEquals(RieInvoker.SERVICE_EXCEPTION, second.errorType());
        assertFalse(byName.get("rie-0").alive());
    }
}
