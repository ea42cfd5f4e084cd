package pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import json.Json;

/** Writing results: JSON files, and PSNR values that may be infinite (identical frames), which JSON cannot hold as numbers. */
public final class ResultsJson {
    private ResultsJson() {}

    /** A finite value as a number rounded to 0.01, +Infinity as "inf", NaN as null. */
    public static JsonNode db(double value) {
        if (Double.isNaN(value)) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (Double.isInfinite(value)) {
            return JsonNodeFactory.instance.textNode(value > 0 ? "inf" : "-inf");
        }
        return JsonNodeFactory.instance.numberNode(Math.round(value * 100) / 100.0);
    }

    public static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.MAPPER.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
