//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.22.4
package stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * A CloudFormation template read as a tree, so local targets follow what it declares (the state
 * machine, the function's environment) instead of a retyped copy. Long-form intrinsics only
 * (Fn::Sub, not !Sub), which plain YAML readers see as maps.
 */
public record Template(Path file, JsonNode root) {
    /**
     * Declared here rather than in json.Json, which the handler compiles: the handler reads no YAML,
     * and its artifact leaves the YAML parser out.
     */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static Template read(Path file) {
        try {
            return new Template(file, YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The outputs every contract-following stack declares (REFERENCE.md), in the order they are reported. */
    public static final java.util.List<String> CONTRACT_OUTPUTS = java.util.List.of("RenderBucketName", "RenderStateMachineArn",
            "RenderFunctionArn");

    /** The contract outputs this template does not declare, in contract order. */
    public java.util.List<String> missingContractOutputs() {
        return CONTRACT_OUTPUTS.stream().filter(o -> !root.path("Outputs").has(o)).toList();
    }

    public java.util.Set<String> parameterNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        root.path("Parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The logical ids of the resources of this type. */
    public java.util.List<String> resourcesOf(String type) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /**
     * A property value as a string: a literal, or {"Ref": Parameter} resolved to the given value or
     * the parameter's Default; null for anything else (other intrinsics, a resource's Ref).
     */
    public String resolveScalar(JsonNode value, Map<String, String> parameters) {
        if (value.isValueNode()) {
            return value.asText();
        }
        String ref = value.path("Ref").asText(null);
        if (ref != null && root.path("Parameters").has(ref)) {
            if (parameters.containsKey(ref)) {
                return parameters.get(ref);
            }
            JsonNode d = root.path("Parameters").path(ref).path("Default");
            return d.isValueNode() && !d.isMissingNode() ? d.asText() : null;
        }
        return null;
    }

    /** Whether this value is {"Ref": X} for a resource X of this type. */
    public boolean refersTo(JsonNode value, String type) {
        String ref = value.path("Ref").asText(null);
        return ref != null && type.equals(root.path("Resources").path(ref).path("Type").asText());
    }

    /** The Properties of the first resource of this type; fails naming the file when there is none. */
    public JsonNode propertiesOf(String type) {
        Iterator<Map.Entry<String, JsonNode>> resources = root.path("Resources").fields();
        while (resources.hasNext()) {
            JsonNode r = resources.next().getValue();
            if (type.equals(r.path("Type").asText())) {
                return r.path("Properties");
            }
        }
        throw new IllegalArgumentException(file + ": no " + type + " resource");
    }
}
