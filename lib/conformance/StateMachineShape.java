package conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state machine's shape as the contract fixes it (REFERENCE.md), read from the template's
 * definition, whatever its states are called: a plan task, a Map over the chunk list whose concurrency
 * comes from the plan and whose items carry the chunk event's fields, an assemble task, and on every
 * task a retry policy whose first rule lists non-retryable names with MaxAttempts 0, then States.ALL.
 */
public final class StateMachineShape {
    static final String AREA = "state machine";
    private static final Set<String> ITEM_FIELDS = Set.of("Action", "ChunkIndex", "PlanS3Uri", "PlanHash", "ChunkOutputS3Prefix", "Format");

    private StateMachineShape() {}

    public static List<Point> check(JsonNode definition) {
        List<Point> points = new ArrayList<>();
        Map<String, JsonNode> tasks = new java.util.LinkedHashMap<>();
        JsonNode map = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = definition.path("States").fields(); it.hasNext(); ) {
            var e = it.next();
            if ("Map".equals(e.getValue().path("Type").asText())) {
                map = e.getValue();
                e.getValue().path("ItemProcessor").path("States").fields().forEachRemaining(inner -> {
                    if ("Task".equals(inner.getValue().path("Type").asText())) {
                        tasks.put(e.getKey() + "/" + inner.getKey(), inner.getValue());
                    }
                });
            } else if ("Task".equals(e.getValue().path("Type").asText())) {
                tasks.put(e.getKey(), e.getValue());
            }
        }
        points.add(actionTask(tasks, "plan"));
        points.add(actionTask(tasks, "assemble"));
        if (map == null) {
            points.add(Point.fails(AREA, "Map over the chunk list", "no Map state"));
        } else {
            String items = map.path("ItemsPath").asText("");
            points.add(items.isEmpty() ? Point.fails(AREA, "Map over the chunk list", "the Map has no ItemsPath")
                    : Point.holds(AREA, "Map over the chunk list", "ItemsPath " + items));
            String concurrency = map.path("MaxConcurrencyPath").asText("");
            points.add(concurrency.endsWith(".ChunkCount")
                    ? Point.holds(AREA, "Map concurrency from the plan", "MaxConcurrencyPath " + concurrency)
                    : Point.fails(AREA, "Map concurrency from the plan", "MaxConcurrencyPath is '" + concurrency
                            + "', not the plan's ChunkCount"));
            JsonNode selector = map.has("ItemSelector") ? map.get("ItemSelector") : map.path("Parameters");
            List<String> missing = new ArrayList<>();
            for (String f : ITEM_FIELDS) {
                if (!selector.has(f) && !selector.has(f + ".$")) {
                    missing.add(f);
                }
            }
            points.add(missing.isEmpty() ? Point.holds(AREA, "Map item is the chunk event", "fields " + ITEM_FIELDS.size())
                    : Point.fails(AREA, "Map item is the chunk event", "ItemSelector lacks " + missing));
        }
        tasks.forEach((name, task) -> points.add(retry(name, task)));
        return points;
    }

    private static Point actionTask(Map<String, JsonNode> tasks, String action) {
        String name = "a task invoking Action " + action;
        for (var e : tasks.entrySet()) {
            if (action.equals(e.getValue().path("Parameters").path("Payload").path("Action").asText())) {
                return Point.holds(AREA, name, "state " + e.getKey());
            }
        }
        return Point.fails(AREA, name, "no Task state sends Payload.Action = " + action);
    }

    private static Point retry(String state, JsonNode task) {
        String name = "retry rules of " + state;
        JsonNode rules = task.path("Retry");
        if (!rules.isArray() || rules.size() < 2) {
            return Point.fails(AREA, name, "expected a non-retryable rule then States.ALL, got " + rules.size() + " rule(s)");
        }
        JsonNode first = rules.get(0);
        boolean namesAll = false;
        for (JsonNode n : first.path("ErrorEquals")) {
            namesAll |= n.asText().startsWith("States.");
        }
        if (namesAll || first.path("ErrorEquals").isEmpty() || first.path("MaxAttempts").asInt(-1) != 0) {
            return Point.fails(AREA, name, "the first rule must list error names with MaxAttempts 0, got " + first);
        }
        boolean catchAllLater = false;
        for (int i = 1; i < rules.size(); i++) {
            for (JsonNode n : rules.get(i).path("ErrorEquals")) {
                catchAllLater |= n.asText().equals("States.ALL");
            }
        }
        return catchAllLater ? Point.holds(AREA, name, "non-retryable " + first.path("ErrorEquals") + " first, then States.ALL")
                : Point.fails(AREA, name, "no States.ALL rule after the non-retryable one");
    }
}
