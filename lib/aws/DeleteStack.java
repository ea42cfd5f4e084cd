package aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** Deletes this run's stack (after checking its run tag) and waits until CloudFormation says it is gone. */
public final class DeleteStack {
    public static final Duration DEFAULT_CAP = Duration.ofMinutes(20);
    private static final Duration POLL = Duration.ofSeconds(3);

    private DeleteStack() {}

    /** @return false if there was no such stack */
    public static boolean run(CloudFormationClient cfn, RunNames names, Duration cap, Consumer<String> progress) {
        return run(cfn, names.stackName(), names.runId(), cap, progress);
    }

    /** Deletes the named stack if it carries runId's tag (cleanup of earlier runs finds stacks by tag). */
    public static boolean run(CloudFormationClient cfn, String stackName, String runId, Duration cap, Consumer<String> progress) {
        Stack stack = find(cfn, stackName);
        if (stack == null || stack.stackStatus() == StackStatus.DELETE_COMPLETE) {
            return false;
        }
        Map<String, String> tags = stack.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        if (!runId.equals(tags.get(RunNames.RUN_ID_TAG))) {
            throw new IllegalStateException("stack " + stackName + " does not carry run " + runId
                    + "'s tag (" + RunNames.RUN_ID_TAG + "); not deleting it");
        }
        // Deleting by the unique stack id, not the name, so a same-named stack created later is safe.
        String stackId = stack.stackId();
        cfn.deleteStack(r -> r.stackName(stackId));
        progress.accept("deleting stack " + stackName);
        long deadline = System.nanoTime() + cap.toNanos();
        while (true) {
            Stack now = find(cfn, stackId);
            if (now == null || now.stackStatus() == StackStatus.DELETE_COMPLETE) {
                progress.accept("stack " + stackName + " deleted");
                return true;
            }
            if (now.stackStatus() == StackStatus.DELETE_FAILED) {
                throw new IllegalStateException("stack " + stackName + " DELETE_FAILED: " + now.stackStatusReason());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stack " + stackName + " still " + now.stackStatusAsString()
                        + " after " + cap.toMinutes() + " min");
            }
            DeployStack.sleep(POLL);
        }
    }

    static Stack find(CloudFormationClient cfn, String nameOrId) {
        try {
            List<Stack> stacks = cfn.describeStacks(r -> r.stackName(nameOrId)).stacks();
            return stacks.isEmpty() ? null : stacks.get(0);
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return null;
            }
            throw e;
        }
    }
}
