package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import json.Json;

/**
 * Which task attempts were cold starts, where the history says so: a result payload carrying
 * {@code "ColdStart": true} or an {@code InitDurationMs}. Indexes follow
 * {@link statemachine.HistoryAnalysis#attempts()}, which lists attempts in the order their end events
 * appear. Histories that carry neither (Step Functions does not record Lambda init) mark none, and the
 * report says cold starts are not known rather than guessing.
 */
final class ColdStarts {
    private ColdStarts() {}

    static Set<Integer> of(JsonNode history) {
        Set<Integer> cold = new HashSet<>();
        JsonNode events = history.has("events") ? history.get("events") : history;
        int attempt = 0;
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            if (!type.equals("TaskSucceeded") && !type.equals("TaskFailed") && !type.equals("TaskTimedOut")) {
                continue;
            }
            if (type.equals("TaskSucceeded")) {
                JsonNode out = read(e.path("taskSucceededEventDetails").path("output").asText("{}"));
                JsonNode p = out.has("Payload") ? out.get("Payload") : out;
                if (p.path("ColdStart").asBoolean(false) || p.path("InitDurationMs").asLong(0) > 0) {
                    cold.add(attempt);
                }
            }
            attempt++;
        }
        return cold;
    }

    private static JsonNode read(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
