package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One entry of a state's Retry list, with the Step Functions defaults for absent fields. */
public record RetryRule(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                        Double maxDelaySeconds) {

    static List<RetryRule> listOf(JsonNode retry) {
        List<RetryRule> rules = new ArrayList<>();
        if (retry == null) {
            return rules;
        }
        for (JsonNode r : retry) {
            List<String> names = new ArrayList<>();
            r.path("ErrorEquals").forEach(n -> names.add(n.asText()));
            rules.add(new RetryRule(names,
                    r.path("IntervalSeconds").asDouble(1),
                    r.has("MaxAttempts") ? r.get("MaxAttempts").asInt() : 3,
                    r.path("BackoffRate").asDouble(2.0),
                    r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null));
        }
        return rules;
    }

    /** States.ALL matches every error except States.Runtime, as in Step Functions. */
    boolean matches(String error) {
        if (errorEquals.contains(error)) {
            return true;
        }
        return (errorEquals.contains("States.ALL") || errorEquals.contains("States.TaskFailed"))
                && !error.equals("States.Runtime");
    }

    /** Delay before retry number {@code retry} (1-based) under this rule. */
    long delayMillis(int retry) {
        double seconds = intervalSeconds * Math.pow(backoffRate, retry - 1);
        if (maxDelaySeconds != null) {
            seconds = Math.min(seconds, maxDelaySeconds);
        }
        return Math.round(seconds * 1000);
    }
}
