/** The Lambda error type "CHUNK_COUNT_MISMATCH"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class CHUNK_COUNT_MISMATCH extends contract.RenderFailure {
    public CHUNK_COUNT_MISMATCH(String message, Throwable cause) {
        super(contract.ErrorName.CHUNK_COUNT_MISMATCH, message, cause);
    }
}
