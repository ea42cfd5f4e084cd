/** The Lambda error type "FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED"; in the unnamed package on purpose, see handler.LambdaErrorTypes. */
public class FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED extends contract.RenderFailure {
    public FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED(String message, Throwable cause) {
        super(contract.ErrorName.FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED, message, cause);
    }
}
