/** The Lambda error type "INVALID_COMPOSITION"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class INVALID_COMPOSITION extends contract.RenderFailure {
    public INVALID_COMPOSITION(String message, Throwable cause) {
        super(contract.ErrorName.INVALID_COMPOSITION, message, cause);
    }
}
