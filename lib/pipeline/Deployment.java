package pipeline;

import contract.Events;
import java.nio.file.Path;
import java.util.List;

/** A deployed render stack: its bucket, and executions of its state machine. */
public interface Deployment {
    String bucket();

    /** The function's memory, the basis of the cost estimate. */
    int memoryMb();

    void upload(Path file, String key);

    void download(String key, Path target);

    RunningExecution start(String executionName, Events.ExecutionInput input);

    /** What a user needs to look at a deployment kept with --keep-stack. */
    List<String> inspectHints();

    /** After teardown: each resource of this deployment with whether it is gone. */
    List<CleanupCheck> verifyGone();

    record CleanupCheck(String kind, String name, boolean gone) {}
}
