package aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes resources found by {@link ListRunResources}: stacks first (they own most of the rest),
 * then what outlives or escaped a stack. Every resource is tried even if an earlier one failed; the
 * failures are returned. Ownership was established by the listing (run tag, or a name embedding the
 * run's ProjectName); buckets and stacks check their tag again before anything is deleted.
 */
public final class RemoveLeftovers {
    private RemoveLeftovers() {}

    /** @return one line per resource that could not be removed */
    public static List<String> run(AwsSession session, List<ListRunResources.Found> found, Consumer<String> progress) {
        List<String> failures = new ArrayList<>();
        List<ListRunResources.Found> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparingInt(f -> order(f.kind())));
        for (ListRunResources.Found f : ordered) {
            try {
                if (remove(session, f)) {
                    progress.accept("removed " + f.kind() + " " + f.name() + " (run " + f.runId() + ")");
                }
            } catch (RuntimeException e) {
                failures.add(f.kind() + " " + f.name() + ": " + ListRunResources.oneLine(e));
            }
        }
        return failures;
    }

    private static int order(RunResources.Kind kind) {
        return switch (kind) {
            case stack -> 0;
            case alarm -> 1;
            case stateMachine -> 2;
            case function -> 3;
            case role -> 4;
            case logGroup -> 5;
            case bucket -> 6;
        };
    }

    private static boolean remove(AwsSession s, ListRunResources.Found f) {
        RunNames owner = RunNames.of(null, f.runId());
        return switch (f.kind()) {
            case stack -> DeleteStack.run(s.cloudFormation(), f.name(), f.runId(), DeleteStack.DEFAULT_CAP, line -> { });
            case alarm -> {
                DeleteAlarm.run(s, f.name());
                yield true;
            }
            case stateMachine -> DeleteStateMachine.run(s.sfn(), f.name());
            case function -> DeleteFunction.run(s.lambda(), f.name());
            case role -> DeleteRole.run(s.iam(), f.name());
            case logGroup -> DeleteLogGroup.run(s.logs(), f.name(), owner);
            case bucket -> PurgeBucket.run(s.s3(), f.name(), owner, n -> { });
        };
    }
}
