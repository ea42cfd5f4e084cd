package aws;

/**
 * The stack did not reach CREATE_COMPLETE. Carries the first failing resource and its
 * ResourceStatusReason, which is what a user needs to fix it; the CLI exits 3.
 */
public class DeployException extends RuntimeException {
    public static final int EXIT_CODE = 3;

    private final String logicalResourceId;
    private final String reason;

    public DeployException(String stackName, String logicalResourceId, String resourceType, String reason) {
        super("stack " + stackName + " failed" + (logicalResourceId == null ? "" : " at " + logicalResourceId
                + (resourceType == null ? "" : " (" + resourceType + ")")) + ": " + reason);
        this.logicalResourceId = logicalResourceId;
        this.reason = reason;
    }

    public String logicalResourceId() {
        return logicalResourceId;
    }

    public String reason() {
        return reason;
    }
}
