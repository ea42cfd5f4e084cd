/** The Lambda error type "S3_URI_NOT_ALLOWED"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class S3_URI_NOT_ALLOWED extends contract.RenderFailure {
    public S3_URI_NOT_ALLOWED(String message, Throwable cause) {
        super(contract.ErrorName.S3_URI_NOT_ALLOWED, message, cause);
    }
}
