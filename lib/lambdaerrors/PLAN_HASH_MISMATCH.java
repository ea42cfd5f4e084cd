/** The Lambda error type "PLAN_HASH_MISMATCH"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class PLAN_HASH_MISMATCH extends contract.RenderFailure {
    public PLAN_HASH_MISMATCH(String message, Throwable cause) {
        super(contract.ErrorName.PLAN_HASH_MISMATCH, message, cause);
    }
}
