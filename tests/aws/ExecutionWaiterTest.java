package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

class ExecutionWaiterTest {
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:rp-k3x9q2ab-render:smoke-N2-k3x9q2ab";
    private static final PollPolicy POLICY = new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0,
            Duration.ofMinutes(25), 3);

    private final Recorded.FakeTime time = new Recorded.FakeTime();
    private final List<String> progress = new ArrayList<>();

    private ExecutionWaiter waiter(SfnCalls calls, PollPolicy policy) {
        return new ExecutionWaiter(calls, policy, time, time::now, progress::add);
    }

    private static List<HistoryEvent> first(List<HistoryEvent> events, int n) {
        return events.subList(0, n);
    }

    @Test
    void succeededReportsMapProgressAndTimesFromTheExecution() throws Exception {
        List<HistoryEvent> full = Recorded.history("history-succeeded.json").events();
        var script = new Recorded.Script()
                .then(Recorded.describe("describe-running.json"), first(full, 8))
                .then(Recorded.describe("describe-running.json"), first(full, 14))
                .then(Recorded.describe("describe-running.json"), first(full, 25))
                .then(Recorded.describe("describe-succeeded.json"), full);

        ExecutionWaiter.Result r = waiter(script, POLICY).await(ARN);

        assertEquals(ExecutionWaiter.Outcome.SUCCEEDED, r.outcome());
        assertEquals(List.of("planning", "chunks 0/2 done", "chunks 1/2 done"), progress);
        assertEquals(34, r.history().events().size());
        assertTrue(r.failure().isEmpty());
        // describe-succeeded.json: startDate 1716210000.123, stopDate 1716210007.473
        assertEquals(Duration.ofMillis(7_350), r.executionDuration().orElseThrow());
        assertEquals(List.of(1000L, 2000L, 4000L), time.sleptMillis, "backoff doubles from 1 s");
    }

    @Test
    void failedExtractsTheFirstFatalFailureNotTheRetriedOne() throws Exception {
        var script = new Recorded.Script()
                .then(Recorded.describe("describe-failed.json"), Recorded.history("history-failed.json").events());

        ExecutionWaiter.Result r = waiter(script, POLICY).await(ARN);

        assertEquals(ExecutionWaiter.Outcome.FAILED, r.outcome());
        ExecutionHistory.Failure f = r.failure().orElseThrow();
        assertEquals("TaskFailed", f.eventType());
        assertEquals("PLAN_HASH_MISMATCH", f.error());
        assertTrue(f.cause().contains("plan hash mismatch: event carries 9f2c1e7a"), f.cause());
        assertEquals("RenderChunk", f.state());
        assertEquals(1, f.mapIndex());
        assertTrue(f.oneLine().startsWith("RenderChunk [chunk 1]: PLAN_HASH_MISMATCH: "), f.oneLine());
        assertEquals("PLAN_HASH_MISMATCH", r.description().error());
    }

    @Test
    void capReachedWhileRunningIsATimeoutResultNotAnException() throws Exception {
        List<HistoryEvent> full = Recorded.history("history-succeeded.json").events();
        var script = new Recorded.Script().then(Recorded.describe("describe-running.json"), first(full, 14));

        ExecutionWaiter.Result r = waiter(script, POLICY.withCap(Duration.ofSeconds(30))).await(ARN);

        assertEquals(ExecutionWaiter.Outcome.WAIT_CAP_REACHED, r.outcome());
        assertFalse(r.succeeded());
        assertTrue(r.executionDuration().isEmpty());
        long slept = time.sleptMillis.stream().mapToLong(Long::longValue).sum();
        assertTrue(slept >= 30_000 && slept < 35_000, "slept " + slept);
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L, 5000L, 5000L, 5000L, 5000L), time.sleptMillis,
                "delay capped at maxDelay");
        assertTrue(progress.get(progress.size() - 1).contains("giving up"), progress.toString());
    }

    @Test
    void throttlingIsRetriedWithBackoffThenSucceeds() throws Exception {
        List<HistoryEvent> full = Recorded.history("history-succeeded.json").events();
        var script = new Recorded.Script()
                .then(Recorded.throttling(), full)
                .then(Recorded.throttling(), full)
                .then(Recorded.describe("describe-succeeded.json"), full);
        script.throttleNextHistoryCalls = 1;

        ExecutionWaiter.Result r = waiter(script, POLICY).await(ARN);

        assertEquals(ExecutionWaiter.Outcome.SUCCEEDED, r.outcome());
        assertEquals(3, script.describeCalls);
        // two describe throttles (1 s, 2 s), then one history throttle (1 s)
        assertEquals(List.of(1000L, 2000L, 1000L), time.sleptMillis);
    }

    @Test
    void throttlingBeyondTheRetryLimitPropagates() {
        var script = new Recorded.Script().then(Recorded.throttling(), List.of());
        assertThrows(SfnException.class, () -> waiter(script, POLICY).await(ARN));
        assertEquals(POLICY.maxThrottleRetries() + 1, script.describeCalls);
    }

    @Test
    void historySpanningSeveralPagesIsFollowedToTheEnd() throws Exception {
        var script = new Recorded.Script();
        script.pages = new software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse[] {
                Recorded.history("history-page1.json"), Recorded.history("history-page2.json"),
                Recorded.history("history-page3.json")};

        ExecutionHistory h = FetchExecutionHistory.run(script, ARN, POLICY, time);

        assertEquals(3, script.historyTokens.size());
        assertEquals(null, script.historyTokens.get(0));
        assertEquals(script.pages[0].nextToken(), script.historyTokens.get(1));
        assertEquals(Recorded.history("history-succeeded.json").events(), h.events());
    }
}
