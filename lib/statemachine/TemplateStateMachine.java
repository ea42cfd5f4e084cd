package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import json.Json;

/**
 * Reads the state machine out of a CloudFormation template, so local runs follow the deployed
 * definition (retries, non-retryable names, Map concurrency) instead of a retyped copy.
 */
public final class TemplateStateMachine {
    private TemplateStateMachine() {}

    public static JsonNode definition(Path template) {
        JsonNode props = stack.Template.read(template).propertiesOf("AWS::StepFunctions::StateMachine");
        if (props.has("Definition")) {
            return props.get("Definition");
        }
        JsonNode s = props.path("DefinitionString");
        String text = s.isTextual() ? s.asText() : s.path("Fn::Sub").isTextual() ? s.path("Fn::Sub").asText()
                : s.path("Fn::Sub").path(0).asText();
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(template + ": the state machine's DefinitionString is not JSON: " + e.getMessage());
        }
    }
}
