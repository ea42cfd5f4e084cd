package stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import json.Json;

/**
 * A CloudFormation template read as a tree, so local targets follow what it declares (the state
 * machine, the function's environment) instead of a retyped copy. Long-form intrinsics only
 * (Fn::Sub, not !Sub), which plain YAML readers see as maps.
 */
public record Template(Path file, JsonNode root) {
    public static Template read(Path file) {
        try {
            return new Template(file, Json.YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
