/** The Lambda error type "INVALID_PROJECT_ARCHIVE"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class INVALID_PROJECT_ARCHIVE extends contract.RenderFailure {
    public INVALID_PROJECT_ARCHIVE(String message, Throwable cause) {
        super(contract.ErrorName.INVALID_PROJECT_ARCHIVE, message, cause);
    }
}
