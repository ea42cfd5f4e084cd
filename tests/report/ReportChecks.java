package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import json.Json;
import org.junit.jupiter.api.Assumptions;

/** Checks shared by the report tests: self-containment, and what Chromium drew. */
final class ReportChecks {
    private ReportChecks() {}

    /** Nothing in the page can fetch anything: no src/href, no url(), no @import, no URL but the SVG namespace. */
    static void assertSelfContained(String html) {
        assertFalse(Pattern.compile("\\s(src|href|srcset|action)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "the report references something by src/href");
        assertFalse(html.contains("url(") || html.contains("@import"), "the report's CSS fetches something");
        Matcher m = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\"'\\s<]*", Pattern.CASE_INSENSITIVE).matcher(html);
        while (m.find()) {
            String url = m.group();
            assertTrue(url.equals("http://www.w3.org/2000/svg"), "the report mentions a URL outside the data: " + url);
        }
        assertTrue(html.contains("Content-Security-Policy"), "the report should forbid fetching with a CSP");
    }

    /** The number of task attempts in a GetExecutionHistory-shaped file, counted from its events. */
    static int attemptsIn(Path history) throws IOException {
        JsonNode h = Json.MAPPER.readTree(history.toFile());
        JsonNode events = h.has("events") ? h.get("events") : h;
        int n = 0;
        for (JsonNode e : events) {
            String t = e.path("type").asText();
            if (t.equals("TaskSucceeded") || t.equals("TaskFailed") || t.equals("TaskTimedOut")) {
                n++;
            }
        }
        return n;
    }

    /**
     * Opens the report in headless Chromium twice: untouched (no console message of any kind allowed:
     * errors, blocked fetches, CSP violations) and with the layout probe; returns the probe's
     * per-chart result. Skips, printing the reason, where Chromium is absent.
     */
    static JsonNode drawInChromium(Path report, Path work) throws Exception {
        var chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.out.println("SKIP reason: " + HeadlessChromium.ABSENT);
        }
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.ABSENT);
        HeadlessChromium.Page plain = chromium.get().dumpDom(report, work);
        assertTrue(plain.dom().contains("data-chart="), "Chromium did not load the report: " + plain.stderr());
        assertEquals(List.of(), plain.consoleLines(), "the report logged to the console");
        HeadlessChromium.Page probed = chromium.get().dumpDom(HeadlessChromium.withProbe(report, work), work);
        assertEquals(List.of(), probed.consoleLines(), "the probed report logged to the console");
        JsonNode charts = HeadlessChromium.probeResult(probed.dom());
        List<String> empty = new ArrayList<>();
        charts.fields().forEachRemaining(e -> {
            if (e.getValue().path("width").asDouble() < 100 || e.getValue().path("height").asDouble() < 50) {
                empty.add(e.getKey() + " " + e.getValue().path("width") + "x" + e.getValue().path("height"));
            }
            assertEquals(0, e.getValue().path("outside").asInt(), e.getKey() + ": marks drawn outside the chart");
        });
        assertEquals(List.of(), empty, "charts laid out with no size");
        return charts;
    }

    static int drawn(JsonNode charts, String chart, String mark) {
        assertTrue(charts.has(chart), "no chart " + chart + " in " + charts.fieldNames().next() + "...: " + fieldNames(charts));
        return charts.get(chart).path("drawn").path(mark).asInt(0);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * PSNR points: identical frames (+inf) sit above every finite point, in the top band of the chart,
     * never where 0 dB (or the bottom) would be.
     */
    static void assertIdenticalFramesDrawnAtTheTop(JsonNode chart) {
        double height = chart.path("height").asDouble();
        double highestFinite = Double.MAX_VALUE;
        double lowestInf = -1;
        for (JsonNode p : chart.path("psnr")) {
            double y = p.get(1).asDouble();
            if (p.get(0).asText().equals("inf")) {
                lowestInf = Math.max(lowestInf, y);
                assertTrue(y < height * 0.15, "an identical frame is drawn at y=" + y + " of " + height);
            } else {
                highestFinite = Math.min(highestFinite, y);
            }
        }
        if (lowestInf >= 0 && highestFinite < Double.MAX_VALUE) {
            assertTrue(lowestInf < highestFinite, "identical frames must be drawn above every finite value");
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
