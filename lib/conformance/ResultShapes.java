package conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import json.Json;

/**
 * Each action's result on a real render, as the function returned it (the history's TaskSucceeded
 * output, before any ResultSelector): every contract field present with its type.
 */
public final class ResultShapes {
    static final String AREA = "results";

    enum Type { STRING, INTEGER, BOOLEAN, STRING_OR_NULL, SHA256 }

    static final Map<String, Map<String, Type>> FIELDS = new LinkedHashMap<>();

    static {
        Map<String, Type> plan = new LinkedHashMap<>();
        plan.put("PlanS3Uri", Type.STRING);
        plan.put("PlanHash", Type.STRING);
        plan.put("ChunkCount", Type.INTEGER);
        plan.put("TotalFrames", Type.INTEGER);
        plan.put("Fps", Type.INTEGER);
        plan.put("Width", Type.INTEGER);
        plan.put("Height", Type.INTEGER);
        plan.put("Format", Type.STRING);
        plan.put("HasAudio", Type.BOOLEAN);
        plan.put("AudioS3Uri", Type.STRING_OR_NULL);
        plan.put("DurationMs", Type.INTEGER);
        Map<String, Type> chunk = new LinkedHashMap<>();
        chunk.put("ChunkS3Uri", Type.STRING);
        chunk.put("ChunkIndex", Type.INTEGER);
        chunk.put("Sha256", Type.SHA256);
        chunk.put("FramesEncoded", Type.INTEGER);
        chunk.put("DurationMs", Type.INTEGER);
        Map<String, Type> assemble = new LinkedHashMap<>();
        assemble.put("OutputS3Uri", Type.STRING);
        assemble.put("FramesEncoded", Type.INTEGER);
        assemble.put("FileSize", Type.INTEGER);
        assemble.put("DurationMs", Type.INTEGER);
        FIELDS.put("plan", plan);
        FIELDS.put("renderChunk", chunk);
        FIELDS.put("assemble", assemble);
    }

    private ResultShapes() {}

    /** The function's results by action, from a GetExecutionHistory-shaped history. */
    public static Map<String, List<JsonNode>> resultsByAction(JsonNode history) {
        JsonNode events = history.has("events") ? history.get("events") : history;
        Map<Long, JsonNode> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.path("id").asLong(), e));
        Map<String, List<JsonNode>> results = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (!"TaskSucceeded".equals(e.path("type").asText())) {
                continue;
            }
            JsonNode started = byId.get(e.path("previousEventId").asLong());
            JsonNode scheduled = started == null ? null : byId.get(started.path("previousEventId").asLong());
            String action = scheduled == null ? "unknown"
                    : read(scheduled.path("taskScheduledEventDetails").path("parameters").asText("{}")).path("Payload").path("Action").asText("unknown");
            JsonNode out = read(e.path("taskSucceededEventDetails").path("output").asText("{}"));
            results.computeIfAbsent(action, k -> new ArrayList<>()).add(out.has("Payload") ? out.get("Payload") : out);
        }
        return results;
    }

    public static List<Point> check(JsonNode history) {
        Map<String, List<JsonNode>> results = resultsByAction(history);
        List<Point> points = new ArrayList<>();
        FIELDS.forEach((action, fields) -> {
            String name = action + " result fields and types";
            List<JsonNode> seen = results.getOrDefault(action, List.of());
            if (seen.isEmpty()) {
                points.add(Point.fails(AREA, name, "no successful " + action + " invocation in the render's history"));
                return;
            }
            List<String> wrong = new ArrayList<>();
            for (JsonNode r : seen) {
                fields.forEach((field, type) -> {
                    String problem = problem(r, field, type);
                    if (problem != null && !wrong.contains(problem)) {
                        wrong.add(problem);
                    }
                });
            }
            points.add(wrong.isEmpty() ? Point.holds(AREA, name, fields.size() + " fields in " + seen.size() + " result(s)")
                    : Point.fails(AREA, name, String.join("; ", wrong)));
        });
        return points;
    }

    private static String problem(JsonNode result, String field, Type type) {
        if (!result.has(field)) {
            return field + " missing";
        }
        JsonNode v = result.get(field);
        boolean ok = switch (type) {
            case STRING -> v.isTextual() && !v.asText().isEmpty();
            case INTEGER -> v.isIntegralNumber() && v.asLong() >= 0;
            case BOOLEAN -> v.isBoolean();
            case STRING_OR_NULL -> v.isNull() || v.isTextual();
            case SHA256 -> v.isTextual() && v.asText().matches("[0-9a-f]{64}");
        };
        return ok ? null : field + " is " + v + ", expected " + type.name().toLowerCase().replace('_', ' ');
    }

    private static JsonNode read(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
