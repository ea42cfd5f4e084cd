package local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Marks cold starts in the execution history. The GetExecutionHistory shape is kept; the one addition
 * is an optional field {@value #FIELD} in the details of the TaskSucceeded / TaskFailed event that ended
 * an execution environment's first invocation:
 * {@code "renderproofColdStart": {"environment": "rie-2", "initDurationMs": 812.34}} (initDurationMs is
 * null when the REPORT line did not show up in time). Step Functions never writes this field; readers
 * that do not know it ignore it.
 *
 * <p>How the two meet: statemachine.LocalExecution records the task's end event on the thread that
 * called the invoker, right after the invoker returned or threw, and hands each event to its listener
 * as it is recorded. The pool notes the cold start in a thread-local just before returning, and
 * {@link #historyListener} moves it into that event.
 */
public final class ColdStarts {
    public static final String FIELD = statemachine.HistoryRecorder.COLD_START_FIELD;

    /** A cold start: which environment, and its init duration when the REPORT line was seen. */
    public record ColdStart(String environment, Double initDurationMs) {}

    private static final ThreadLocal<ColdStart> PENDING = new ThreadLocal<>();

    private ColdStarts() {}

    /** Called by the pool on the invoking thread: the invocation that is ending was (or was not) a cold start. */
    static void noteForThisThread(ColdStart coldStart) {
        if (coldStart == null) {
            PENDING.remove();
        } else {
            PENDING.set(coldStart);
        }
    }

    /** Adds the pending cold start, if any, to the task-ending event being recorded; passes every event on. */
    public static Consumer<JsonNode> historyListener(Consumer<JsonNode> next) {
        return event -> {
            String type = event.path("type").asText();
            if (type.equals("TaskSucceeded") || type.equals("TaskFailed") || type.equals("TaskTimedOut")) {
                ColdStart c = PENDING.get();
                PENDING.remove();
                String details = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
                if (c != null && event.get(details) instanceof ObjectNode d) {
                    ObjectNode mark = d.putObject(FIELD);
                    mark.put("environment", c.environment());
                    if (c.initDurationMs() == null) {
                        mark.putNull("initDurationMs");
                    } else {
                        mark.put("initDurationMs", c.initDurationMs());
                    }
                }
            }
            next.accept(event);
        };
    }
}
