package teardown;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The registry every resource joins before the call that creates it (DESIGN §8; the undo deletes it
 * if it exists), so a signal between "created" and "registered" cannot leave anything unregistered.
 * {@link #close()} runs each undo once, newest first, on success, on any exception (try-with-resources)
 * and, as a backstop, from a shutdown hook. Once teardown has begun, {@link #register} refuses, which
 * stops any creation step still running on another thread before it creates anything.
 *
 * <p>Each undo runs on its own thread and gets what is left of the deadline; an undo that throws
 * (an Error too) or does not finish in time is recorded and the others still run.
 */
public final class Teardown implements AutoCloseable {
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

    public interface Undo {
        void run() throws Exception;
    }

    /** Thrown by {@link #register} once teardown has begun: the caller must not create the resource. */
    public static final class TeardownStarted extends IllegalStateException {
        TeardownStarted(String description) {
            super("teardown has begun; not creating " + description);
        }
    }

    private record Entry(String description, Undo undo) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> unfinished = new ArrayList<>();
    private final List<String> done = new ArrayList<>();
    private final Consumer<String> log;
    private final Thread hook;
    private volatile Duration deadline = DEFAULT_DEADLINE;
    private boolean kept;
    private boolean closing;
    private boolean closed;

    public Teardown(Consumer<String> log) {
        this.log = log;
        this.hook = new Thread(this::runAll, "teardown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The longest the whole teardown may take; undos still running then are listed as unfinished. */
    public Teardown withDeadline(Duration d) {
        this.deadline = d;
        return this;
    }

    public Duration deadline() {
        return deadline;
    }

    /**
     * Registers the undo of a resource about to be created (or just created). The undo must tolerate
     * a resource that never came to exist.
     *
     * @throws TeardownStarted once teardown has begun
     */
    public synchronized void register(String description, Undo undo) {
        if (closing || closed) {
            throw new TeardownStarted(description);
        }
        entries.push(new Entry(description, undo));
    }

    /** From now on nothing new may be registered, so creation steps stop; the undos run at close(). */
    public synchronized void beginClosing() {
        closing = true;
    }

    public synchronized boolean closing() {
        return closing || closed;
    }

    /** --keep-stack: leave everything in place; close() then only reports what was kept. */
    public synchronized void keep() {
        kept = true;
    }

    public synchronized List<String> pending() {
        return entries.stream().map(Entry::description).toList();
    }

    /** Undos that threw, as "description: message". */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Undos the deadline cut short or never let start. */
    public synchronized List<String> unfinished() {
        return List.copyOf(unfinished);
    }

    /** Undos that ran to completion. */
    public synchronized List<String> done() {
        return List.copyOf(done);
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran already; nothing left to remove
        }
    }

    private synchronized void runAll() {
        if (closed) {
            return;
        }
        closing = true;
        closed = true;
        if (kept) {
            for (Entry e : entries) {
                log.accept("kept: " + e.description());
            }
            entries.clear();
            return;
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (!entries.isEmpty()) {
            Entry e = entries.pop();
            long left = end - System.nanoTime();
            if (left <= 0) {
                unfinished.add(e.description() + " (not started: teardown deadline of " + deadline + " reached)");
                continue;
            }
            runOne(e, left);
        }
        for (String u : unfinished) {
            log.accept("teardown unfinished: " + u);
        }
    }

    private void runOne(Entry e, long nanosLeft) {
        Throwable[] thrown = new Throwable[1];
        CountDownLatch finished = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                e.undo().run();
            } catch (Throwable t) {
                thrown[0] = t;
            } finally {
                finished.countDown();
            }
        }, "teardown: " + e.description());
        // A worker stuck on an endpoint that stopped answering must not keep the process alive.
        worker.setDaemon(true);
        worker.start();
        boolean inTime;
        try {
            inTime = awaitUninterruptibly(finished, nanosLeft);
        } finally {
            if (finished.getCount() != 0) {
                worker.interrupt();
            }
        }
        if (!inTime) {
            unfinished.add(e.description() + " (still running when the teardown deadline of " + deadline + " was reached)");
        } else if (thrown[0] != null) {
            String msg = e.description() + ": " + describe(thrown[0]);
            failures.add(msg);
            log.accept("teardown failed: " + msg);
        } else {
            done.add(e.description());
        }
    }

    /** Teardown must not be cut short by an interrupt meant for the work it cleans up after. */
    private static boolean awaitUninterruptibly(CountDownLatch latch, long nanos) {
        boolean interrupted = false;
        long end = System.nanoTime() + nanos;
        try {
            while (true) {
                try {
                    return latch.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t instanceof Exception && m != null ? m : t.getClass().getName() + (m == null ? "" : ": " + m);
    }
}
