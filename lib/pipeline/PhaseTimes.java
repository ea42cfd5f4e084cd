package pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import json.Json;

/**
 * Wall-clock per phase of a run (deploy, upload, executions, download, each gate check, reports,
 * teardown...), summed over every time the phase ran, in the order phases first ran. It answers
 * "where does the harness spend its time" for the bench and for users (--verbose, timings.json).
 * Thread-safe: gates may be timed on a background thread while the next render runs, so phases can
 * overlap and their sum can exceed the run's wall-clock.
 */
public final class PhaseTimes {
    /** Phases whose time is the system under test's, not the harness's. */
    public static final String EXECUTIONS = "executions";
    static final String FILE = "timings.json";

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - t0);
        }
    }

    public void time(String phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    public synchronized void add(String phase, long elapsedNanos) {
        nanos.merge(phase, elapsedNanos, Long::sum);
        counts.merge(phase, 1, Integer::sum);
    }

    public synchronized long millis(String phase) {
        return nanos.getOrDefault(phase, 0L) / 1_000_000;
    }

    /** Milliseconds since this object was made (the run's start). */
    public long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** {"wallMs": ..., "phases": {"deploy": {"ms": ..., "times": ...}, ...}} */
    public synchronized ObjectNode toJson() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("wallMs", elapsedMillis());
        ObjectNode phases = doc.putObject("phases");
        nanos.forEach((phase, ns) -> phases.putObject(phase).put("ms", ns / 1_000_000).put("times", counts.get(phase)));
        return doc;
    }

    /**
     * Writes timings.json into the artifacts directory and, with --verbose, prints the breakdown. A
     * file that cannot be written is a warning: timings never change a run's outcome.
     */
    public void write(java.nio.file.Path artifacts, cli.Console console) {
        if (cli.ErrorLine.verbose()) {
            console.info("time per phase: " + line());
        }
        try {
            ResultsJson.write(artifacts.resolve(FILE), toJson());
        } catch (RuntimeException e) {
            console.warn("could not write " + FILE + ": " + e.getMessage());
        }
    }

    /** One line: "deploy 812 ms, fixture-upload 40 ms, ...". */
    public synchronized String line() {
        StringBuilder b = new StringBuilder();
        nanos.forEach((phase, ns) -> b.append(b.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %d ms", phase, ns / 1_000_000)));
        return b.toString();
    }
}
