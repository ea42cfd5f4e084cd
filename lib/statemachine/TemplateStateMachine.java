package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import json.Json;

/**
 * Reads the state machine out of a CloudFormation template, so local runs follow the deployed
 * definition (retries, non-retryable names, Map concurrency) instead of a retyped copy.
 */
public final class TemplateStateMachine {
    private TemplateStateMachine() {}

    public static JsonNode definition(Path template) {
        JsonNode root;
        try {
            root = Json.YAML.readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template + ": " + e.getMessage(), e);
        }
        Iterator<Map.Entry<String, JsonNode>> resources = root.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> r = resources.next();
            if (!"AWS::StepFunctions::StateMachine".equals(r.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode props = r.getValue().path("Properties");
            if (props.has("Definition")) {
                return props.get("Definition");
            }
            JsonNode s = props.path("DefinitionString");
            String text = s.isTextual() ? s.asText() : s.path("Fn::Sub").isTextual() ? s.path("Fn::Sub").asText()
                    : s.path("Fn::Sub").path(0).asText();
            try {
                return Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException(template + ": " + r.getKey() + ".DefinitionString is not JSON: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(template + ": no AWS::StepFunctions::StateMachine resource");
    }
}
