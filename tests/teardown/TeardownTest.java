package teardown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The registry's guarantees: every undo runs once, newest first, whatever the others throw or however long they hang. */
class TeardownTest {
    @Test
    void anErrorInOneUndoDoesNotStopTheOthersAndEachRunsOnce() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<String> log = new ArrayList<>();
        Teardown t = new Teardown(log::add);
        t.register("first", () -> ran.add("first"));
        t.register("throws an Error", () -> {
            ran.add("error");
            throw new AssertionError("boom");
        });
        t.register("throws an exception", () -> {
            ran.add("exception");
            throw new IllegalStateException("bang");
        });
        t.register("last", () -> ran.add("last"));

        t.close();
        t.close();

        assertEquals(List.of("last", "exception", "error", "first"), ran);
        assertEquals(List.of("throws an exception: bang", "throws an Error: java.lang.AssertionError: boom"), t.failures());
        assertEquals(List.of("last", "first"), t.done());
        assertEquals(List.of("teardown failed: throws an exception: bang",
                "teardown failed: throws an Error: java.lang.AssertionError: boom"), log);
    }

    @Test
    void eachUndoRunsOnADaemonThreadAndCloseLeavesNoInterruptBehind() {
        List<Boolean> daemon = new ArrayList<>();
        Teardown t = new Teardown(l -> { });
        t.register("records its thread", () -> daemon.add(Thread.currentThread().isDaemon()));
        assertEquals(List.of("records its thread"), t.pending());
        t.close();
        assertEquals(List.of(true), daemon, "a worker stuck on a dead endpoint must not keep the process alive");
        assertFalse(Thread.interrupted(), "close() interrupted its caller");
        assertEquals(List.of(), t.pending());
    }

    @Test
    void anInterruptMeantForTheWorkDoesNotCutTeardownShortAndIsKept() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Teardown t = new Teardown(l -> { });
        t.register("older", () -> ran.add("older"));
        t.register("newer", () -> ran.add("newer"));
        Thread.currentThread().interrupt();
        t.close();
        assertTrue(Thread.interrupted(), "the caller's interrupt is restored for the code after teardown");
        assertEquals(List.of("newer", "older"), ran);
        assertEquals(List.of("newer", "older"), t.done());
        assertEquals(List.of(), t.unfinished());
    }

    @Test
    void keepListsWhatWasKeptAndRunsNoUndo() {
        List<String> ran = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Teardown t = new Teardown(log::add);
        t.register("bucket", () -> ran.add("bucket"));
        t.register("stack", () -> ran.add("stack"));
        assertEquals(List.of("stack", "bucket"), t.pending());
        t.keep();
        t.close();
        assertEquals(List.of(), ran);
        assertEquals(List.of("kept: stack", "kept: bucket"), log);
        assertEquals(List.of(), t.pending(), "kept entries are not undone later either");
        assertEquals(List.of(), t.done());
    }

    @Test
    void closingIsTrueFromBeginClosingOnAndTheDeadlineIsWhatWasSet() {
        Teardown t = new Teardown(l -> { });
        assertFalse(t.closing());
        assertEquals(Teardown.DEFAULT_DEADLINE, t.deadline());
        assertEquals(Duration.ofSeconds(7), t.withDeadline(Duration.ofSeconds(7)).deadline());
        t.beginClosing();
        assertTrue(t.closing());
        t.close();
        assertTrue(t.closing());
        Teardown closedOnly = new Teardown(l -> { });
        closedOnly.close();
        assertTrue(closedOnly.closing());
    }

    @Test
    void nothingCanBeRegisteredOnceTeardownHasBegun() {
        Teardown t = new Teardown(l -> { });
        t.beginClosing();
        AtomicInteger created = new AtomicInteger();
        assertThrows(Teardown.TeardownStarted.class, () -> {
            t.register("late resource", () -> { });
            created.incrementAndGet();
        });
        assertEquals(0, created.get(), "the creation step after a refused registration never ran");
        t.close();
        assertThrows(Teardown.TeardownStarted.class, () -> t.register("after close", () -> { }));
    }

    @Test
    void anUndoThatHangsIsCutAtTheDeadlineAndTheRestIsListedUnfinished() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Thread> worker = new AtomicReference<>();
        Teardown t = new Teardown(log::add).withDeadline(Duration.ofMillis(500));
        t.register("older", () -> ran.add("older"));
        t.register("hangs", () -> {
            worker.set(Thread.currentThread());
            never.await();
        });
        long t0 = System.nanoTime();
        t.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "close took " + ms + " ms");
        assertEquals(List.of(), ran, "no time was left for the older undo");
        assertEquals(2, t.unfinished().size(), t.unfinished().toString());
        assertTrue(t.unfinished().get(0).startsWith("hangs (still running"), t.unfinished().toString());
        assertTrue(t.unfinished().get(1).startsWith("older (not started"), t.unfinished().toString());
        assertEquals(t.unfinished().stream().map(u -> "teardown unfinished: " + u).toList(), log);
        // The hung worker is interrupted at the deadline, so it ends rather than lingering.
        assertNotNull(worker.get(), "the hanging undo never started");
        worker.get().join(10_000);
        assertFalse(worker.get().isAlive(), "the worker of the undo cut at the deadline is still running");
    }
}
