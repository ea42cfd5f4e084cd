package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import json.Json;
import media.AudioResidual;
import media.Probe;
import media.Psnr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.CostEstimate;
import pipeline.GateResult;
import pipeline.Smoke;

/**
 * Reports from rows built by hand, for the cases a healthy embedded run never produces: identical
 * frames next to frames below the floor, a retried chunk, a cold start, a chunk count whose render
 * failed, and $GITHUB_STEP_SUMMARY.
 */
class BuiltRowsReportTest {
    @TempDir
    Path tmp;

    /** 12 frames: 0-3 identical (+inf), 4-9 fine, 10-11 below a 40 dB floor. */
    private static final List<Double> PSNR = List.of(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY, 48.0, 47.5, 46.0, 45.0, 44.2, 43.0, 31.5, 28.0);

    private Smoke.Row row(Path history) {
        Probe probe = new Probe(12, 400, 30, 640, 360, false, null);
        GateResult gate = new GateResult(new Psnr(12, 12, "640x360", "640x360", PSNR), 40, 0, List.of(), probe, probe,
                new AudioResidual(AudioResidual.NO_AUDIO_ON_EITHER, null, true));
        return new Smoke.Row(2, 2, List.of(1500L, 1400L, 1600L), 1500, gate, new CostEstimate(3.2, 5, 7, 0.00024), 1,
                tmp.resolve("N2-output.mp4"), history);
    }

    /** plan, chunk 0 failing once then succeeding (a cold start), chunk 1, assemble: 5 attempts. */
    private Path history() throws Exception {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode events = doc.putArray("events");
        long[] id = {0};
        double t = 1_700_000_000.0;
        t = attempt(events, id, t, "plan", null, true, false, null);
        t = attempt(events, id, t, "renderChunk", 0, false, false, null);
        attempt(events, id, t, "renderChunk", 1, true, false, 6);
        t = attempt(events, id, t + 2, "renderChunk", 0, true, true, 6);
        attempt(events, id, t, "assemble", null, true, false, 12);
        Path file = tmp.resolve("N2-history.json");
        Json.MAPPER.writeValue(file.toFile(), doc);
        return file;
    }

    private static double attempt(ArrayNode events, long[] id, double t, String action, Integer chunk, boolean ok, boolean cold,
                                  Integer frames) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("Action", action);
        if (chunk != null) {
            payload.put("ChunkIndex", chunk);
        }
        ObjectNode params = Json.MAPPER.createObjectNode().put("FunctionName", "f");
        params.set("Payload", payload);
        long scheduled = ++id[0];
        events.addObject().put("id", scheduled).put("previousEventId", 0).put("type", "TaskScheduled").put("timestamp", t)
                .putObject("taskScheduledEventDetails").put("parameters", params.toString());
        long started = ++id[0];
        events.addObject().put("id", started).put("previousEventId", scheduled).put("type", "TaskStarted").put("timestamp", t + 0.05);
        double end = t + 0.8;
        ObjectNode e = events.addObject().put("id", ++id[0]).put("previousEventId", started).put("timestamp", end);
        if (ok) {
            ObjectNode result = Json.MAPPER.createObjectNode().put("DurationMs", 700);
            if (frames != null) {
                result.put("FramesEncoded", frames);
            }
            ObjectNode details = e.put("type", "TaskSucceeded").putObject("taskSucceededEventDetails")
                    .put("output", Json.MAPPER.createObjectNode().set("Payload", result).toString());
            if (cold) {
                details.putObject(statemachine.HistoryRecorder.COLD_START_FIELD).put("environment", "rie-0").put("initDurationMs", 812.3);
            }
        } else {
            e.put("type", "TaskFailed").putObject("taskFailedEventDetails").put("error", "RENDER_FAILED")
                    .put("cause", "{\"errorMessage\":\"injected\"}");
        }
        return end;
    }

    private ReportWriter.Documents documents(String failure, int exit) throws Exception {
        RunInfo info = RunInfo.forTarget("smoke", "aws", "eu-west-1", "rp", null, "abcd1234").with("fixture", "built")
                .with("PSNR floor", 40);
        return SmokeReport.build(List.of(row(history())), List.of(2, 4), failure, exit, ReportWriter.withVersions(info, tmp));
    }

    @Test
    void identicalFramesAreDrawnAtTheTopAndFramesBelowTheFloorAreHighlighted() throws Exception {
        String html = documents(null, ExitCode.VIDEO_GATE).html();
        String psnr = svg(html, "psnr-N2");
        List<String> marks = marks(psnr, "psnr");
        assertEquals(PSNR.size(), marks.size(), "one mark per frame");
        for (int i = 0; i < PSNR.size(); i++) {
            String m = marks.get(i);
            assertTrue(m.contains("data-frame=\"" + i + "\""), m);
            if (i < 4) {
                assertTrue(m.contains("data-psnr=\"inf\"") && m.contains("data-status=\"inf\""), "frame " + i + " is identical: " + m);
                assertTrue(m.contains("identical"), "its tooltip says identical: " + m);
            } else if (i >= 10) {
                assertTrue(m.contains("data-status=\"below\"") && m.contains("class=\"pt below\""), "frame " + i + " is below: " + m);
            } else {
                assertTrue(m.contains("data-status=\"ok\""), m);
            }
        }
        // the identical frames' diamonds sit above every finite point (smaller y is higher)
        double infY = Double.parseDouble(group(marks.get(0), "d=\"M[0-9.]+,([0-9.]+)"));
        double top = marks.subList(4, 12).stream().mapToDouble(m -> Double.parseDouble(group(m, "cy=\"([0-9.]+)\""))).min().orElseThrow();
        assertTrue(infY < top, "identical frame at y=" + infY + " must be above the best finite frame at y=" + top);
        assertEquals(1, marks(psnr, "chunk-boundary").size(), "chunks start at 0 and 6: one boundary");
        assertTrue(psnr.contains("data-frame=\"6\""), psnr);
    }

    @Test
    void theTimelineDrawsEveryAttemptWithTheRetryAndTheColdStart() throws Exception {
        String gantt = svg(documents(null, ExitCode.VIDEO_GATE).html(), "gantt-N2");
        List<String> attempts = marks(gantt, "attempt");
        assertEquals(5, attempts.size(), gantt);
        assertEquals(1, attempts.stream().filter(a -> a.contains("data-success=\"false\"") && a.contains("data-error=\"RENDER_FAILED\"")
                && a.contains("data-chunk=\"0\"") && a.contains("data-attempt=\"1\"")).count(), attempts.toString());
        assertEquals(1, attempts.stream().filter(a -> a.contains("data-chunk=\"0\"") && a.contains("data-attempt=\"2\"")
                && a.contains("data-cold-start=\"true\"")).count(), attempts.toString());
        assertEquals(1, marks(gantt, "cold-start").size());
    }

    @Test
    void aFailedRenderAndAFailedGateAreFailuresInJUnitXml() throws Exception {
        var d = documents("N=4: execution FAILED: RENDER_FAILED boom", ExitCode.RENDER_FAILED);
        Path xml = tmp.resolve("junit.xml");
        Files.writeString(xml, d.junit());
        var cases = JUnitReports.read(xml);
        assertEquals(List.of("N=2", "N=4"), cases.stream().map(JUnitReports.TestCase::name).toList());
        assertEquals("failure", cases.get(0).outcome());
        assertEquals("video-gate", cases.get(0).type());
        assertTrue(cases.get(0).message().contains("frames below 40.0 dB"), cases.get(0).message());
        assertEquals("failure", cases.get(1).outcome());
        assertEquals("render-failed", cases.get(1).type());
        assertTrue(cases.get(1).message().contains("RENDER_FAILED boom"));
        assertTrue(d.markdown().contains("FAIL"), d.markdown());
        assertTrue(d.html().contains("RENDER FAILED"), "the table shows the chunk count that did not render");
    }

    @Test
    void theSummaryIsAppendedToTheGithubStepSummary() throws Exception {
        Path summary = tmp.resolve("step-summary.md");
        Files.writeString(summary, "# earlier step\n");
        var d = documents(null, ExitCode.VIDEO_GATE);
        ReportWriter.writeDocuments(tmp.resolve("a"), d, summary.toString());
        ReportWriter.writeDocuments(tmp.resolve("b"), d, summary.toString());
        String text = Files.readString(summary);
        assertTrue(text.startsWith("# earlier step\n"), "appends, never overwrites");
        assertEquals(2, text.split("## renderproof smoke: FAIL", -1).length - 1, text);
        assertEquals(d.markdown(), Files.readString(tmp.resolve("a/summary.md")));
        ReportChecks.assertSelfContained(d.html());
        JsonNode data = Json.MAPPER.readTree(dataBlock(d.html()));
        assertEquals("inf", data.at("/rows/0/psnrPerFrame/0").asText(), "identical frames are \"inf\" in the data, never 0");
        assertEquals(5, data.at("/rows/0/attempts").size());
    }

    // ------------------------------------------------------------ tiny SVG reading

    private static String svg(String html, String chart) {
        int start = html.indexOf("data-chart=\"" + chart + "\"");
        assertTrue(start >= 0, "no chart " + chart);
        return html.substring(start, html.indexOf("</svg>", start));
    }

    /** Each element (open tag through its title) carrying data-mark="kind". */
    private static List<String> marks(String svg, String kind) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<[a-z]+ [^>]*data-mark=\"" + kind + "\"[^>]*>(<title>[^<]*</title>)?").matcher(svg);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String group(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), regex + " not in " + s);
        return m.group(1);
    }

    private static String dataBlock(String html) {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int s = html.indexOf(open) + open.length();
        return html.substring(s, html.indexOf("</script>", s)).replace("<\\/", "</");
    }
}
