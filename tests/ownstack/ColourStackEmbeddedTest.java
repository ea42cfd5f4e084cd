package ownstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
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

/**
 * Someone else's stack end to end on --embedded, through the command line a user types: the colour
 * stack's template and jar (--template/--artifact, its own code parameter names, --parameter), its
 * own project (--fixtures-dir) and no committed baseline (--baseline self), or one from --baselines-dir.
 */
class ColourStackEmbeddedTest {
    @TempDir
    Path tmp;

    private String stderr = "";
    private String stdout = "";

    private int smoke(String variant, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--embedded", "--artifacts", tmp.resolve("artifacts").toString(),
                "--fixtures-dir", ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--concurrency", "2"));
        args.addAll(ColourStack.stackArguments(variant));
        args.addAll(extra);
        var err = new ByteArrayOutputStream();
        var out = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            stderr = err.toString(StandardCharsets.UTF_8);
            stdout = out.toString(StandardCharsets.UTF_8);
            originalOut.print(stdout);
            originalErr.print(stderr);
        }
    }

    private JsonNode results() throws Exception {
        return Json.MAPPER.readTree(tmp.resolve("artifacts/results.json").toFile());
    }

    @Test
    void theColourStackPassesSmokeAgainstItsOwnOneChunkRender() throws Exception {
        // 2 and 4 chunks of this 60-frame fixture last whole microseconds (1 s, 0.5 s). At 3 chunks (0.667 s)
        // the colour stack's plain concat list lets the demuxer round each chunk's length, and the seam
        // frames last 517 ticks instead of 512: the timestamps gate rightly fails that.
        int exit = smoke("correct", List.of("--baseline", "self", "--chunk-counts", "2,4"));
        assertEquals(ExitCode.OK, exit, stderr);
        assertTrue(stdout.contains("baseline: self"), stdout);
        JsonNode rows = results();
        assertEquals(2, rows.size());
        assertEquals(4, rows.get(1).path("chunksRendered").asInt());
        assertEquals(60, rows.get(1).path("frameCount").asInt());
        assertTrue(Files.isRegularFile(tmp.resolve("artifacts/renders/self-baseline-N1-output.mp4")));
        assertTrue(Files.readString(tmp.resolve("artifacts/report.html")).contains("self: the N=1 render"),
                "the report names the reference");
        JsonNode cleanup = Json.MAPPER.readTree(tmp.resolve("artifacts/cleanup-verification.json").toFile());
        assertEquals(0, cleanup.path("leftBehind").size(), cleanup.toString());
    }

    @Test
    void chunksThatRestartTheirFrameCounterFailTheVideoGateAtTheSeam() throws Exception {
        // The reference is the correct stack's render, committed the way a user would (--baselines-dir).
        Path baselines = tmp.resolve("baselines");
        assertEquals(ExitCode.OK, smoke("correct", List.of("--baseline", "self", "--chunk-counts", "1")), stderr);
        Files.createDirectories(baselines.resolve(ColourStack.FIXTURE));
        Files.copy(tmp.resolve("artifacts/renders/N1-output.mp4"), baselines.resolve(ColourStack.FIXTURE).resolve("output.mp4"));

        int exit = smoke("restart-frame-counter", List.of("--baselines-dir", baselines.toString(), "--chunk-counts", "2"));
        assertEquals(ExitCode.VIDEO_GATE, exit, stderr);
        String failure = results().get(0).path("failure").asText();
        assertTrue(failure.startsWith("frame alignment failed at frame 30: "), failure);
        assertTrue(failure.contains("(chunk seam)"), failure);
        assertTrue(stdout.contains("(chunk seam)"), stdout);
    }

    @Test
    void aNonJavaArtifactOnEmbeddedIsRefusedInOneLine() throws Exception {
        Path notJava = tmp.resolve("handler.js");
        Files.writeString(notJava, "exports.handler = async () => ({});\n");
        List<String> args = new ArrayList<>(List.of("--embedded", "--artifacts", tmp.resolve("artifacts").toString(),
                "--fixtures-dir", ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--baseline", "self",
                "--template", ColourStack.TEMPLATE.toString(), "--artifact", notJava.toString()));
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ExitCode.USAGE, exit, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("not a jar or zip"), message);
        // cleanup-verification.json is written on every path; here it must prove that nothing was deployed.
        var verification = json.Json.MAPPER.readTree(tmp.resolve("artifacts/cleanup-verification.json").toFile());
        assertEquals(0, verification.path("checked").size(), "nothing was deployed: " + verification);
    }

    @Test
    void aTemplateWithoutTheContractOutputsIsADeployFailureNamingTheOutput() throws Exception {
        Path template = tmp.resolve("no-function-output.yaml");
        String text = Files.readString(ColourStack.TEMPLATE);
        Files.writeString(template, text.substring(0, text.indexOf("  RenderFunctionArn:")));
        int exit = smokeWithTemplate(template);
        assertEquals(ExitCode.DEPLOY, exit, stderr);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).contains("lacks the contract's output RenderFunctionArn ("), errors.get(0));
    }

    private int smokeWithTemplate(Path template) {
        List<String> args = new ArrayList<>(ColourStack.stackArguments("correct"));
        args.set(args.indexOf("--template") + 1, template.toString());
        args.addAll(List.of("--embedded", "--artifacts", tmp.resolve("artifacts").toString(), "--fixtures-dir",
                ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--baseline", "self"));
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(original);
            stderr = err.toString(StandardCharsets.UTF_8);
        }
    }
}
