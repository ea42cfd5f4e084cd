package conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import json.Json;
import org.junit.jupiter.api.Test;

/** docs/contract.schema.json says what conformance checks and what the reference stack's error names are: the document stays true. */
class ContractSchemaTest {
    private static JsonNode defs() throws Exception {
        return Json.MAPPER.readTree(Path.of("docs/contract.schema.json").toFile()).path("$defs");
    }

    private static Set<String> required(JsonNode def) {
        Set<String> names = new LinkedHashSet<>();
        def.path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void eachResultsRequiredFieldsAreTheOnesConformanceChecks() throws Exception {
        JsonNode defs = defs();
        assertEquals(ResultShapes.FIELDS.get("plan").keySet(), required(defs.path("PlanResult")));
        assertEquals(ResultShapes.FIELDS.get("renderChunk").keySet(), required(defs.path("ChunkResult")));
        assertEquals(ResultShapes.FIELDS.get("assemble").keySet(), required(defs.path("AssembleResult")));
    }

    @Test
    void theErrorNamesAreTheContractsEnum() throws Exception {
        List<String> documented = new ArrayList<>();
        defs().path("ErrorName").path("enum").forEach(n -> documented.add(n.asText()));
        assertEquals(Arrays.stream(ErrorName.values()).map(Enum::name).sorted().toList(), documented.stream().sorted().toList());
    }
}
