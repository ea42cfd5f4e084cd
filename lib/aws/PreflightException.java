package aws;

/** Pre-flight refused the run before anything was created: the CLI prints the message and exits 1. */
public class PreflightException extends RuntimeException {
    public static final int EXIT_CODE = 1;

    public PreflightException(String oneLineReason) {
        super(oneLineReason);
    }

    public PreflightException(String oneLineReason, Throwable cause) {
        super(oneLineReason, cause);
    }
}
