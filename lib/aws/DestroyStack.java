package aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stack's undo: deletes the stack if it exists, then what outlives it: the render bucket
 * (DeletionPolicy Retain), the log groups Lambda or Step Functions may have created outside it, and
 * anything else still carrying this run's tag or name (a create interrupted halfway can leave roles,
 * functions or alarms that no stack owns any more). Each step runs even if an earlier one failed; the
 * failures are reported together.
 */
public final class DestroyStack {
    private DestroyStack() {}

    public static void run(AwsSession session, RunResources resources, Consumer<String> progress) throws Exception {
        RunNames names = resources.names();
        List<String> failures = new ArrayList<>();
        try {
            if (DeleteStack.find(session.cloudFormation(), names.stackName()) != null) {
                DeployStack.recordStackResources(session, resources, names.stackName());
            }
            DeleteStack.run(session.cloudFormation(), names, DeleteStack.DEFAULT_CAP, progress);
        } catch (RuntimeException e) {
            failures.add("stack: " + e.getMessage());
        }
        for (RunResources.Resource r : resources.all()) {
            try {
                switch (r.kind()) {
                    case bucket -> {
                        if (!r.name().equals(names.artifactBucket())
                                && PurgeBucket.run(session.s3(), r.name(), names, n -> {})) {
                            progress.accept("purged and deleted bucket " + r.name());
                        }
                    }
                    case logGroup -> {
                        if (DeleteLogGroup.run(session.logs(), r.name(), names)) {
                            progress.accept("deleted log group " + r.name());
                        }
                    }
                    default -> { }
                }
            } catch (RuntimeException e) {
                failures.add(r.kind() + " " + r.name() + ": " + e.getMessage());
            }
        }
        ListRunResources.Listing sweep = ListRunResources.run(session);
        List<ListRunResources.Found> stragglers = sweep.ofRun(names.runId()).stream()
                .filter(f -> !f.name().equals(names.artifactBucket())).toList();
        stragglers.forEach(f -> resources.add(f.kind(), f.name()));
        failures.addAll(RemoveLeftovers.run(session, stragglers, progress));
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }
}
