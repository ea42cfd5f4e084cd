package pipeline;

import java.time.Duration;
import java.util.function.Consumer;
import statemachine.HistoryAnalysis;

/** A started execution. */
public interface RunningExecution {
    /**
     * Waits for the execution to end, at most {@code timeout} (then it is stopped and reported as
     * TIMED_OUT), calling {@code progress} as its history grows.
     */
    ExecutionResult await(Duration timeout, Consumer<HistoryAnalysis> progress);
}
