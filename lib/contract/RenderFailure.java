package contract;

/** A failure with a contract error name; the handler turns it into the Lambda error type. */
public class RenderFailure extends RuntimeException {
    private final ErrorName name;

    public RenderFailure(ErrorName name, String message) {
        super(message);
        this.name = name;
    }

    public RenderFailure(ErrorName name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    public ErrorName name() {
        return name;
    }
}
