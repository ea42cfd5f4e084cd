package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pipeline.Deployment.CleanupCheck;

/**
 * Each outcome of the cleanup verification on its own, with the per-resource question and the
 * region's listing given directly (VerifyCleanupTest and the moto tests ask real endpoints): gone,
 * left, "could not check" from an exception, an Error, the deadline or an interrupt, and the sweep's
 * finds, failures and unlisted kinds. None of the failures may read as gone.
 */
class VerifyCleanupOutcomesTest {
    private static final RunNames NAMES = RunNames.of(null, "ours1");
    private static final String RUN = NAMES.runId();

    private static RunResources recorded(Map<RunResources.Kind, String> byKind) {
        RunResources r = new RunResources(NAMES);
        byKind.forEach(r::add);
        return r;
    }

    private static ListRunResources.Found found(RunResources.Kind kind, String name, String runId) {
        return new ListRunResources.Found(kind, name, runId, null);
    }

    private static final ListRunResources.Listing EMPTY = new ListRunResources.Listing(List.of(), List.of());
    private static final Supplier<ListRunResources.Listing> NOTHING_IN_REGION = () -> EMPTY;

    /** An answer that never comes: waits until the verification gives up on it and interrupts it. */
    private static <T> T noAnswer(T eventually) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return eventually;
    }

    @Test
    void eachAnswerOfTheServiceBecomesItsOwnStatus() throws InterruptedException {
        RunResources resources = new RunResources(NAMES);
        resources.add(RunResources.Kind.stack, "rp-ours1-stack");
        resources.add(RunResources.Kind.bucket, "rp-artifacts-ours1");
        resources.add(RunResources.Kind.function, "rp-ours1-render");
        resources.add(RunResources.Kind.role, "rp-ours1-render-fn");
        List<Thread> workers = Collections.synchronizedList(new ArrayList<>());
        Predicate<RunResources.Resource> service = r -> {
            workers.add(Thread.currentThread());
            return switch (r.kind()) {
                case stack -> true;
                case bucket -> false;
                case function -> throw new IllegalStateException("AccessDenied: not allowed\nrequest id 1234");
                default -> throw new AssertionError("the client broke");
            };
        };

        List<CleanupCheck> checks = VerifyCleanup.run(resources, service, NOTHING_IN_REGION, Duration.ofSeconds(30));

        assertEquals(List.of(
                new CleanupCheck("stack", "rp-ours1-stack", CleanupCheck.Status.gone, null),
                new CleanupCheck("bucket", "rp-artifacts-ours1", CleanupCheck.Status.left, null),
                CleanupCheck.unverified("function", "rp-ours1-render", "could not check: AccessDenied: not allowed"),
                CleanupCheck.unverified("role", "rp-ours1-render-fn", "could not check: the client broke")), checks);
        assertEquals(4, workers.size());
        for (Thread w : workers) {
            assertTrue(w.isDaemon(), "a check stuck on a dead endpoint must not keep the process alive");
            w.join(10_000);
            assertFalse(w.isAlive(), "the checks' threads outlive the verification");
        }
    }

    @Test
    void theSweepAddsWhatThisRunNeverRecordedOnceAndNothingOfOtherRuns() {
        RunResources resources = recorded(Map.of(RunResources.Kind.stack, "rp-ours1-stack"));
        Supplier<ListRunResources.Listing> region = () -> new ListRunResources.Listing(List.of(
                found(RunResources.Kind.stack, "rp-ours1-stack", RUN),
                found(RunResources.Kind.logGroup, "/aws/lambda/rp-ours1-render", RUN),
                found(RunResources.Kind.logGroup, "/aws/lambda/rp-ours1-render", RUN),
                found(RunResources.Kind.alarm, "rp-ours1-stack", RUN),
                found(RunResources.Kind.bucket, "rp-artifacts-other1", "other1")),
                List.of("roles: could not list (AccessDenied)", "bucket rp-x: could not read tags (timeout)"));

        List<CleanupCheck> checks = VerifyCleanup.run(resources, r -> true, region, Duration.ofSeconds(30));

        assertEquals(List.of(
                new CleanupCheck("stack", "rp-ours1-stack", CleanupCheck.Status.gone, null),
                new CleanupCheck("logGroup", "/aws/lambda/rp-ours1-render", CleanupCheck.Status.left, "found by its run tag or name"),
                new CleanupCheck("alarm", "rp-ours1-stack", CleanupCheck.Status.left, "found by its run tag or name"),
                CleanupCheck.unverified("sweep", "roles: could not list (AccessDenied)",
                        "not listed, so leftovers there cannot be ruled out"),
                CleanupCheck.unverified("sweep", "bucket rp-x: could not read tags (timeout)",
                        "not listed, so leftovers there cannot be ruled out")), checks);
    }

    @Test
    void aSweepThatFailsIsUnverifiedNotEmpty() {
        RunResources resources = recorded(Map.of(RunResources.Kind.bucket, "rp-artifacts-ours1"));
        List<CleanupCheck> checks = VerifyCleanup.run(resources, r -> true, () -> {
            throw new IllegalStateException("ListStacks: throttled");
        }, Duration.ofSeconds(30));

        assertEquals(List.of(
                new CleanupCheck("bucket", "rp-artifacts-ours1", CleanupCheck.Status.gone, null),
                CleanupCheck.unverified("sweep", "resources tagged with run ours1",
                        "the region could not be listed before the teardown deadline")), checks);
    }

    @Test
    void whatHasNoAnswerByTheDeadlineIsUnverifiedAndStopped() throws InterruptedException {
        List<Thread> hung = Collections.synchronizedList(new ArrayList<>());
        RunResources resources = new RunResources(NAMES);
        resources.add(RunResources.Kind.bucket, "rp-artifacts-ours1");
        resources.add(RunResources.Kind.stack, "rp-ours1-stack");
        Predicate<RunResources.Resource> service = r -> {
            if (r.kind() == RunResources.Kind.bucket) {
                return true;
            }
            hung.add(Thread.currentThread());
            return noAnswer(true);
        };
        Supplier<ListRunResources.Listing> region = () -> noAnswer(EMPTY);

        long t0 = System.nanoTime();
        List<CleanupCheck> checks = VerifyCleanup.run(resources, service, region, Duration.ofMillis(300));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(ms < 10_000, "took " + ms + " ms");
        assertEquals(List.of(
                new CleanupCheck("bucket", "rp-artifacts-ours1", CleanupCheck.Status.gone, null),
                CleanupCheck.unverified("stack", "rp-ours1-stack", "no answer before the teardown deadline"),
                CleanupCheck.unverified("sweep", "resources tagged with run ours1",
                        "the region could not be listed before the teardown deadline")), checks);
        for (Thread t : hung) {
            t.join(10_000);
            assertFalse(t.isAlive(), "a check cut at the deadline is still running");
        }
    }

    @Test
    void anInterruptedVerificationClaimsNothingAndKeepsTheInterrupt() {
        RunResources resources = new RunResources(NAMES);
        resources.add(RunResources.Kind.stack, "rp-ours1-stack");
        resources.add(RunResources.Kind.role, "rp-ours1-render-fn");
        // Answers that never come, so each wait meets the interrupt rather than a finished check.
        Thread.currentThread().interrupt();
        List<CleanupCheck> checks = VerifyCleanup.run(resources, r -> noAnswer(true), () -> noAnswer(EMPTY),
                Duration.ofSeconds(30));
        assertTrue(Thread.interrupted(), "the caller's interrupt was swallowed");

        assertEquals(List.of(
                CleanupCheck.unverified("stack", "rp-ours1-stack", "verification was interrupted"),
                CleanupCheck.unverified("role", "rp-ours1-render-fn", "verification was interrupted"),
                CleanupCheck.unverified("sweep", "resources tagged with run ours1",
                        "the region could not be listed before the teardown deadline")), checks);
    }
}
