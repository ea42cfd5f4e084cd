package cli;

/** Ends a run with an exit code and a one-line reason for stderr. */
public class RunFailure extends RuntimeException {
    private final int exitCode;

    public RunFailure(int exitCode, String reason) {
        super(reason);
        this.exitCode = exitCode;
    }

    public RunFailure(int exitCode, String reason, Throwable cause) {
        super(reason, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
