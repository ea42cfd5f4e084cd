package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Writes an execution history in the shape of Step Functions' GetExecutionHistory response
 * ({"events": [{timestamp, type, id, previousEventId, <type>EventDetails}]}), so reports and
 * progress read local runs exactly like AWS ones. Timestamps are epoch seconds, as on the wire.
 */
public final class HistoryRecorder {
    /**
     * The one field local targets add to a task-ending event's details, marking an execution
     * environment's first invocation: {"environment": ..., "initDurationMs": ...}. Step Functions never
     * writes it; readers that do not know it ignore it.
     */
    public static final String COLD_START_FIELD = "renderproofColdStart";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ArrayNode events = F.arrayNode();
    private final LongSupplier clock;
    private final Consumer<JsonNode> listener;

    public HistoryRecorder(LongSupplier clockMillis, Consumer<JsonNode> listener) {
        this.clock = clockMillis;
        this.listener = listener;
    }

    /** Appends an event; returns its id so later events can name it as their previous event. */
    public synchronized long add(String type, long previousEventId, String detailsField, ObjectNode details) {
        ObjectNode e = F.objectNode();
        long id = events.size() + 1;
        e.put("timestamp", clock.getAsLong() / 1000.0);
        e.put("type", type);
        e.put("id", id);
        e.put("previousEventId", previousEventId);
        if (details != null) {
            e.set(detailsField, details);
        }
        events.add(e);
        listener.accept(e);
        return id;
    }

    public synchronized ObjectNode toJson() {
        ObjectNode root = F.objectNode();
        root.set("events", events.deepCopy());
        return root;
    }

    static ObjectNode details() {
        return F.objectNode();
    }
}
