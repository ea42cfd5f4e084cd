package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.EvalCommand;
import cli.ExitCode;
import cli.ExitOnBadArguments;
import com.fasterxml.jackson.databind.JsonNode;
import embedded.EmbeddedTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** eval on the embedded target with real renders, and its argument checks. */
class EvalEmbeddedTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private int eval(Path root, List<String> fixtures, boolean skipLocal) {
        Path artifacts = tmp.resolve("artifacts");
        var options = new Eval.Options(fixtures, 4, 30, null, 1, artifacts, false, Duration.ofMinutes(10), skipLocal);
        var target = new EmbeddedTarget("ev" + System.nanoTime() % 100000, root.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), null);
        return new Eval(options, root, target, console, "evaltest").run(HandlerArtifactForTests::jar);
    }

    private Map<String, JsonNode> rows() throws Exception {
        JsonNode arr = Json.MAPPER.readTree(tmp.resolve("artifacts/results.json").toFile());
        return StreamSupport.stream(arr.spliterator(), false).collect(Collectors.toMap(r -> r.path("fixture").asText(), r -> r));
    }

    @Test
    void medianOfOddAndEvenSampleCounts() {
        assertEquals(3.0, Stats.median(List.of(5, 1, 3)));
        assertEquals(2.5, Stats.median(List.of(4, 1, 3, 2)));
        assertEquals(7.0, Stats.median(List.of(7)));
        assertEquals(15.0, Stats.median(List.of(10L, 20L)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "x"})
    void badIterationsExitOneWithOneLine(String iterations) {
        var errStream = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(errStream, true, StandardCharsets.UTF_8));
        try {
            exit = ExitOnBadArguments.execute(new EvalCommand(), "--embedded", "--iterations", iterations,
                    "--artifacts", tmp.resolve("a").toString());
        } finally {
            System.setErr(original);
        }
        String message = errStream.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ExitCode.USAGE, exit, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(!Files.exists(tmp.resolve("a")));
    }

    @Test
    void aBrokenFixtureIsAFailedRowAndTheOthersStillRun() throws Exception {
        TestRepo repo = new TestRepo(tmp.resolve("repo")).with("silent").withCopy("silent", "broken");
        Path meta = repo.root().resolve("fixtures/broken/meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"minPsnr\": 40", "\"minPsnr\": \"high\""));
        int exit = eval(repo.root(), List.of("broken", "silent"), false);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE, exit, stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("fixtures/broken/meta.json: thresholds.minPsnr:"), stderr);
        Map<String, JsonNode> rows = rows();
        assertEquals("no-audio-on-either", rows.get("silent").path("audioStatus").asText());
        assertEquals("pass", rows.get("silent").path("videoGate").asText());
        assertTrue(rows.get("silent").path("speedup").isNumber(), rows.get("silent").toString());
        assertTrue(rows.get("broken").path("problem").asText().contains("thresholds.minPsnr"), rows.get("broken").toString());
        assertEquals(ExitCode.USAGE, rows.get("broken").path("exitCode").asInt());
        String csv = Files.readString(tmp.resolve("artifacts/results.csv"));
        assertTrue(csv.startsWith("fixture,localMs,lambdaMs,speedup,psnrLambdaVsBaselineDb,audioStatus,audioResidualRmsDb\n"), csv);
        assertTrue(csv.contains("\nsilent,"), csv);
        assertTrue(csv.contains("\nbroken,,,,,invalid-fixture,"), csv);
    }

    @Test
    void anUnknownFixtureIsAnErrorBeforeAnythingStarts() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(cli.RunFailure.class,
                () -> eval(TestRepo.REPO, List.of("silent", "silnet"), true));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("unknown fixture 'silnet'"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("artifacts")));
    }

    @Test
    void audioThatDiffersDriftsAndAudioOnOneSideOnlyIsAMismatchAndBothFail() throws Exception {
        TestRepo repo = new TestRepo(tmp.resolve("repo")).with("mp4-h264-sdr").with("silent")
                .spoilBaseline("mp4-h264-sdr", TestRepo.otherAudio())
                .spoilBaseline("silent", TestRepo.otherAudio());
        int exit = eval(repo.root(), List.of("mp4-h264-sdr", "silent"), true);
        assertEquals(ExitCode.AUDIO_GATE, exit, err.toString(StandardCharsets.UTF_8));
        Map<String, JsonNode> rows = rows();
        assertEquals("DRIFT", rows.get("mp4-h264-sdr").path("audioStatus").asText());
        assertEquals("fail", rows.get("mp4-h264-sdr").path("audioGate").asText());
        assertEquals("audio-stream-mismatch", rows.get("silent").path("audioStatus").asText());
        assertEquals("fail", rows.get("silent").path("audioGate").asText());
    }
}
