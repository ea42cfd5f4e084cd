package aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Refuses a run whose stack or buckets already exist, before anything is created: creating into an
 * existing name would either fail halfway or, worse, adopt someone else's resources for teardown.
 */
public final class CheckNamesFree {
    private CheckNamesFree() {}

    public static void run(AwsSession session, RunNames names, String accountId) {
        List<String> taken = new ArrayList<>();
        if (stackExists(session, names.stackName())) {
            taken.add("stack " + names.stackName());
        }
        List<String> buckets = new ArrayList<>(List.of(names.artifactBucket()));
        if (accountId != null) {
            buckets.add(renderBucketName(names, accountId, session.region().id()));
        }
        for (String bucket : buckets) {
            if (bucketExists(session, bucket)) {
                taken.add("bucket " + bucket);
            }
        }
        if (!taken.isEmpty()) {
            throw new PreflightException("run " + names.runId() + " refused: " + String.join(", ", taken)
                    + " already exist(s); nothing was created");
        }
    }

    /** The template's RenderBucket name: ${ProjectName}-${AWS::AccountId}-${AWS::Region}. */
    public static String renderBucketName(RunNames names, String accountId, String region) {
        return names.projectName() + "-" + accountId + "-" + region;
    }

    static boolean stackExists(AwsSession session, String stackName) {
        try {
            List<Stack> stacks = session.cloudFormation().describeStacks(r -> r.stackName(stackName)).stacks();
            return stacks.stream().anyMatch(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE);
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return false;
            }
            throw e;
        }
    }

    static boolean bucketExists(AwsSession session, String bucket) {
        try {
            session.s3().headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            // 403: the name exists but belongs to another account; still taken.
            if (e.statusCode() == 403) {
                return true;
            }
            throw e;
        }
    }
}
