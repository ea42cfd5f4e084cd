package contract;

/**
 * Error names the handler raises as its Lambda error type. Non-retryable ones are listed in the state
 * machine's first Retry rule (MaxAttempts 0); any other failure is retryable and surfaces under a
 * name the States.ALL rule catches.
 */
public enum ErrorName {
    PLAN_HASH_MISMATCH(false),
    PLAN_TOO_LARGE(false),
    FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED(false),
    S3_URI_NOT_ALLOWED(false),
    INVALID_PROJECT_ARCHIVE(false),
    INVALID_COMPOSITION(false),
    INVALID_EVENT(false),
    CHUNK_COUNT_MISMATCH(false),
    /** A chunk's bytes differ from the Sha256 its render reported; re-running assemble reads the same bytes. */
    CHUNK_HASH_MISMATCH(false),
    /** Anything unexpected (S3 hiccup, ffmpeg crash): worth another attempt. */
    RENDER_FAILED(true);

    private final boolean retryable;

    ErrorName(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
