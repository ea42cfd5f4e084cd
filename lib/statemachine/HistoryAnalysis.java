package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import json.Json;

/**
 * Reads a GetExecutionHistory-shaped history (from AWS, or recorded by a local run): map progress,
 * every task attempt with its action, chunk index, timing and outcome, the state transitions billed
 * by Step Functions, and the first failure. One reader for every target, so reports never special-case.
 */
public final class HistoryAnalysis {
    /** One invocation of the function as the history saw it. */
    public record TaskAttempt(String action, Integer chunkIndex, long scheduledMillis, long startedMillis,
                              long endedMillis, boolean succeeded, String error, String cause, Long handlerDurationMs,
                              Integer framesEncoded) {
        public long wallMillis() {
            return endedMillis - startedMillis;
        }
    }

    public record Failure(String error, String cause) {}

    private final List<TaskAttempt> attempts = new ArrayList<>();
    private int mapLength = -1;
    private int iterationsSucceeded;
    private int iterationsFailed;
    private int transitions;
    private Failure failure;
    private long firstEventMillis = Long.MAX_VALUE;
    private long lastEventMillis = Long.MIN_VALUE;

    private HistoryAnalysis() {}

    public static HistoryAnalysis of(JsonNode history) {
        HistoryAnalysis a = new HistoryAnalysis();
        JsonNode events = history.has("events") ? history.get("events") : history;
        Map<Long, JsonNode> byId = new HashMap<>();
        Failure executionFailure = null;
        List<Failure> taskFailures = new ArrayList<>();
        for (JsonNode e : events) {
            byId.put(e.path("id").asLong(), e);
        }
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            long at = millis(e);
            a.firstEventMillis = Math.min(a.firstEventMillis, at);
            a.lastEventMillis = Math.max(a.lastEventMillis, at);
            if (type.endsWith("StateEntered")) {
                a.transitions++;
            }
            switch (type) {
                case "MapStateStarted" -> a.mapLength = e.path("mapStateStartedEventDetails").path("length").asInt();
                case "MapIterationSucceeded" -> a.iterationsSucceeded++;
                case "MapIterationFailed" -> a.iterationsFailed++;
                case "TaskSucceeded", "TaskFailed", "TaskTimedOut" -> a.attempts.add(attempt(e, byId));
                case "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted" -> {
                    JsonNode d = e.path(Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails");
                    executionFailure = new Failure(d.path("error").asText(type), causeMessage(d.path("cause").asText("")));
                }
                default -> { }
            }
            if (type.equals("TaskFailed") || type.equals("TaskTimedOut")) {
                JsonNode d = e.path(type.equals("TaskFailed") ? "taskFailedEventDetails" : "taskTimedOutEventDetails");
                taskFailures.add(new Failure(d.path("error").asText(), causeMessage(d.path("cause").asText(""))));
            }
        }
        a.failure = decisiveFailure(executionFailure, taskFailures);
        return a;
    }

    /**
     * The failure that ended the execution: the first task failure with the execution's error (an
     * earlier transient error that a retry got past is not the cause), else the execution's own.
     */
    private static Failure decisiveFailure(Failure execution, List<Failure> tasks) {
        if (execution == null) {
            return null;
        }
        return tasks.stream().filter(t -> t.error().equals(execution.error())).findFirst().orElse(execution);
    }

    private static TaskAttempt attempt(JsonNode end, Map<Long, JsonNode> byId) {
        JsonNode started = byId.get(end.path("previousEventId").asLong());
        JsonNode scheduled = started == null ? null : byId.get(started.path("previousEventId").asLong());
        JsonNode payload = Json.MAPPER.createObjectNode();
        if (scheduled != null) {
            payload = readJson(scheduled.path("taskScheduledEventDetails").path("parameters").asText("{}")).path("Payload");
        }
        String action = payload.path("Action").asText("unknown");
        Integer chunk = payload.has("ChunkIndex") ? payload.get("ChunkIndex").asInt() : null;
        long endMs = millis(end);
        long startMs = started == null ? endMs : millis(started);
        long schedMs = scheduled == null ? startMs : millis(scheduled);
        if (end.path("type").asText().equals("TaskSucceeded")) {
            JsonNode out = readJson(end.path("taskSucceededEventDetails").path("output").asText("{}"));
            JsonNode p = out.has("Payload") ? out.get("Payload") : out;
            Long handler = p.has("DurationMs") ? p.get("DurationMs").asLong() : null;
            Integer frames = p.has("FramesEncoded") ? p.get("FramesEncoded").asInt() : null;
            return new TaskAttempt(action, chunk, schedMs, startMs, endMs, true, null, null, handler, frames);
        }
        JsonNode d = end.has("taskFailedEventDetails") ? end.get("taskFailedEventDetails") : end.path("taskTimedOutEventDetails");
        return new TaskAttempt(action, chunk, schedMs, startMs, endMs, false, d.path("error").asText(),
                causeMessage(d.path("cause").asText("")), null, null);
    }

    /** Lambda causes are JSON ({"errorMessage":...}); show the message when it is. */
    private static String causeMessage(String cause) {
        JsonNode parsed = readJson(cause);
        return parsed.has("errorMessage") ? parsed.get("errorMessage").asText() : cause;
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** Accepts epoch seconds (the API's wire format) or ISO-8601 strings. */
    private static long millis(JsonNode event) {
        JsonNode ts = event.path("timestamp");
        if (ts.isNumber()) {
            return Math.round(ts.asDouble() * 1000);
        }
        return java.time.OffsetDateTime.parse(ts.asText()).toInstant().toEpochMilli();
    }

    public List<TaskAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Chunks in the Map, or -1 before the Map started. */
    public int mapLength() {
        return mapLength;
    }

    public int iterationsSucceeded() {
        return iterationsSucceeded;
    }

    public int iterationsFailed() {
        return iterationsFailed;
    }

    /** Billed state transitions (one per state entered). */
    public int transitions() {
        return transitions;
    }

    public int retries() {
        return (int) attempts.stream().filter(t -> !t.succeeded()).count();
    }

    /** The failure that ended the execution (see decisiveFailure), or null when it did not fail. */
    public Failure failure() {
        return failure;
    }

    /** Sum of handler-reported durations, falling back to wall time for attempts that report none. */
    public long billedHandlerMillis() {
        return attempts.stream().mapToLong(t -> t.handlerDurationMs() != null ? t.handlerDurationMs() : t.wallMillis()).sum();
    }

    /** First frame of every chunk, from the frames each successful chunk reported, in chunk order. */
    public List<Integer> chunkStartFrames() {
        List<TaskAttempt> chunks = attempts.stream()
                .filter(t -> t.succeeded() && t.chunkIndex() != null && t.framesEncoded() != null)
                .sorted(java.util.Comparator.comparing(TaskAttempt::chunkIndex)).toList();
        List<Integer> starts = new ArrayList<>();
        int frame = 0;
        for (TaskAttempt t : chunks) {
            starts.add(frame);
            frame += t.framesEncoded();
        }
        return starts;
    }

    /** From the first event to the last: the execution's span as its history records it (0 when empty). */
    public long spanMillis() {
        return lastEventMillis < firstEventMillis ? 0 : lastEventMillis - firstEventMillis;
    }

    public int invocations() {
        return attempts.size();
    }
}
