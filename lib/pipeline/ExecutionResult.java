package pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import statemachine.HistoryAnalysis;

/**
 * How an execution ended. Wall-clock comes from the execution's own start and stop timestamps, not
 * from how often anyone polled. {@code description} is DescribeExecution's shape (status, dates,
 * error, cause, output).
 */
public record ExecutionResult(String status, long startMillis, long stopMillis, JsonNode description, JsonNode history) {
    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    public long wallClockMs() {
        return stopMillis - startMillis;
    }

    public HistoryAnalysis analysis() {
        return HistoryAnalysis.of(history);
    }
}
