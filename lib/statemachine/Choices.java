package statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/** Choice rule evaluation: the comparison operators a template is likely to use, plus And/Or/Not. */
final class Choices {
    private Choices() {}

    static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        String variable = rule.path("Variable").asText();
        if (rule.has("IsPresent")) {
            boolean present;
            try {
                Paths.read(variable, input, context);
                present = true;
            } catch (StatesError e) {
                present = false;
            }
            return present == rule.get("IsPresent").asBoolean();
        }
        JsonNode value = Paths.read(variable, input, context);
        if (rule.has("NumericGreaterThan")) {
            return value.asDouble() > rule.get("NumericGreaterThan").asDouble();
        }
        if (rule.has("NumericGreaterThanEquals")) {
            return value.asDouble() >= rule.get("NumericGreaterThanEquals").asDouble();
        }
        if (rule.has("NumericLessThan")) {
            return value.asDouble() < rule.get("NumericLessThan").asDouble();
        }
        if (rule.has("NumericLessThanEquals")) {
            return value.asDouble() <= rule.get("NumericLessThanEquals").asDouble();
        }
        if (rule.has("NumericEquals")) {
            return value.asDouble() == rule.get("NumericEquals").asDouble();
        }
        if (rule.has("StringEquals")) {
            return value.asText().equals(rule.get("StringEquals").asText());
        }
        if (rule.has("BooleanEquals")) {
            return value.asBoolean() == rule.get("BooleanEquals").asBoolean();
        }
        throw new StatesError("States.Runtime", "unsupported choice rule " + rule);
    }
}
