package aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Waits for one execution to finish: DescribeExecution with growing delays up to the policy's cap,
 * progress (Map iterations done / total) read from the history as it grows, and the full history
 * fetched at the end. Wall-clock comes from the execution's own startDate/stopDate, so it carries
 * none of the poll granularity.
 */
public final class ExecutionWaiter {
    public enum Outcome {
        SUCCEEDED, FAILED, TIMED_OUT, ABORTED,
        /** The execution was still running when the waiter's cap was reached. */
        WAIT_CAP_REACHED
    }

    public record Result(Outcome outcome, DescribeExecutionResponse description, ExecutionHistory history,
                         Optional<ExecutionHistory.Failure> failure) {
        public boolean succeeded() {
            return outcome == Outcome.SUCCEEDED;
        }

        /** The execution's own duration; empty while it has not stopped. */
        public Optional<Duration> executionDuration() {
            Instant start = description.startDate();
            Instant stop = description.stopDate();
            return start == null || stop == null ? Optional.empty() : Optional.of(Duration.between(start, stop));
        }
    }

    private final SfnCalls calls;
    private final PollPolicy policy;
    private final PollPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final Consumer<String> progress;

    public ExecutionWaiter(SfnCalls calls, PollPolicy policy, Consumer<String> progress) {
        this(calls, policy, d -> Thread.sleep(d.toMillis()), System::nanoTime, progress);
    }

    /** With an injected sleeper and clock, so tests run the policy on recorded responses instantly. */
    public ExecutionWaiter(SfnCalls calls, PollPolicy policy, PollPolicy.Sleeper sleeper, LongSupplier nanoClock,
                           Consumer<String> progress) {
        this.calls = calls;
        this.policy = policy;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.progress = progress;
    }

    public Result await(String executionArn) throws InterruptedException {
        return await(executionArn, h -> { });
    }

    /** As {@link #await(String)}, also handing every fetched history to {@code onHistory} (for richer progress). */
    public Result await(String executionArn, Consumer<ExecutionHistory> onHistory) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + policy.cap().toNanos();
        Duration delay = policy.initialDelay();
        String lastProgress = null;
        while (true) {
            DescribeExecutionResponse d = policy.call(() -> calls.describeExecution(executionArn), sleeper);
            ExecutionHistory history = FetchExecutionHistory.run(calls, executionArn, policy, sleeper);
            onHistory.accept(history);
            if (d.status() != ExecutionStatus.RUNNING && d.status() != ExecutionStatus.PENDING_REDRIVE) {
                return finished(d, history);
            }
            ExecutionHistory.MapProgress p = history.mapProgress();
            String line = p.total() == 0 ? "planning" : "chunks " + p.done() + "/" + p.total() + " done"
                    + (p.failed() > 0 ? ", " + p.failed() + " failed" : "");
            if (!line.equals(lastProgress)) {
                progress.accept(line);
                lastProgress = line;
            }
            if (nanoClock.getAsLong() >= deadline) {
                progress.accept("still running after " + policy.cap().toMinutes() + " min; giving up waiting");
                return new Result(Outcome.WAIT_CAP_REACHED, d, history, Optional.empty());
            }
            sleeper.sleep(delay);
            delay = policy.next(delay);
        }
    }

    private static Result finished(DescribeExecutionResponse d, ExecutionHistory history) {
        Outcome outcome = switch (d.status()) {
            case SUCCEEDED -> Outcome.SUCCEEDED;
            case TIMED_OUT -> Outcome.TIMED_OUT;
            case ABORTED -> Outcome.ABORTED;
            default -> Outcome.FAILED;
        };
        Optional<ExecutionHistory.Failure> failure = outcome == Outcome.SUCCEEDED ? Optional.empty()
                : history.firstFailure().or(() -> Optional.of(new ExecutionHistory.Failure("DescribeExecution", 0,
                        d.error(), d.cause(), null, -1)));
        return new Result(outcome, d, history, failure);
    }
}
