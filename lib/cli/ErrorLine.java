package cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-line-on-stderr contract (DESIGN §9): the first reason printed for a run goes to stderr; later
 * ones go to stdout, so stderr holds exactly one line whatever fails after the first failure. The
 * command runner prints a generic line when a run ends non-zero without one.
 */
public final class ErrorLine {
    private static final AtomicBoolean printed = new AtomicBoolean();
    private static volatile boolean verbose;

    private ErrorLine() {}

    /** Starts a new command: nothing printed yet, stack traces as --verbose says. */
    static void reset(boolean verboseRun) {
        newRun();
        verbose = verboseRun;
    }

    /** Starts a new run inside the command: nothing printed yet. */
    static void newRun() {
        printed.set(false);
    }

    /** Prints "error: line" on err if it is the run's first, else on out; one line whatever the text holds. */
    public static void print(PrintStream out, PrintStream err, String line) {
        String text = "error: " + oneLine(line);
        PrintStream to = printed.compareAndSet(false, true) ? err : out;
        to.println(text);
        to.flush();
    }

    public static boolean printed() {
        return printed.get();
    }

    /** Whether --verbose was given: stack traces go to stderr only then. */
    public static boolean verbose() {
        return verbose;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
