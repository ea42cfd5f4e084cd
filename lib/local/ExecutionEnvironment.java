package local;

import java.net.URI;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * One Lambda execution environment reachable over the RIE invoke API: a running RIE container, or in
 * tests a stand-in HTTP server. It serves one invocation at a time ({@link RiePool} sees to that).
 */
public interface ExecutionEnvironment extends AutoCloseable {
    /** Short name used in logs and history, e.g. "rie-2" or "rie-2.1" for slot 2's first replacement. */
    String name();

    /** Base URI of the RIE, e.g. http://localhost:49153; the invoke path is appended by {@link RieInvoker}. */
    URI endpoint();

    /** Whether it is still up; false when it cannot be asked (the engine is gone too). */
    boolean alive();

    /**
     * Completed with the init duration (ms) from the cold start's REPORT line ("Init Duration: X ms") as
     * soon as that line appears in the environment's output.
     */
    CompletableFuture<Double> initDuration();

    /** Where a user finds it (container id, name) for --keep-stack hints and cleanup checks. */
    default String describe() {
        return name() + " at " + endpoint();
    }

    /** Feeds a line of the environment's output; completes {@link #initDuration()} on a cold REPORT line. */
    static void scanOutput(String line, CompletableFuture<Double> initDuration) {
        OptionalDouble init = ReportLine.initDurationMs(line);
        if (init.isPresent()) {
            initDuration.complete(init.getAsDouble());
        }
    }

    /** Stops and removes it; idempotent. */
    @Override
    void close();
}
