package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import embedded.EmbeddedTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import media.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;
import pipeline.Smoke;

/**
 * A real embedded smoke run against a baseline whose audio was replaced (as SmokeEmbeddedTest spoils
 * it): the audio gate fails, and every report says so — junit.xml with a failure carrying the gate's
 * message, summary.md and report.html with a FAIL verdict.
 */
class FailedRunReportTest {
    private static final String FIXTURE = "mp4-h264-sdr";
    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void spoiledAudioBaselineIsAFailureInEveryReport() throws Exception {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("stack"));
        Files.copy(REPO.resolve("stack/template.yaml"), root.resolve("stack/template.yaml"));
        copyTree(REPO.resolve("fixtures").resolve(FIXTURE), root.resolve("fixtures").resolve(FIXTURE));
        Path baseline = root.resolve("baselines").resolve(FIXTURE).resolve("output.mp4");
        Files.createDirectories(baseline.getParent());
        Ffmpeg.bundled().run(List.of("-i", REPO.resolve("baselines").resolve(FIXTURE).resolve("output.mp4").toString(),
                "-f", "lavfi", "-i", "sine=frequency=997:sample_rate=48000", "-map", "0:v", "-map", "1:a",
                "-c:v", "copy", "-c:a", "aac", "-shortest", baseline.toString()));

        Path artifacts = tmp.resolve("artifacts");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), false);
        var options = new Smoke.Options(FIXTURE, List.of(2), null, 1, artifacts, false, Duration.ofMinutes(10), false);
        var target = new EmbeddedTarget("f" + System.nanoTime() % 100000, root.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), null);
        int exit = new Smoke(options, root, target, console, "failtest").run(HandlerArtifactForTests::jar);
        assertEquals(ExitCode.AUDIO_GATE, exit, out.toString(StandardCharsets.UTF_8));

        var cases = JUnitReports.read(artifacts.resolve("junit.xml"));
        assertEquals(1, cases.size(), cases.toString());
        assertEquals("N=2", cases.get(0).name());
        assertEquals("failure", cases.get(0).outcome());
        assertEquals("audio-gate", cases.get(0).type());
        // The spoiled baseline's tone is mono: the stream parameters are the first audio check to fail.
        assertTrue(cases.get(0).message().startsWith("audio stream failed at 0.000 s: aac, 48000 Hz, stereo != baseline aac, 48000 Hz, mono"),
                cases.get(0).message());

        String md = ReportChecks.read(artifacts.resolve("summary.md"));
        assertTrue(md.startsWith("## renderproof smoke: FAIL"), md);
        assertTrue(md.contains("**Verdict:** Exit 6 (audio gate failed)"), md);
        assertTrue(md.contains("| N=2 | audio residual | audio | \u274c fail |"), md);
        assertTrue(md.contains("| N=2 | timestamps | video | \u2705 pass |"), md);
        String html = ReportChecks.read(artifacts.resolve("report.html"));
        assertTrue(html.contains("<header class=\"banner fail\">"), "the banner must say FAIL");
        assertTrue(html.contains("audio stream failed"), "the failing row names the gate's reason");
        assertTrue(html.contains("<table id=\"checks\">"), "every check has a row");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
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
