package statemachine;

/** A failed invocation as Lambda reports it: errorType (what Retry rules match) and errorMessage. */
public final class FunctionError extends Exception {
    private final String errorType;

    public FunctionError(String errorType, String errorMessage) {
        super(errorMessage);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
