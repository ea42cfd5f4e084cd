/** The Lambda error type "RENDER_FAILED"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class RENDER_FAILED extends contract.RenderFailure {
    public RENDER_FAILED(String message, Throwable cause) {
        super(contract.ErrorName.RENDER_FAILED, message, cause);
    }
}
