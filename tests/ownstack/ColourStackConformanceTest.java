package ownstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ConformanceCommand;
import cli.ExitCode;
import cli.ExitOnBadArguments;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conformance.java against someone else's stack: the colour stack holds the contract; its wrong-error-names variant does not. */
class ColourStackConformanceTest {
    @TempDir
    Path tmp;

    private String stderr = "";

    private int conformance(String variant) {
        List<String> args = new ArrayList<>(List.of("--embedded", "--artifacts", tmp.resolve("artifacts").toString(),
                "--fixtures-dir", ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--concurrency", "2"));
        args.addAll(ColourStack.stackArguments(variant));
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ExitOnBadArguments.execute(new ConformanceCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(original);
            stderr = err.toString(StandardCharsets.UTF_8);
            original.print(stderr);
        }
    }

    private JsonNode point(JsonNode doc, String name) {
        for (JsonNode p : doc.path("points")) {
            if (p.path("point").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no point '" + name + "' in " + doc);
    }

    @Test
    void theColourStackHoldsEveryPointOfTheContract() throws Exception {
        assertEquals(ExitCode.OK, conformance("correct"), stderr);
        JsonNode doc = Json.MAPPER.readTree(tmp.resolve("artifacts/conformance.json").toFile());
        assertTrue(doc.path("allHold").asBoolean(), doc.toString());
        assertTrue(doc.path("points").size() >= 20, doc.toString());
        assertTrue(point(doc, "renderChunk result fields and types").path("holds").asBoolean());
        assertTrue(point(doc, "retry rules of PaintChunks/Paint").path("holds").asBoolean(), "found under its own state names");
        String junit = Files.readString(tmp.resolve("artifacts/junit.xml"));
        assertTrue(junit.contains("failures=\"0\"") && !junit.contains("<failure"), junit);
    }

    @Test
    void aStackReturningTheWrongErrorNameFailsConformanceNamingThePoint() throws Exception {
        assertEquals(ExitCode.CONTRACT_VIOLATED, conformance("wrong-error-names"), stderr);
        JsonNode doc = Json.MAPPER.readTree(tmp.resolve("artifacts/conformance.json").toFile());
        JsonNode hash = point(doc, "plan hash mismatch -> PLAN_HASH_MISMATCH");
        assertFalse(hash.path("holds").asBoolean());
        assertTrue(hash.path("detail").asText().startsWith("got BAD_PLAN"), hash.toString());
        assertTrue(point(doc, "bad chunk index -> INVALID_EVENT").path("holds").asBoolean(), "only the broken point fails");
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).contains("plan hash mismatch -> PLAN_HASH_MISMATCH") && errors.get(0).contains("BAD_PLAN"), errors.get(0));
        assertTrue(Files.readString(tmp.resolve("artifacts/junit.xml")).contains("got BAD_PLAN"));
    }
}
