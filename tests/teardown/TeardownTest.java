package teardown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
    void anUndoThatHangsIsCutAtTheDeadlineAndTheRestIsListedUnfinished() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Teardown t = new Teardown(l -> { }).withDeadline(Duration.ofMillis(500));
        t.register("older", () -> ran.add("older"));
        t.register("hangs", never::await);
        long t0 = System.nanoTime();
        t.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "close took " + ms + " ms");
        assertEquals(List.of(), ran, "no time was left for the older undo");
        assertEquals(2, t.unfinished().size(), t.unfinished().toString());
        assertTrue(t.unfinished().get(0).startsWith("hangs (still running"), t.unfinished().toString());
        assertTrue(t.unfinished().get(1).startsWith("older (not started"), t.unfinished().toString());
    }
}
