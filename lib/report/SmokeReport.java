package report;

import cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import json.Json;
import pipeline.CostEstimate;
import pipeline.GateResult;
import pipeline.Smoke;
import statemachine.HistoryAnalysis;

/** The smoke run's report: one fixture at several chunk counts. */
final class SmokeReport {
    private SmokeReport() {}

    /** A row with what the charts need from its execution history (absent when the history is unreadable). */
    record Rendered(Smoke.Row row, HistoryAnalysis history, Set<Integer> coldStarts) {
        List<Integer> chunkStarts() {
            return history == null ? List.of() : history.chunkStartFrames();
        }
    }

    static ReportWriter.Documents build(List<Smoke.Row> rows, List<Integer> requested, String failure, int exitCode, RunInfo info) {
        List<Rendered> rendered = rows.stream().map(r -> read(r, r.history())).toList();
        List<Outcome> outcomes = outcomes(rows, requested, failure, exitCode);
        String fixture = info.details().getOrDefault("fixture", "?");
        String verdict = verdict(rows, outcomes, failure, exitCode);
        return new ReportWriter.Documents(html(rendered, outcomes, verdict, exitCode, info),
                markdown(rows, verdict, exitCode, info),
                JUnitXml.write("renderproof smoke " + fixture, "renderproof.smoke." + fixture, outcomes,
                        ReportWriter.metadata(info), Instant.now(), failure));
    }

    static Rendered read(Smoke.Row row, Path historyFile) {
        try {
            if (historyFile != null && Files.isRegularFile(historyFile)) {
                JsonNode h = Json.MAPPER.readTree(historyFile.toFile());
                return new Rendered(row, HistoryAnalysis.of(h), ColdStarts.of(h));
            }
        } catch (Exception e) {
            // drawn as "no history" below
        }
        return new Rendered(row, null, Set.of());
    }

    // ---------------------------------------------------------------- outcomes and verdict

    static List<Outcome> outcomes(List<Smoke.Row> rows, List<Integer> requested, String failure, int exitCode) {
        List<Outcome> out = new ArrayList<>();
        boolean failureReported = false;
        List<Integer> counts = new ArrayList<>(requested);
        rows.stream().map(Smoke.Row::chunkCount).filter(n -> !counts.contains(n)).forEach(counts::add);
        for (int n : counts) {
            Smoke.Row row = rows.stream().filter(r -> r.chunkCount() == n).findFirst().orElse(null);
            String name = "N=" + n;
            if (row != null) {
                GateResult g = row.gate();
                double s = row.wallClockMs() / 1000.0;
                String details = details(row);
                out.add(g.exitCode() == ExitCode.OK ? Outcome.passed(name, s, details)
                        : Outcome.failed(name, ReportWriter.failureType(g.exitCode()), g.failureReason(), s, details));
            } else if (failure != null && !failureReported) {
                int code = exitCode == ExitCode.OK || exitCode == ExitCode.LEFT_BEHIND ? ExitCode.RENDER_FAILED : exitCode;
                out.add(Outcome.failed(name, ReportWriter.failureType(code), failure, 0, null));
                failureReported = true;
            } else {
                out.add(Outcome.skipped(name, failure != null ? "not rendered: the run stopped at an earlier failure"
                        : "not rendered (deploy-only run)"));
            }
        }
        if (exitCode == ExitCode.LEFT_BEHIND) {
            out.add(Outcome.failed("teardown", "left-behind", "teardown left resources behind (see cleanup-verification.json)", 0, null));
        }
        return out;
    }

    static String details(Smoke.Row r) {
        GateResult g = r.gate();
        return "PSNR: " + g.psnr().summary(g.floorDb()) + "\naudio: " + g.audio().status()
                + (g.audio().rmsDb() == null ? "" : " residual " + Html.f("%.1f", g.audio().rmsDb()) + " dBFS")
                + "\nwall-clock: " + Math.round(r.wallClockMs()) + " ms (samples " + r.wallClockSamplesMs() + ")"
                + "\nchunks rendered: " + r.chunksRendered() + ", retries: " + r.retries()
                + "\nestimated cost: " + Html.usd(r.cost().usd())
                + GateChecks.text(g);
    }

    static Map<String, GateResult> labelled(List<Smoke.Row> rows) {
        Map<String, GateResult> m = new java.util.LinkedHashMap<>();
        rows.forEach(r -> m.put("N=" + r.chunkCount(), r.gate()));
        return m;
    }

    static String verdict(List<Smoke.Row> rows, List<Outcome> outcomes, String failure, int exitCode) {
        long passed = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.PASSED).count();
        if (exitCode == ExitCode.OK) {
            return "All " + passed + " chunk count" + (passed == 1 ? "" : "s") + " rendered and passed the video and audio gates; "
                    + "teardown left nothing behind.";
        }
        String first = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.FAILED).map(o -> o.name() + ": " + o.message())
                .findFirst().orElse(failure != null ? failure : "");
        return "Exit " + exitCode + " (" + ReportWriter.exitMeaning(exitCode) + "). " + passed + " of " + outcomes.size()
                + " passed." + (first.isEmpty() ? "" : " " + first);
    }

    // ---------------------------------------------------------------- HTML

    static String html(List<Rendered> rendered, List<Outcome> outcomes, String verdict, int exitCode, RunInfo info) {
        String fixture = info.details().getOrDefault("fixture", "?");
        Page page = new Page("renderproof smoke \u2014 " + fixture);
        page.banner(exitCode == ExitCode.OK, verdict, "target " + info.target() + " \u00b7 run " + info.runId() + " \u00b7 "
                + info.details().getOrDefault("generated", ""));
        page.section("Results", "One row per chunk count. Wall-clock is the execution's own start-to-stop span (median over iterations); "
                + "PSNR compares the distributed output with the committed baseline frame by frame.");
        page.raw(table(rendered, outcomes));
        if (!rendered.isEmpty()) {
            page.section("Checks", "Every check of the video and audio gates for each chunk count: the exact checks (raw-frame hashes, "
                    + "stream parameters, timestamps), the alignment by content, and the thresholded ones (PSNR, audio).");
            page.raw(GateChecks.html(labelled(rendered.stream().map(Rendered::row).toList())));
        }
        List<Rendered> ok = rendered.stream().filter(r -> r.row().wallClockMs() > 0).toList();
        if (!ok.isEmpty()) {
            page.section("Wall-clock and speedup against chunk count",
                    "Ideal: the smallest chunk count's wall-clock divided by N/N\u2080 (perfect scaling). "
                            + ("embedded".equals(info.target()) || "local".equals(info.target())
                            ? "On " + info.target() + " all invocations share this machine's cores, so speedup is bounded by the core count." : ""));
            page.grid(List.of(wallClock(ok), speedup(ok)));
        }
        page.section("Per-frame PSNR against the baseline",
                "One point per frame. Frames below the floor are red; identical frames (PSNR +\u221e) sit in the green band at the top; "
                        + "dotted lines mark where each chunk starts.");
        for (Rendered r : rendered) {
            page.raw(psnrFigure("N=" + r.row().chunkCount(), "psnr-N" + r.row().chunkCount(), r.row().gate(), r.chunkStarts()));
        }
        page.section("Timeline per chunk count",
                "From each execution history: one bar per task attempt (TaskStarted to its end); a dotted lead-in is the wait "
                        + "from TaskScheduled to TaskStarted; failed attempts (retried) are red with their error name.");
        for (Rendered r : rendered) {
            page.raw(timeline("N=" + r.row().chunkCount(), "gantt-N" + r.row().chunkCount(), r.history(), r.coldStarts()));
        }
        if (!ok.isEmpty()) {
            page.section("Cost per chunk count", CostEstimate.ASSUMPTIONS + ".");
            page.raw(cost(ok));
        }
        page.section("Run", null);
        page.raw(Page.definitions(ReportWriter.metadata(info)));
        return page.render(data(rendered, outcomes, verdict, exitCode, info).toPrettyString());
    }

    private static String table(List<Rendered> rendered, List<Outcome> outcomes) {
        List<String> header = List.of("chunks", "ran", "wall-clock", "speedup", "PSNR mean", "PSNR min", "frames < floor",
                "seam frames < floor", "audio", "retries", "est. cost", "result");
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double base = baseWall(rendered);
        for (Outcome o : outcomes) {
            Rendered r = rendered.stream().filter(x -> ("N=" + x.row().chunkCount()).equals(o.name())).findFirst().orElse(null);
            if (r == null) {
                rows.add(List.of(o.name().replace("N=", ""), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-",
                        o.kind() == Outcome.Kind.FAILED ? Page.badge(false, o.type().toUpperCase().replace('-', ' ')) : Page.neutralBadge("NOT RUN")));
                notes.add(o.message());
                continue;
            }
            Smoke.Row row = r.row();
            GateResult g = row.gate();
            var p = g.psnr();
            rows.add(List.of(Integer.toString(row.chunkCount()), Integer.toString(row.chunksRendered()),
                    Html.f("%.0f ms", row.wallClockMs()) + (row.wallClockSamplesMs().size() > 1 ? " (" + row.wallClockSamplesMs().size() + " runs)" : ""),
                    base > 0 && row.wallClockMs() > 0 ? Html.f("%.2f\u00d7", base / row.wallClockMs()) : "-",
                    Html.db(p.mean()), Html.db(p.min()),
                    p.framesBelow(g.floorDb()) + " / " + p.comparedFrames() + " (max " + g.maxFrameFailures() + ")",
                    g.seamFramesBelowFloor().isEmpty() ? "none" : g.seamFramesBelowFloor().toString(),
                    g.audio().status() + (g.audio().rmsDb() == null ? "" : Html.f(" %.1f dBFS", g.audio().rmsDb())),
                    Integer.toString(row.retries()), Html.usd(row.cost().usd()),
                    Page.badge(g.exitCode() == ExitCode.OK, g.exitCode() == ExitCode.OK ? "PASS" : "FAIL")));
            notes.add(g.exitCode() == ExitCode.OK ? null : g.failureReason());
        }
        return Page.table("results", header, rows, notes);
    }

    private static double baseWall(List<Rendered> rendered) {
        return rendered.stream().filter(r -> r.row().wallClockMs() > 0).min(java.util.Comparator.comparingInt(r -> r.row().chunkCount()))
                .map(r -> r.row().wallClockMs()).orElse(0.0);
    }

    private static String wallClock(List<Rendered> ok) {
        Rendered first = ok.stream().min(java.util.Comparator.comparingInt(r -> r.row().chunkCount())).orElseThrow();
        double n0 = first.row().chunkCount();
        double w0 = first.row().wallClockMs();
        List<Charts.Point> measured = new ArrayList<>();
        List<Charts.Point> samples = new ArrayList<>();
        List<Charts.Point> ideal = new ArrayList<>();
        for (Rendered r : ok) {
            int n = r.row().chunkCount();
            measured.add(new Charts.Point(n, r.row().wallClockMs(), "N=" + n + ": " + Html.f("%.0f ms", r.row().wallClockMs()) + " (median)"));
            if (r.row().wallClockSamplesMs().size() > 1) {
                int i = 0;
                for (long s : r.row().wallClockSamplesMs()) {
                    samples.add(new Charts.Point(n, s, "N=" + n + " run " + (++i) + ": " + s + " ms"));
                }
            }
            ideal.add(new Charts.Point(n, w0 * n0 / n, null));
        }
        String svg = Charts.versusChunks(Charts.HALF, "wall-clock", "wall-clock against chunk count", "wall-clock (ms)", measured, samples, ideal,
                v -> Html.f("%.0f", v), "blue");
        List<Charts.Legend> legend = new ArrayList<>(List.of(new Charts.Legend("blue", "measured (median)"),
                new Charts.Legend("ideal", "ideal scaling")));
        if (!samples.isEmpty()) {
            legend.add(new Charts.Legend("local", "individual runs"));
        }
        return Charts.figure("Wall-clock", "ms, lower is better", svg, legend);
    }

    private static String speedup(List<Rendered> ok) {
        Rendered first = ok.stream().min(java.util.Comparator.comparingInt(r -> r.row().chunkCount())).orElseThrow();
        double n0 = first.row().chunkCount();
        double w0 = first.row().wallClockMs();
        List<Charts.Point> measured = new ArrayList<>();
        List<Charts.Point> ideal = new ArrayList<>();
        for (Rendered r : ok) {
            int n = r.row().chunkCount();
            double s = w0 / r.row().wallClockMs();
            measured.add(new Charts.Point(n, s, "N=" + n + ": " + Html.f("%.2f\u00d7", s) + " vs N=" + (int) n0));
            ideal.add(new Charts.Point(n, n / n0, null));
        }
        String svg = Charts.versusChunks(Charts.HALF, "speedup", "speedup against chunk count", "speedup (\u00d7)", measured, List.of(), ideal,
                v -> Html.f("%.2f", v), "violet");
        return Charts.figure("Speedup", "relative to N=" + (int) n0 + ", higher is better", svg,
                List.of(new Charts.Legend("violet", "measured"), new Charts.Legend("ideal", "ideal (N/N\u2080)")));
    }

    private static String cost(List<Rendered> ok) {
        List<String> cats = ok.stream().map(r -> "N=" + r.row().chunkCount()).toList();
        List<Charts.Series> series = costSeries(ok.stream().map(r -> r.row().cost()).toList());
        String svg = Charts.bars(Charts.W, "cost", "estimated cost per chunk count", "USD", cats, series, true, null, null, Html::usd);
        return Charts.figure("Estimated cost per render", "Lambda compute + Lambda requests + Step Functions transitions", svg,
                costLegend());
    }

    static List<Charts.Series> costSeries(List<CostEstimate> costs) {
        return List.of(
                new Charts.Series("Lambda compute", "compute", costs.stream()
                        .map(c -> c == null ? null : c.lambdaComputeUsd()).toList()),
                new Charts.Series("Lambda requests", "requests", costs.stream()
                        .map(c -> c == null ? null : c.invocations() * CostEstimate.LAMBDA_USD_PER_REQUEST).toList()),
                new Charts.Series("Step Functions transitions", "sfn", costs.stream()
                        .map(c -> c == null ? null : c.transitions() * CostEstimate.SFN_USD_PER_TRANSITION).toList()));
    }

    static List<Charts.Legend> costLegend() {
        return List.of(new Charts.Legend("compute", "Lambda compute (GB-s)"), new Charts.Legend("requests", "Lambda requests"),
                new Charts.Legend("sfn", "Step Functions transitions"));
    }

    static String timeline(String label, String id, HistoryAnalysis h, Set<Integer> cold) {
        if (h == null || h.attempts().isEmpty()) {
            return "<div class=\"card note\">" + Html.esc(label) + ": no execution history to draw.</div>\n";
        }
        String svg = Charts.gantt(id, "timeline of " + label, h.attempts(), cold);
        int failed = h.retries();
        String sub = h.attempts().size() + " task attempts, " + failed + " failed"
                + (cold.isEmpty() ? "; cold starts: not recorded in this history" : "; " + cold.size() + " cold start(s)");
        List<Charts.Legend> legend = new ArrayList<>(List.of(new Charts.Legend("plan", "plan"), new Charts.Legend("chunk", "render chunk"),
                new Charts.Legend("assemble", "assemble"), new Charts.Legend("failed", "failed attempt (retried)"),
                new Charts.Legend("queued", "scheduled \u2192 started")));
        if (!cold.isEmpty()) {
            legend.add(new Charts.Legend("cold", "cold start"));
        }
        return Charts.figure(label, sub, svg, legend);
    }

    static String psnrFigure(String label, String id, GateResult g, List<Integer> starts) {
        var p = g.psnr();
        if (p.perFrame().isEmpty()) {
            return "<div class=\"card note\">" + Html.esc(label) + ": no frames compared (" + Html.esc(p.summary(g.floorDb())) + ").</div>\n";
        }
        long inf = p.perFrame().stream().filter(v -> v == Double.POSITIVE_INFINITY).count();
        String sub = p.comparedFrames() + " frames, mean " + Html.db(p.mean()) + ", min " + Html.db(p.min()) + ", "
                + p.framesBelow(g.floorDb()) + " below the " + Axis.label(g.floorDb()) + " dB floor"
                + (inf > 0 ? ", " + inf + " identical" : "") + (starts.size() > 1 ? ", " + starts.size() + " chunks" : "");
        String svg = Charts.psnr(id, "per-frame PSNR " + label, p.perFrame(), g.floorDb(), starts);
        return Charts.figure(label, sub, svg, List.of(new Charts.Legend("ok", "frame at or above the floor"),
                new Charts.Legend("below", "frame below the floor"), new Charts.Legend("inf", "identical frame (+\u221e)"),
                new Charts.Legend("floor", "floor"), new Charts.Legend("boundary", "chunk boundary")));
    }

    // ---------------------------------------------------------------- embedded data

    static ObjectNode data(List<Rendered> rendered, List<Outcome> outcomes, String verdict, int exitCode, RunInfo info) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("command", "smoke");
        d.put("exitCode", exitCode);
        d.put("verdict", verdict);
        ObjectNode meta = d.putObject("run");
        ReportWriter.metadata(info).forEach(meta::put);
        ArrayNode rows = d.putArray("rows");
        for (Rendered r : rendered) {
            ObjectNode o = rows.addObject();
            o.put("chunkCount", r.row().chunkCount());
            o.put("wallClockMs", r.row().wallClockMs());
            ArrayNode s = o.putArray("wallClockSamplesMs");
            r.row().wallClockSamplesMs().forEach(s::add);
            o.put("estimatedCostUsd", r.row().cost().usd());
            gate(o, r.row().gate(), r.chunkStarts());
            attempts(o, r.history(), r.coldStarts());
        }
        outcomes(d, outcomes);
        return d;
    }

    static void gate(ObjectNode o, GateResult g, List<Integer> starts) {
        o.put("psnrFloorDb", g.floorDb());
        ArrayNode frames = o.putArray("psnrPerFrame");
        g.psnr().perFrame().forEach(v -> frames.add(pipeline.ResultsJson.db(v)));
        ArrayNode cs = o.putArray("chunkStartFrames");
        starts.forEach(cs::add);
        o.put("videoGate", g.videoPasses() ? "pass" : "fail");
        o.put("audioGate", g.audioPasses() ? "pass" : "fail");
        o.put("audioStatus", g.audio().status());
        o.set("checks", g.checksJson());
    }

    static void attempts(ObjectNode o, HistoryAnalysis h, Set<Integer> cold) {
        ArrayNode a = o.putArray("attempts");
        if (h == null) {
            return;
        }
        List<HistoryAnalysis.TaskAttempt> list = h.attempts();
        for (int i = 0; i < list.size(); i++) {
            var t = list.get(i);
            ObjectNode x = a.addObject();
            x.put("action", t.action());
            if (t.chunkIndex() != null) {
                x.put("chunkIndex", t.chunkIndex());
            }
            x.put("scheduledMillis", t.scheduledMillis());
            x.put("startedMillis", t.startedMillis());
            x.put("endedMillis", t.endedMillis());
            x.put("succeeded", t.succeeded());
            if (t.error() != null) {
                x.put("error", t.error());
            }
            if (t.handlerDurationMs() != null) {
                x.put("handlerDurationMs", t.handlerDurationMs());
            }
            x.put("coldStart", cold.contains(i));
        }
    }

    static void outcomes(ObjectNode d, List<Outcome> outcomes) {
        ArrayNode a = d.putArray("testCases");
        for (Outcome o : outcomes) {
            ObjectNode x = a.addObject();
            x.put("name", o.name());
            x.put("status", o.kind().name().toLowerCase());
            if (o.message() != null) {
                x.put("message", o.message());
            }
        }
    }

    // ---------------------------------------------------------------- Markdown

    static String markdown(List<Smoke.Row> rows, String verdict, int exitCode, RunInfo info) {
        Map<String, String> d = info.details();
        StringBuilder b = new StringBuilder("## renderproof smoke: ").append(exitCode == ExitCode.OK ? "PASS \u2705" : "FAIL \u274c")
                .append("\n\n");
        b.append("Fixture ").append(Markdown.code(d.getOrDefault("fixture", "?"))).append(" \u00b7 target ").append(Markdown.code(info.target()))
                .append(" \u00b7 region ").append(Markdown.code(info.region())).append(" \u00b7 run ").append(Markdown.code(info.runId()))
                .append(" \u00b7 renderer ").append(Markdown.code(d.getOrDefault("renderer version", "?")))
                .append(" \u00b7 ffmpeg ").append(Markdown.code(d.getOrDefault("ffmpeg (renders)", "?"))).append("\n\n");
        double base = rows.stream().filter(r -> r.wallClockMs() > 0).min(java.util.Comparator.comparingInt(Smoke.Row::chunkCount))
                .map(Smoke.Row::wallClockMs).orElse(0.0);
        List<List<String>> cells = new ArrayList<>();
        for (Smoke.Row r : rows) {
            GateResult g = r.gate();
            var p = g.psnr();
            cells.add(List.of(Integer.toString(r.chunkCount()), Html.f("%.0f ms", r.wallClockMs()),
                    base > 0 && r.wallClockMs() > 0 ? Html.f("%.2f\u00d7", base / r.wallClockMs()) : "-",
                    Html.db(p.mean()), Html.db(p.min()), p.framesBelow(g.floorDb()) + "/" + p.comparedFrames(),
                    g.audio().status() + (g.audio().rmsDb() == null ? "" : Html.f(" %.1f dBFS", g.audio().rmsDb())),
                    Integer.toString(r.retries()), Html.usd(r.cost().usd()),
                    g.exitCode() == ExitCode.OK ? "\u2705 pass" : "\u274c " + g.failureReason()));
        }
        if (!cells.isEmpty()) {
            b.append(Markdown.table(List.of("Chunks", "Wall-clock", "Speedup", "PSNR mean", "PSNR min", "< floor", "Audio", "Retries",
                    "Est. cost", "Result"), cells)).append('\n');
        }
        b.append("**Verdict:** ").append(Markdown.cell(verdict)).append("\n\n");
        b.append(GateChecks.markdown(labelled(rows)));
        b.append("PSNR floor ").append(d.getOrDefault("PSNR floor", "?")).append(" dB, max frame failures ")
                .append(d.getOrDefault("max frame failures", "?")).append(", audio residual \u2264 ")
                .append(d.getOrDefault("max audio residual", "?")).append(" dBFS. Details: `report.html` in the artifacts.\n");
        return b.toString();
    }
}
