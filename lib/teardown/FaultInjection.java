package teardown;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test-only: RENDERPROOF_TEST_STAGE_FAULT=&lt;stage&gt;:&lt;SIGINT|SIGTERM|exception&gt; makes the run, on
 * reaching that stage, send itself the real signal (kill, with an argument array) or throw. The
 * cleanup tests start smoke as a child process with it set, to prove that teardown and its
 * verification happen from every stage. Unset (always, outside tests) it does nothing.
 */
public final class FaultInjection {
    public static final String ENV = "RENDERPROOF_TEST_STAGE_FAULT";
    /** Where a fault can be injected, in the order a run reaches them. */
    public static final List<String> STAGES = List.of("build", "preflight", "artifact-upload", "stack-create",
            "after-deploy", "fixture-upload", "render", "download", "gates", "teardown");
    public static final List<String> KINDS = List.of("SIGINT", "SIGTERM", "exception");

    private static final AtomicBoolean FIRED = new AtomicBoolean();
    private static volatile String lastReached = "start";

    /** The exception thrown for kind "exception". */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String stage) {
            super("injected fault at stage " + stage + " (" + ENV + ")");
        }
    }

    private FaultInjection() {}

    /** The stage most recently reached by the pipeline or a target, for messages ("interrupted at stage ..."). */
    public static String lastReached() {
        return lastReached;
    }

    /**
     * Called by the pipeline at each stage. For a signal it returns once the signal was handled; at
     * every stage but teardown it then waits to be interrupted, as real work would be.
     */
    public static void reach(String stage) {
        lastReached = stage;
        String spec = System.getenv(ENV);
        if (spec == null || spec.isBlank()) {
            return;
        }
        int colon = spec.lastIndexOf(':');
        if (colon < 0 || !spec.substring(0, colon).equals(stage) || !FIRED.compareAndSet(false, true)) {
            return;
        }
        String kind = spec.substring(colon + 1).toUpperCase(Locale.ROOT);
        if (kind.equals("EXCEPTION")) {
            throw new InjectedFault(stage);
        }
        if (!kind.equals("SIGINT") && !kind.equals("SIGTERM")) {
            throw new IllegalArgumentException(ENV + ": unknown fault kind " + kind);
        }
        try {
            int rc = new ProcessBuilder("kill", "-" + kind.substring(3), Long.toString(ProcessHandle.current().pid()))
                    .inheritIO().start().waitFor();
            if (rc != 0 || !Signals.awaitReceived(30)) {
                throw new IllegalStateException(ENV + ": " + kind + " was not delivered (kill exited " + rc + ")");
            }
            if (!stage.equals("teardown")) {
                Thread.sleep(60_000);
                throw new IllegalStateException(ENV + ": " + kind + " at " + stage + " did not interrupt the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted by " + kind + " at stage " + stage, e);
        } catch (IOException e) {
            throw new IllegalStateException(ENV + ": cannot run kill: " + e.getMessage(), e);
        }
    }
}
