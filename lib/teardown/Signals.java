package teardown;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a run is under way. The JVM's own handling would start the shutdown hooks
 * at once, racing the main thread that is still creating resources; instead the run is told (it
 * stops creating, tears down, verifies, reports) and then exits 130 or 143 itself. close() restores
 * the previous handlers, so a process that runs several sessions (the tests) is left as it was.
 */
public final class Signals implements AutoCloseable {
    private static volatile CountDownLatch received = new CountDownLatch(1);

    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;
    private volatile String name;

    private Signals(Consumer<String> onSignal) {
        SignalHandler handler = s -> {
            String n = "SIG" + s.getName();
            boolean first = name == null;
            if (first) {
                name = n;
            }
            received.countDown();
            if (first) {
                onSignal.accept(n);
            }
        };
        previousInt = Signal.handle(new Signal("INT"), handler);
        previousTerm = Signal.handle(new Signal("TERM"), handler);
    }

    /** Routes SIGINT and SIGTERM to onSignal (once, with "SIGINT" or "SIGTERM") until close(). */
    public static Signals install(Consumer<String> onSignal) {
        received = new CountDownLatch(1);
        return new Signals(onSignal);
    }

    /** "SIGINT", "SIGTERM", or null if none arrived. */
    public String received() {
        return name;
    }

    /** The conventional exit code of a process ended by that signal: 128 + its number. */
    public static int exitCode(String signal) {
        return "SIGTERM".equals(signal) ? 143 : 130;
    }

    /** Waits until the installed handler has seen a signal (the fault-injection hook's synchronisation). */
    static boolean awaitReceived(long seconds) throws InterruptedException {
        return received.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
    }
}
