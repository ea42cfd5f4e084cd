package pipeline;

import contract.Events;
import java.nio.file.Path;
import java.util.List;

/** A deployed render stack: its bucket, and executions of its state machine. */
public interface Deployment {
    String bucket();

    /**
     * Where in the bucket this run writes: "" when the bucket is the run's own; a per-run prefix in a
     * stack that outlives the run (--stack), so that teardown can remove exactly what the run wrote.
     */
    default String keyPrefix() {
        return "";
    }

    /** The function's memory, the basis of the cost estimate. */
    int memoryMb();

    /** The function's architecture, x86_64 or arm64: which Lambda price the cost estimate uses. */
    default String architecture() {
        return "x86_64";
    }

    void upload(Path file, String key);

    void download(String key, Path target);

    RunningExecution start(String executionName, Events.ExecutionInput input);

    /**
     * Invokes the render function once with this event, bypassing the state machine (conformance sends
     * bad events this way). Returns its result, or throws with the Lambda error type it raised.
     */
    default String invokeFunction(String eventJson) throws statemachine.FunctionError {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot invoke its function directly");
    }

    /** What a user needs to look at a deployment kept with --keep-stack. */
    List<String> inspectHints();

    /**
     * One resource after teardown: gone, left behind, or unverified (the check could not tell, e.g.
     * the endpoint did not answer before the teardown deadline). Unverified is never reported as gone.
     */
    record CleanupCheck(String kind, String name, Status status, String note) {
        public enum Status { gone, left, unverified }

        public CleanupCheck(String kind, String name, boolean gone) {
            this(kind, name, gone ? Status.gone : Status.left, null);
        }

        public static CleanupCheck unverified(String kind, String name, String why) {
            return new CleanupCheck(kind, name, Status.unverified, why);
        }

        public boolean gone() {
            return status == Status.gone;
        }
    }
}
