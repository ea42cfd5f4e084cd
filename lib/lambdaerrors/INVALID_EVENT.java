/** The Lambda error type "INVALID_EVENT"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class INVALID_EVENT extends contract.RenderFailure {
    public INVALID_EVENT(String message, Throwable cause) {
        super(contract.ErrorName.INVALID_EVENT, message, cause);
    }
}
