package handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall-clock milliseconds an invocation spent in each of its steps (download, extract, render,
 * upload...), logged with handler_end so that a bench can show where the time of a distributed
 * render goes. Steps running at the same time (the audio beside a chunk's frames) each count in full.
 */
public final class Phases {
    private final Map<String, Long> millis = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            return step.get();
        } finally {
            add(phase, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    public synchronized void add(String phase, long ms) {
        millis.merge(phase, ms, Long::sum);
    }

    public synchronized Map<String, Long> snapshot() {
        return new LinkedHashMap<>(millis);
    }
}
