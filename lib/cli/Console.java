package cli;

import java.io.PrintStream;

/**
 * The one place that prints. Progress rewrites a single line on a terminal and becomes plain log lines
 * (only when the text changes) when output goes to a file or a CI log. stderr carries exactly one line
 * when a run fails (see {@link ErrorLine}): warnings and any error after the first go to stdout.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private String lastProgress;
    private boolean progressLineOpen;

    public Console(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        // A console serves one run; tests build several in one JVM, each with its own stderr line.
        ErrorLine.newRun();
    }

    public static Console system() {
        return new Console(System.out, System.err, System.console() != null);
    }

    public synchronized void info(String line) {
        closeProgress();
        out.println(line);
        out.flush();
    }

    public synchronized void warn(String line) {
        closeProgress();
        out.println("warning: " + line);
        out.flush();
    }

    /** The one-line reason a run failed: the run's first goes to stderr, later ones to stdout. */
    public synchronized void error(String line) {
        closeProgress();
        ErrorLine.print(out, err, line);
    }

    /** With --verbose, the stack trace behind an error already reported in one line. */
    public synchronized void trace(Throwable t) {
        if (ErrorLine.verbose()) {
            t.printStackTrace(err);
        }
    }

    /**
     * Shows progress. On a terminal the line is redrawn every call; elsewhere a line is printed only
     * when {@code state} (what changed, e.g. "3/8 chunks") differs from the last one, so logs do not
     * fill with ticking clocks.
     */
    public synchronized void progress(String state, String line) {
        if (terminal) {
            out.print("\r\033[2K" + line);
            progressLineOpen = true;
        } else if (!state.equals(lastProgress)) {
            out.println(line);
        }
        lastProgress = state;
        out.flush();
    }

    /** Ends a progress sequence so the next one starts fresh. */
    public synchronized void endProgress() {
        closeProgress();
        lastProgress = null;
    }

    private void closeProgress() {
        if (progressLineOpen) {
            out.println();
            progressLineOpen = false;
        }
    }
}
