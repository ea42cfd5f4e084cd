package aws;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run created (or was about to create), collected as resources appear, so VerifyCleanup can
 * prove each is gone even when the deploy failed halfway.
 */
public final class RunResources {
    public enum Kind {
        stack, bucket, function, stateMachine, logGroup, role, alarm
    }

    public record Resource(Kind kind, String name) {}

    private final RunNames names;
    private final Set<Resource> resources = new LinkedHashSet<>();

    public RunResources(RunNames names) {
        this.names = names;
    }

    public RunNames names() {
        return names;
    }

    public synchronized void add(Kind kind, String name) {
        if (name != null && !name.isBlank()) {
            resources.add(new Resource(kind, name));
        }
    }

    /** A function's own log group is created by Lambda on first invocation, outside the stack. */
    public synchronized void addFunction(String functionName) {
        add(Kind.function, functionName);
        add(Kind.logGroup, "/aws/lambda/" + functionName);
    }

    public synchronized List<Resource> all() {
        return List.copyOf(resources);
    }
}
