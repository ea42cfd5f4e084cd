package aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS GetCallerIdentity: proves the credentials work before anything costs money. */
public final class Preflight {
    public record CallerIdentity(String account, String arn) {}

    private static final String OFFLINE_HINT = "; configure credentials (or --profile), or run with --embedded for an offline run";

    private Preflight() {}

    public static CallerIdentity run(AwsSession session) {
        try {
            GetCallerIdentityResponse id = session.sts().getCallerIdentity();
            return new CallerIdentity(id.account(), id.arn());
        } catch (StsException e) {
            throw new PreflightException("AWS credentials were rejected (" + e.awsErrorDetails().errorCode()
                    + ", " + session.describe() + ")" + OFFLINE_HINT, e);
        } catch (SdkClientException e) {
            String msg = firstLine(e.getMessage());
            String reason = msg.contains("Unable to load credentials") ? "no AWS credentials found"
                    : "AWS pre-flight failed: " + msg;
            throw new PreflightException(reason + " (" + session.describe() + ")" + OFFLINE_HINT, e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // The default chain lists every provider it tried; the first sentence is what a user needs.
        int bracket = line.indexOf(" [");
        return bracket > 0 ? line.substring(0, bracket) : line;
    }
}
