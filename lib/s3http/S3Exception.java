package s3http;

/**
 * S3 answered an operation with an error status. The message names the operation, the object, the
 * HTTP status and S3's error code, message and request id (never a header of the request, so never
 * a credential or a signature).
 */
public class S3Exception extends RuntimeException {
    private final int status;
    private final String errorCode;

    public S3Exception(String operation, String target, int status, String errorCode, String message, String requestId) {
        super(operation + " " + target + ": " + (message == null ? "HTTP " + status : message)
                + " (Status Code: " + status + (errorCode == null ? "" : ", Error Code: " + errorCode)
                + (requestId == null ? "" : ", Request ID: " + requestId) + ")");
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** S3's error code (NoSuchKey, AccessDenied, ...), or null when the response had no error body (HEAD). */
    public String errorCode() {
        return errorCode;
    }
}
