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
import pipeline.Eval;
import pipeline.HandlerArtifactForTests;

/** A real embedded eval run over one fixture: the reports carry its row and the charts draw in Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalReportEmbeddedTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String FIXTURE = "silent";

    private Path tmp;

    private Path artifacts;
    private int exit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeAll
    void runEval(@TempDir Path dir) {
        tmp = dir;
        artifacts = tmp.resolve("artifacts");
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), false);
        var options = new Eval.Options(List.of(FIXTURE), 2, 30, null, 1, artifacts, false, Duration.ofMinutes(10), false);
        var target = new EmbeddedTarget("e" + System.nanoTime() % 100000, REPO.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), null);
        exit = new Eval(options, REPO, target, console, "evaltest").run(HandlerArtifactForTests::jar);
    }

    @Test
    void writesTheReportsWithTheFixturesRow() throws Exception {
        String log = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, exit, log);
        for (String f : List.of("results.json", "report.html", "summary.md", "junit.xml")) {
            assertTrue(Files.isRegularFile(artifacts.resolve(f)), f + " missing; log:\n" + log);
        }
        String md = ReportChecks.read(artifacts.resolve("summary.md"));
        assertTrue(md.startsWith("## renderproof eval: PASS"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + FIXTURE + " |") && l.contains("pass")), md);
        ReportChecks.assertSelfContained(ReportChecks.read(artifacts.resolve("report.html")));
        var cases = JUnitReports.read(artifacts.resolve("junit.xml"));
        assertEquals(List.of(FIXTURE), cases.stream().map(JUnitReports.TestCase::name).toList());
        assertEquals("passed", cases.get(0).outcome());
    }

    @Test
    void everyChartDrawsItsDataInChromium() throws Exception {
        JsonNode charts = ReportChecks.drawInChromium(artifacts.resolve("report.html"), tmp);
        JsonNode row = Json.MAPPER.readTree(artifacts.resolve("results.json").toFile()).get(0);
        assertEquals(FIXTURE, row.path("fixture").asText());
        assertEquals(2, ReportChecks.drawn(charts, "times", "bar"), "in-process and distributed bars");
        assertEquals(1, ReportChecks.drawn(charts, "speedup", "bar"));
        assertEquals(1, ReportChecks.drawn(charts, "cost", "bar"));
        int frames = media.Probe.of(artifacts.resolve("renders/" + FIXTURE + "-output.mp4")).frameCount();
        assertEquals(frames, ReportChecks.drawn(charts, "psnr-" + FIXTURE, "psnr"), "one PSNR point per frame");
        assertEquals(row.path("chunks").asInt() - 1, ReportChecks.drawn(charts, "psnr-" + FIXTURE, "chunk-boundary"));
        ReportChecks.assertIdenticalFramesDrawnAtTheTop(charts.get("psnr-" + FIXTURE));
        assertEquals(ReportChecks.attemptsIn(artifacts.resolve("renders/" + FIXTURE + "-history.json")),
                ReportChecks.drawn(charts, "gantt-" + FIXTURE, "attempt"), "one bar per task attempt");
    }
}
