package aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import json.Json;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Reads what a render did from its Step Functions history: map progress, the first failure (error,
 * cause, state, chunk index), state transitions and the handler-reported durations that price it.
 * The same parser reads AWS histories and the local engine's, which share GetExecutionHistory's shape.
 */
public final class ExecutionHistory {
    public record MapProgress(int done, int failed, int total) {}

    /** @param mapIndex the Map iteration (chunk index) the failure happened in, or -1 */
    public record Failure(String eventType, long eventId, String error, String cause, String state, int mapIndex) {
        public String oneLine() {
            return (state != null ? state : eventType) + (mapIndex >= 0 ? " [chunk " + mapIndex + "]" : "")
                    + ": " + error + (cause == null || cause.isBlank() ? "" : ": " + cause);
        }
    }

    private final List<HistoryEvent> events;
    private final Map<Long, HistoryEvent> byId = new HashMap<>();

    public ExecutionHistory(List<HistoryEvent> events) {
        this.events = List.copyOf(events);
        for (HistoryEvent e : events) {
            byId.put(e.id(), e);
        }
    }

    public List<HistoryEvent> events() {
        return events;
    }

    /** The latest Map state's iterations: finished successfully, failed, and the total it fanned out. */
    public MapProgress mapProgress() {
        int total = 0;
        int done = 0;
        int failed = 0;
        for (HistoryEvent e : events) {
            switch (e.type()) {
                case MAP_STATE_STARTED -> {
                    total = e.mapStateStartedEventDetails() == null || e.mapStateStartedEventDetails().length() == null
                            ? 0 : e.mapStateStartedEventDetails().length();
                    done = 0;
                    failed = 0;
                }
                case MAP_ITERATION_SUCCEEDED -> done++;
                case MAP_ITERATION_FAILED, MAP_ITERATION_ABORTED -> failed++;
                default -> { }
            }
        }
        return new MapProgress(done, failed, total);
    }

    /** Step Functions bills each state entered as a transition. */
    public long stateTransitions() {
        return events.stream().filter(e -> e.typeAsString() != null && e.typeAsString().endsWith("StateEntered")).count();
    }

    /** Lambda invocations, retries included: each is billed as a request. */
    public long lambdaInvocations() {
        return events.stream().filter(e -> e.type() == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED
                || (e.type() == HistoryEventType.TASK_SCHEDULED && e.taskScheduledEventDetails() != null
                    && "lambda".equals(e.taskScheduledEventDetails().resourceType()))).count();
    }

    /** Successful task results: the Lambda payload, unwrapped from lambda:invoke's response envelope. */
    public List<JsonNode> taskResults() {
        List<JsonNode> out = new ArrayList<>();
        for (HistoryEvent e : events) {
            String output = switch (e.type()) {
                case TASK_SUCCEEDED -> e.taskSucceededEventDetails() == null ? null : e.taskSucceededEventDetails().output();
                case LAMBDA_FUNCTION_SUCCEEDED -> e.lambdaFunctionSucceededEventDetails() == null
                        ? null : e.lambdaFunctionSucceededEventDetails().output();
                default -> null;
            };
            if (output == null) {
                continue;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(output);
                out.add(node.has("Payload") && node.get("Payload").isObject() ? node.get("Payload") : node);
            } catch (IOException notJson) {
                // a task whose output is not JSON reports nothing we can use
            }
        }
        return out;
    }

    /** Each successful invocation's own DurationMs (the contract's results all carry one). */
    public List<Long> handlerDurationsMs() {
        return taskResults().stream().filter(n -> n.has("DurationMs")).map(n -> n.get("DurationMs").asLong()).toList();
    }

    /**
     * The first occurrence of what failed the execution. A task failure that a retry later got past
     * is not it: when the execution failed, the first task failure with the execution's error name is
     * preferred; otherwise the first failure event of any kind.
     */
    public Optional<Failure> firstFailure() {
        Optional<Failure> fatal = events.stream().filter(e -> e.type() == HistoryEventType.EXECUTION_FAILED
                || e.type() == HistoryEventType.EXECUTION_TIMED_OUT || e.type() == HistoryEventType.EXECUTION_ABORTED)
                .findFirst().map(this::failureOf);
        List<Failure> failures = events.stream().filter(ExecutionHistory::isFailure).map(this::failureOf).toList();
        if (fatal.isPresent() && fatal.get().error() != null) {
            String error = fatal.get().error();
            for (Failure f : failures) {
                if (error.equals(f.error())) {
                    return Optional.of(f);
                }
            }
        }
        return failures.isEmpty() ? fatal : Optional.of(failures.get(0));
    }

    private static boolean isFailure(HistoryEvent e) {
        return switch (e.type()) {
            case TASK_FAILED, TASK_TIMED_OUT, LAMBDA_FUNCTION_FAILED, LAMBDA_FUNCTION_TIMED_OUT,
                 MAP_ITERATION_FAILED, EXECUTION_FAILED, EXECUTION_TIMED_OUT, EXECUTION_ABORTED -> true;
            default -> false;
        };
    }

    private Failure failureOf(HistoryEvent e) {
        String error = null;
        String cause = null;
        switch (e.type()) {
            case TASK_FAILED -> {
                error = e.taskFailedEventDetails().error();
                cause = e.taskFailedEventDetails().cause();
            }
            case TASK_TIMED_OUT -> {
                error = e.taskTimedOutEventDetails().error();
                cause = e.taskTimedOutEventDetails().cause();
            }
            case LAMBDA_FUNCTION_FAILED -> {
                error = e.lambdaFunctionFailedEventDetails().error();
                cause = e.lambdaFunctionFailedEventDetails().cause();
            }
            case LAMBDA_FUNCTION_TIMED_OUT -> {
                error = e.lambdaFunctionTimedOutEventDetails().error();
                cause = e.lambdaFunctionTimedOutEventDetails().cause();
            }
            case EXECUTION_FAILED -> {
                error = e.executionFailedEventDetails().error();
                cause = e.executionFailedEventDetails().cause();
            }
            case EXECUTION_TIMED_OUT -> {
                error = e.executionTimedOutEventDetails() == null ? "States.Timeout" : e.executionTimedOutEventDetails().error();
                cause = e.executionTimedOutEventDetails() == null ? null : e.executionTimedOutEventDetails().cause();
            }
            case EXECUTION_ABORTED -> {
                error = e.executionAbortedEventDetails() == null ? "Aborted" : e.executionAbortedEventDetails().error();
                cause = e.executionAbortedEventDetails() == null ? null : e.executionAbortedEventDetails().cause();
            }
            case MAP_ITERATION_FAILED -> {
                // The iteration event names no error; the task failure inside it does.
                error = "MapIterationFailed";
                cause = "iteration " + e.mapIterationFailedEventDetails().index() + " of "
                        + e.mapIterationFailedEventDetails().name() + " failed";
            }
            default -> { }
        }
        return new Failure(e.typeAsString(), e.id(), error, cause, enclosingState(e), mapIndex(e));
    }

    /** The state an event happened in: the nearest StateEntered up its previousEventId chain. */
    private String enclosingState(HistoryEvent e) {
        for (HistoryEvent cur = e; cur != null; cur = byId.get(cur.previousEventId())) {
            if (cur.stateEnteredEventDetails() != null) {
                return cur.stateEnteredEventDetails().name();
            }
            if (cur.previousEventId() == null || cur.previousEventId() == 0) {
                break;
            }
        }
        return null;
    }

    /** The Map iteration an event happened in, found through the MapIterationStarted it descends from. */
    private int mapIndex(HistoryEvent e) {
        for (HistoryEvent cur = e; cur != null; cur = byId.get(cur.previousEventId())) {
            if (cur.mapIterationStartedEventDetails() != null && cur.mapIterationStartedEventDetails().index() != null) {
                return cur.mapIterationStartedEventDetails().index();
            }
            if (cur.mapIterationFailedEventDetails() != null && cur.mapIterationFailedEventDetails().index() != null) {
                return cur.mapIterationFailedEventDetails().index();
            }
            if (cur.type() == HistoryEventType.MAP_STATE_STARTED || cur.previousEventId() == null || cur.previousEventId() == 0) {
                break;
            }
        }
        return -1;
    }

    /** As GetExecutionHistory's response: {"events": [...]}. */
    public ObjectNode toJson() {
        return ModelJson.write(GetExecutionHistoryResponse.builder().events(events).build());
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.MAPPER.writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a history saved by {@link #write} or written by the local engine (one page, or several concatenated). */
    public static ExecutionHistory read(JsonNode json) {
        GetExecutionHistoryResponse r = ModelJson.read(json, GetExecutionHistoryResponse::builder);
        return new ExecutionHistory(r.events());
    }

    public static ExecutionHistory read(Path file) {
        try {
            return read(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
