/** The Lambda error type "PLAN_TOO_LARGE"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class PLAN_TOO_LARGE extends contract.RenderFailure {
    public PLAN_TOO_LARGE(String message, Throwable cause) {
        super(contract.ErrorName.PLAN_TOO_LARGE, message, cause);
    }
}
