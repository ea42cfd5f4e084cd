/** The Lambda error type "CHUNK_HASH_MISMATCH"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class CHUNK_HASH_MISMATCH extends contract.RenderFailure {
    public CHUNK_HASH_MISMATCH(String message, Throwable cause) {
        super(contract.ErrorName.CHUNK_HASH_MISMATCH, message, cause);
    }
}
