package teardown;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The registry every created resource joins the moment it exists (DESIGN §8). {@link #close()} runs
 * each undo once, newest first, on success, on any exception (try-with-resources) and on
 * SIGINT/SIGTERM (a shutdown hook). An undo that fails does not stop the others; its failure is
 * reported and kept in {@link #failures()}.
 */
public final class Teardown implements AutoCloseable {
    public interface Undo {
        void run() throws Exception;
    }

    private record Entry(String description, Undo undo) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<String> failures = new ArrayList<>();
    private final Consumer<String> log;
    private final Thread hook;
    private boolean kept;
    private boolean closed;

    public Teardown(Consumer<String> log) {
        this.log = log;
        this.hook = new Thread(this::runFromHook, "teardown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers an undo for a resource that now exists. */
    public synchronized void register(String description, Undo undo) {
        if (closed) {
            throw new IllegalStateException("teardown already ran; cannot register " + description);
        }
        entries.push(new Entry(description, undo));
    }

    /** --keep-stack: leave everything in place; close() then only reports what was kept. */
    public synchronized void keep() {
        kept = true;
    }

    public synchronized List<String> pending() {
        return entries.stream().map(Entry::description).toList();
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
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

    private void runFromHook() {
        runAll();
    }

    private synchronized void runAll() {
        if (closed) {
            return;
        }
        closed = true;
        if (kept) {
            for (Entry e : entries) {
                log.accept("kept: " + e.description());
            }
            entries.clear();
            return;
        }
        while (!entries.isEmpty()) {
            Entry e = entries.pop();
            try {
                e.undo().run();
            } catch (Exception ex) {
                String msg = e.description() + ": " + ex.getMessage();
                failures.add(msg);
                log.accept("teardown failed: " + msg);
            }
        }
    }
}
