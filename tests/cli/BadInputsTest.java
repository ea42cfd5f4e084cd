package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs to smoke and eval, table-driven: flags out of range, bad --artifacts paths, unknown
 * fixtures, broken meta.json and composition.json, missing and hostile assets, huge durations. Each
 * must end with the documented exit code within seconds, exactly one stderr line naming the path and
 * field, and leave nothing: no artifacts directory, no temp entries, no listening port, no handler build.
 * The command classes run in one child JVM (BadInputsProbe) whose temp directory is private, so what
 * a case leaves there is its own. The scripts' own argument handling is in EntryPointsTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    record Case(String id, String command, List<String> args, int exit, String says) {
        @Override
        public String toString() {
            return id;
        }
    }

    private Path work;

    private Path fixtures;
    private Path baselines;
    private final Map<String, JsonNode> results = new HashMap<>();
    private String buildBefore;

    List<Case> cases() {
        List<Case> t = new ArrayList<>();
        smoke(t, "memory-1", List.of("--memory-mb", "1"), "--memory-mb");
        smoke(t, "memory-negative", List.of("--memory-mb", "-5"), "--memory-mb");
        smoke(t, "memory-too-much", List.of("--memory-mb", "20000"), "--memory-mb");
        smoke(t, "memory-not-a-number", List.of("--memory-mb", "lots"), "--memory-mb");
        smoke(t, "psnr-infinity", List.of("--psnr-threshold", "Infinity"), "--psnr-threshold");
        smoke(t, "psnr-nan", List.of("--psnr-threshold", "NaN"), "--psnr-threshold");
        smoke(t, "psnr-negative", List.of("--psnr-threshold", "-3"), "--psnr-threshold");
        smoke(t, "timeout-zero", List.of("--timeout", "0s"), "--timeout");
        smoke(t, "timeout-negative", List.of("--timeout", "PT-5M"), "--timeout");
        smoke(t, "timeout-word", List.of("--timeout", "soon"), "--timeout");
        smoke(t, "chunk-counts-zero", List.of("--chunk-counts", "0"), "--chunk-counts");
        smoke(t, "chunk-counts-word", List.of("--chunk-counts", "x"), "--chunk-counts");
        smoke(t, "chunk-counts-overflow", List.of("--chunk-counts", "99999999999"), "--chunk-counts");
        smoke(t, "iterations-zero", List.of("--iterations", "0"), "--iterations");
        smoke(t, "iterations-huge", List.of("--iterations", "100000"), "--iterations");
        smoke(t, "concurrency-zero", List.of("--concurrency", "0"), "--concurrency");
        smoke(t, "reserved-concurrency-zero", List.of("--reserved-concurrency", "0"), "--reserved-concurrency");
        smoke(t, "two-targets", List.of("--local"), "--embedded and --local");
        smoke(t, "run-id", List.of("--run-id", "Bad!"), "--run-id");
        smoke(t, "unknown-flag", List.of("--colour", "red"), "--colour");
        smoke(t, "ffmpeg-missing", List.of("--ffmpeg", "/nonexistent/ffmpeg"), "--ffmpeg");
        smoke(t, "fixture-unknown", List.of("--fixture", "no-such-fixture"), "unknown fixture 'no-such-fixture'");
        smoke(t, "fixture-traversal", List.of("--fixture", "../stack"), "unknown fixture '../stack'");
        smoke(t, "fixtures-dir-missing", List.of("--fixtures-dir", "/nonexistent"), "--fixtures-dir");
        t.add(new Case("artifacts-is-a-file", "smoke", List.of("--embedded", "--artifacts", "@work/a-file"), 1, "is a file"));
        t.add(new Case("artifacts-under-a-file", "smoke", List.of("--embedded", "--artifacts", "@work/a-file/x"), 1, "cannot be created"));
        t.add(new Case("artifacts-foreign-dir", "smoke", List.of("--embedded", "--artifacts", "@work/foreign"), 1, "not an earlier run's"));
        eval(t, "eval-fixture-typo", List.of("--fixtures", "silnet"), "unknown fixture 'silnet'");
        eval(t, "eval-chunk-size-zero", List.of("--chunk-size", "0"), "--chunk-size");
        eval(t, "eval-memory", List.of("--memory-mb", "100000"), "--memory-mb");
        eval(t, "eval-iterations", List.of("--iterations", "-1"), "--iterations");
        t.add(new Case("eval-nothing-evaluable", "eval", List.of("--embedded", "--fixtures-dir", "@fixtures", "--baselines-dir", "@baselines",
                "--fixtures", "meta-minpsnr-word,composition-huge-duration", "--artifacts", "@work/artifacts/eval-nothing-evaluable"),
                1, "no fixture could be evaluated: "));
        fixture(t, "meta-minpsnr-word", "meta.json: thresholds.minPsnr:");
        fixture(t, "meta-unknown-field", "meta.json: colour: unknown field");
        fixture(t, "meta-fps-string", "meta.json: renderConfig.fps:");
        fixture(t, "meta-residual-positive", "meta.json: thresholds.maxAudioResidualRmsDb:");
        fixture(t, "meta-failures-negative", "meta.json: thresholds.maxFrameFailures:");
        fixture(t, "meta-width-mismatch", "meta.json: renderConfig.width: 1280 does not match");
        fixture(t, "meta-format", "meta.json: renderConfig.format:");
        fixture(t, "meta-not-json", "meta.json: (file): not valid JSON");
        fixture(t, "composition-huge-duration", "src/composition.json: durationFrames:");
        fixture(t, "composition-huge-width", "src/composition.json: width:");
        fixture(t, "composition-unknown-field", "src/composition.json: opactiy: unknown field");
        fixture(t, "composition-fps-zero", "src/composition.json: fps: must be a positive integer");
        fixture(t, "composition-not-json", "src/composition.json: (file): not valid JSON");
        fixture(t, "asset-missing", "src/composition.json: layers[");
        fixture(t, "asset-escapes", "src/composition.json: layers[2].src: must not leave the project directory");
        fixture(t, "asset-absolute", "src/composition.json: layers[2].src: must be a path relative to the project directory");
        fixture(t, "asset-clip-garbage", "src/composition.json: layers[1].src: cannot read clip.mp4 as a video");
        fixture(t, "asset-png-is-text", "src/composition.json: layers[2].src: logo.png is not a PNG");
        fixture(t, "asset-wav-garbage", "src/composition.json: audio[");
        return t;
    }

    private void smoke(List<Case> t, String id, List<String> args, String says) {
        List<String> all = new ArrayList<>(List.of("--embedded", "--artifacts", "@work/artifacts/" + id));
        all.addAll(args);
        t.add(new Case(id, "smoke", all, 1, says));
    }

    private void eval(List<Case> t, String id, List<String> args, String says) {
        List<String> all = new ArrayList<>(List.of("--embedded", "--artifacts", "@work/artifacts/" + id));
        all.addAll(args);
        t.add(new Case(id, "eval", all, 1, says));
    }

    /** A broken copy of a committed fixture named {@code id}; the error must name fixtures/<id>/ and the field. */
    private void fixture(List<Case> t, String id, String says) {
        t.add(new Case(id, "smoke", List.of("--embedded", "--fixtures-dir", "@fixtures", "--baselines-dir", "@baselines",
                "--fixture", id, "--artifacts", "@work/artifacts/" + id), 1, "fixtures/" + id + "/" + says));
    }

    @BeforeAll
    void runEveryCaseInAProbeJvm(@TempDir Path dir) throws Exception {
        work = dir;
        fixtures = Files.createDirectories(work.resolve("fixtures"));
        baselines = Files.createDirectories(work.resolve("baselines"));
        Files.writeString(work.resolve("a-file"), "not a directory");
        Files.createDirectories(work.resolve("foreign"));
        Files.writeString(work.resolve("foreign/thesis.txt"), "someone's work, not an earlier run");
        breakFixtures();
        ArrayNode json = Json.MAPPER.createArrayNode();
        for (Case c : cases()) {
            ObjectNode o = json.addObject().put("id", c.id()).put("command", c.command());
            ArrayNode args = o.putArray("args");
            c.args().forEach(a -> args.add(a.replace("@work", work.toString()).replace("@fixtures", fixtures.toString())
                    .replace("@baselines", baselines.toString())));
        }
        Path casesFile = work.resolve("cases.json");
        Path resultsFile = work.resolve("results.json");
        Json.MAPPER.writeValue(casesFile.toFile(), json);
        Path probeTmp = Files.createDirectories(work.resolve("probe-tmp"));
        buildBefore = buildState();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + probeTmp, "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), BadInputsProbe.class.getName(), casesFile.toString(), resultsFile.toString())
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe did not finish");
        assertEquals(0, p.exitValue(), output);
        for (JsonNode r : Json.MAPPER.readTree(resultsFile.toFile())) {
            results.put(r.path("id").asText(), r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsWithOneLineAndLeavesNothing(Case c) throws Exception {
        JsonNode r = results.get(c.id());
        String stderr = r.path("stderr").asText();
        assertEquals(c.exit(), r.path("exit").asInt(), stderr + r.path("stdout").asText());
        assertEquals(1, stderr.lines().count(), "exactly one stderr line:\n" + stderr);
        assertTrue(stderr.startsWith("error: ") && stderr.contains(c.says()), "expected '" + c.says() + "' in: " + stderr);
        assertTrue(r.path("ms").asLong() < 10_000, "took " + r.path("ms").asLong() + " ms");
        assertEquals(0, r.path("newTempEntries").size(), "temp entries left: " + r.path("newTempEntries"));
        assertEquals(0, r.path("newListeningPorts").asLong(), "a port was left listening");
        assertTrue(!Files.exists(work.resolve("artifacts").resolve(c.id())), "an artifacts directory was created");
        assertEquals(1, Files.list(work.resolve("foreign")).count(), "the foreign directory was touched");
        assertEquals(buildBefore, buildState(), "the handler build ran or changed build/");
    }

    /** What build/ holds (names, sizes, times): a handler build changes it. */
    private static String buildState() throws IOException {
        Path build = REPO.resolve("build");
        if (!Files.isDirectory(build)) {
            return "no build/";
        }
        try (Stream<Path> s = Files.walk(build)) {
            return s.map(p -> {
                try {
                    return build.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList().toString();
        }
    }

    private void breakFixtures() throws IOException {
        meta("meta-minpsnr-word", s -> s.replace("\"minPsnr\": 40", "\"minPsnr\": \"high\""));
        meta("meta-unknown-field", s -> s.replaceFirst("\\{", "{\"colour\": \"red\","));
        meta("meta-fps-string", s -> s.replace("\"fps\": 30", "\"fps\": \"30\""));
        meta("meta-residual-positive", s -> s.replace("\"maxAudioResidualRmsDb\": -50", "\"maxAudioResidualRmsDb\": 5"));
        meta("meta-failures-negative", s -> s.replace("\"maxFrameFailures\": 0", "\"maxFrameFailures\": -1"));
        meta("meta-width-mismatch", s -> s.replace("\"width\": 640", "\"width\": 1280"));
        meta("meta-format", s -> s.replace("\"format\": \"mp4\"", "\"format\": \"gif\""));
        meta("meta-not-json", s -> s.substring(0, s.length() / 2));
        composition("composition-huge-duration", s -> s.replace("\"durationFrames\": 60", "\"durationFrames\": 1000000000"));
        composition("composition-huge-width", s -> s.replace("\"width\": 640", "\"width\": 100000"));
        composition("composition-unknown-field", s -> s.replaceFirst("\\{", "{\"opactiy\": 1,"));
        composition("composition-fps-zero", s -> s.replace("\"fps\": 30", "\"fps\": 0"));
        composition("composition-not-json", s -> s.replace("}", ""));
        copy("media-assets", "asset-missing");
        Files.delete(fixtures.resolve("asset-missing/src/clip.mp4"));
        mediaComposition("asset-escapes", s -> s.replace("\"logo.png\"", "\"../../../../../etc/logo.png\""));
        mediaComposition("asset-absolute", s -> s.replace("\"logo.png\"", "\"/etc/logo.png\""));
        copy("media-assets", "asset-clip-garbage");
        Files.writeString(fixtures.resolve("asset-clip-garbage/src/clip.mp4"), "not a video at all");
        copy("media-assets", "asset-png-is-text");
        Files.writeString(fixtures.resolve("asset-png-is-text/src/logo.png"), "not an image");
        copy("media-assets", "asset-wav-garbage");
        Files.writeString(fixtures.resolve("asset-wav-garbage/src/music.wav"), "RIFF garbage");
    }

    private void meta(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        copy("silent", name);
        edit(fixtures.resolve(name).resolve("meta.json"), edit);
    }

    private void composition(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        copy("silent", name);
        edit(fixtures.resolve(name).resolve("src/composition.json"), edit);
    }

    private void mediaComposition(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        copy("media-assets", name);
        edit(fixtures.resolve(name).resolve("src/composition.json"), edit);
    }

    private static void edit(Path file, java.util.function.UnaryOperator<String> edit) throws IOException {
        String before = Files.readString(file);
        String after = edit.apply(before);
        assertTrue(!after.equals(before), "the edit did not change " + file);
        Files.writeString(file, after);
    }

    private void copy(String fixture, String as) throws IOException {
        Path from = REPO.resolve("fixtures").resolve(fixture);
        Path to = fixtures.resolve(as);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
