package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import embedded.EmbeddedTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;
import pipeline.Smoke;

/**
 * A real embedded smoke run (chunk counts 2 and 3: real handler artifact, S3 over HTTP, ffmpeg) writes
 * report.html, summary.md and junit.xml, and every chart in the page draws its data in Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeReportEmbeddedTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    private Path tmp;

    private Path artifacts;
    private int exit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeAll
    void runSmoke(@TempDir Path dir) {
        tmp = dir;
        artifacts = tmp.resolve("artifacts");
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), false);
        var options = new Smoke.Options("mp4-h264-sdr", List.of(2, 3), null, 1, artifacts, false, Duration.ofMinutes(10), false);
        var target = new EmbeddedTarget("r" + System.nanoTime() % 100000, REPO.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), null);
        exit = new Smoke(options, REPO, target, console, "reptest").run(HandlerArtifactForTests::jar);
    }

    private String log() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheThreeReportsNextToTheResults() throws Exception {
        assertEquals(ExitCode.OK, exit, log());
        for (String f : List.of("results.json", "report.html", "summary.md", "junit.xml")) {
            assertTrue(Files.isRegularFile(artifacts.resolve(f)), f + " missing; log:\n" + log());
        }
        assertTrue(log().contains("report: "), "the run names its report");
        String md = ReportChecks.read(artifacts.resolve("summary.md"));
        assertTrue(md.startsWith("## renderproof smoke: PASS"), md);
        assertTrue(md.contains("| Chunks | Wall-clock |"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| 2 |")) && md.lines().anyMatch(l -> l.startsWith("| 3 |")), md);
        assertTrue(md.contains("**Verdict:** All 2 chunk counts"), md);
        String html = ReportChecks.read(artifacts.resolve("report.html"));
        ReportChecks.assertSelfContained(html);
        for (String meta : List.of("embedded", "reptest", "mp4-h264-sdr", "renderer version", "ffmpeg (renders)", "4.4.1", "PSNR floor")) {
            assertTrue(html.contains(meta), "report.html lacks run metadata '" + meta + "'");
        }
    }

    @Test
    void junitXmlHasOnePassingCasePerChunkCount() throws Exception {
        var cases = JUnitReports.read(artifacts.resolve("junit.xml"));
        assertEquals(List.of("N=2", "N=3"), cases.stream().map(JUnitReports.TestCase::name).toList());
        assertTrue(cases.stream().allMatch(c -> c.outcome().equals("passed")), cases.toString());
        assertTrue(cases.stream().allMatch(c -> c.time() > 0), cases.toString());
    }

    @Test
    void everyChartDrawsItsDataInChromium() throws Exception {
        JsonNode charts = ReportChecks.drawInChromium(artifacts.resolve("report.html"), tmp);
        JsonNode results = Json.MAPPER.readTree(artifacts.resolve("results.json").toFile());
        assertEquals(2, results.size());
        for (JsonNode row : results) {
            int n = row.path("chunkCount").asInt();
            assertEquals(row.path("frameCount").asInt(), ReportChecks.drawn(charts, "psnr-N" + n, "psnr"),
                    "N=" + n + ": one PSNR point per frame");
            assertEquals(row.path("chunksRendered").asInt() - 1, ReportChecks.drawn(charts, "psnr-N" + n, "chunk-boundary"),
                    "N=" + n + ": a boundary between every two chunks");
            ReportChecks.assertIdenticalFramesDrawnAtTheTop(charts.get("psnr-N" + n));
            int attempts = ReportChecks.attemptsIn(artifacts.resolve("renders/N" + n + "-history.json"));
            assertEquals(n + 2, attempts, "plan + chunks + assemble in the history");
            assertEquals(attempts, ReportChecks.drawn(charts, "gantt-N" + n, "attempt"), "N=" + n + ": one bar per task attempt");
        }
        assertEquals(2, ReportChecks.drawn(charts, "wall-clock", "measured"));
        assertEquals(2, ReportChecks.drawn(charts, "wall-clock", "ideal"));
        assertEquals(2, ReportChecks.drawn(charts, "speedup", "measured"));
        assertEquals(2, ReportChecks.drawn(charts, "cost", "bar"));
        var png = HeadlessChromium.find().orElseThrow().screenshot(artifacts.resolve("report.html"), tmp.resolve("report.png"), 2400, tmp);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "screenshot is not a real PNG");
    }
}
