package aws;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Deletes one of this run's log groups. Lambda may auto-create /aws/lambda/<function> untagged, so
 * ownership is proven by the name, which embeds the run's ProjectName or, for a template that names
 * its function after the stack (no ProjectName parameter), the run's stack name (both carry its run id).
 */
public final class DeleteLogGroup {
    private DeleteLogGroup() {}

    /** @return false if the group did not exist */
    public static boolean run(CloudWatchLogsClient logs, String logGroupName, RunNames names) {
        if (!logGroupName.contains(names.projectName()) && !logGroupName.contains(names.stackName())) {
            throw new IllegalStateException("log group " + logGroupName + " is not named after run "
                    + names.runId() + " (" + names.projectName() + "); not deleting it");
        }
        try {
            logs.deleteLogGroup(r -> r.logGroupName(logGroupName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
