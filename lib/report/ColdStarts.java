package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Which task attempts were cold starts, where the history says so: the task-ending event's details
 * carrying {@link statemachine.HistoryRecorder#COLD_START_FIELD} (written by the --local target from
 * the RIE's REPORT line). Indexes follow
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
            String detailsField = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
            if (e.path(detailsField).has(statemachine.HistoryRecorder.COLD_START_FIELD)) {
                cold.add(attempt);
            }
            attempt++;
        }
        return cold;
    }
}
