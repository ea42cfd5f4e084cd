package report;

import cli.ExitCode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import json.Json;
import pipeline.Eval;
import pipeline.GateResult;
import pipeline.Stats;
import statemachine.HistoryAnalysis;

/** The eval run's report: several fixtures, in-process against distributed. */
final class EvalReport {
    private EvalReport() {}

    /** A fixture's row with its last execution's history (null when none was saved or the fixture is missing). */
    record Rendered(Eval.Row row, HistoryAnalysis history, Set<Integer> coldStarts) {
        Double localMs() {
            return row.localSamplesMs().isEmpty() ? null : Stats.median(row.localSamplesMs());
        }

        Double distributedMs() {
            return row.distributedSamplesMs().isEmpty() ? null : Stats.median(row.distributedSamplesMs());
        }

        Double speedup() {
            Double l = localMs();
            Double d = distributedMs();
            return l == null || d == null || d == 0 ? null : l / d;
        }

        List<Integer> chunkStarts() {
            return history == null ? List.of() : history.chunkStartFrames();
        }
    }

    /** Where Eval saves a fixture's history: {@code renders/<fixture>-history.json}. */
    static Path historyFile(Path renders, String fixture) {
        return renders.resolve(fixture + "-history.json");
    }

    static ReportWriter.Documents build(List<Eval.Row> rows, Path renders, String failure, int exitCode, RunInfo info) {
        List<Rendered> rendered = new ArrayList<>();
        for (Eval.Row r : rows) {
            SmokeReport.Rendered h = r.problem() != null && r.problem().startsWith("missing")
                    ? new SmokeReport.Rendered(null, null, Set.of())
                    : SmokeReport.read(null, historyFile(renders, r.fixture()));
            rendered.add(new Rendered(r, h.history(), h.coldStarts()));
        }
        List<Outcome> outcomes = outcomes(rendered, failure, exitCode);
        String verdict = verdict(outcomes, failure, exitCode);
        return new ReportWriter.Documents(html(rendered, outcomes, verdict, exitCode, info), markdown(rendered, verdict, exitCode, info),
                JUnitXml.write("renderproof eval", "renderproof.eval", outcomes, ReportWriter.metadata(info), Instant.now(), failure));
    }

    static List<Outcome> outcomes(List<Rendered> rendered, String failure, int exitCode) {
        List<Outcome> out = new ArrayList<>();
        for (Rendered r : rendered) {
            Eval.Row row = r.row();
            double s = r.distributedMs() == null ? 0 : r.distributedMs() / 1000.0;
            if (row.problem() != null && row.problem().startsWith("missing")) {
                out.add(Outcome.skipped(row.fixture(), row.problem()));
            } else if (row.problem() != null || row.gate() == null) {
                out.add(Outcome.failed(row.fixture(), ReportWriter.failureType(row.exitCode() == ExitCode.OK ? ExitCode.RENDER_FAILED
                        : row.exitCode()), row.problem() == null ? "no result" : row.problem(), s, null));
            } else if (row.gate().exitCode() != ExitCode.OK) {
                out.add(Outcome.failed(row.fixture(), ReportWriter.failureType(row.gate().exitCode()), row.gate().failureReason(), s,
                        details(r)));
            } else {
                out.add(Outcome.passed(row.fixture(), s, details(r)));
            }
        }
        if (failure != null && out.stream().noneMatch(o -> o.kind() == Outcome.Kind.FAILED)) {
            out.add(Outcome.failed("run", ReportWriter.failureType(exitCode), failure, 0, null));
        }
        if (exitCode == ExitCode.LEFT_BEHIND) {
            out.add(Outcome.failed("teardown", "left-behind", "teardown left resources behind (see cleanup-verification.json)", 0, null));
        }
        return out;
    }

    private static String details(Rendered r) {
        GateResult g = r.row().gate();
        return "PSNR: " + g.psnr().summary(g.floorDb()) + "\naudio: " + g.audio().status()
                + (g.audio().rmsDb() == null ? "" : " residual " + Html.f("%.1f", g.audio().rmsDb()) + " dBFS")
                + "\nin-process: " + r.row().localSamplesMs() + " ms, distributed: " + r.row().distributedSamplesMs() + " ms"
                + (r.speedup() == null ? "" : Html.f(", speedup %.2f", r.speedup()))
                + (r.row().cost() == null ? "" : "\nestimated cost: " + Html.usd(r.row().cost().usd()))
                + GateChecks.text(g);
    }

    static Map<String, GateResult> labelled(List<Rendered> rendered) {
        Map<String, GateResult> m = new java.util.LinkedHashMap<>();
        rendered.stream().filter(r -> r.row().gate() != null).forEach(r -> m.put(r.row().fixture(), r.row().gate()));
        return m;
    }

    static String verdict(List<Outcome> outcomes, String failure, int exitCode) {
        long passed = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.PASSED).count();
        long skipped = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.SKIPPED).count();
        String skip = skipped == 0 ? "" : " (" + skipped + " missing fixture" + (skipped == 1 ? "" : "s") + " skipped)";
        if (exitCode == ExitCode.OK) {
            return "All " + passed + " fixture" + (passed == 1 ? "" : "s") + " rendered distributed and passed the video and audio gates"
                    + skip + "; teardown left nothing behind.";
        }
        String first = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.FAILED).map(o -> o.name() + ": " + o.message())
                .findFirst().orElse(failure != null ? failure : "");
        return "Exit " + exitCode + " (" + ReportWriter.exitMeaning(exitCode) + "). " + passed + " of " + outcomes.size() + " passed"
                + skip + "." + (first.isEmpty() ? "" : " " + first);
    }

    static String html(List<Rendered> rendered, List<Outcome> outcomes, String verdict, int exitCode, RunInfo info) {
        Page page = new Page("renderproof eval \u2014 " + rendered.size() + " fixture" + (rendered.size() == 1 ? "" : "s"));
        page.banner(exitCode == ExitCode.OK, verdict, "target " + info.target() + " \u00b7 run " + info.runId() + " \u00b7 "
                + info.details().getOrDefault("generated", ""));
        page.section("Results", "One row per fixture: median in-process and distributed wall-clock, speedup = in-process / distributed, "
                + "and the same gates as smoke against each fixture's baseline.");
        page.raw(table(rendered));
        if (!labelled(rendered).isEmpty()) {
            page.section("Checks", "Every check of the video and audio gates for each fixture: the exact checks (raw-frame hashes, "
                    + "stream parameters, timestamps), the alignment by content, and the thresholded ones (PSNR, audio).");
            page.raw(GateChecks.html(labelled(rendered)));
        }
        List<Rendered> ok = rendered.stream().filter(r -> r.row().gate() != null).toList();
        if (!ok.isEmpty()) {
            List<String> cats = ok.stream().map(r -> r.row().fixture()).toList();
            String times = Charts.bars(Charts.HALF, "times", "in-process against distributed wall-clock", "wall-clock (ms)", cats,
                    List.of(new Charts.Series("in-process", "local", ok.stream().map(Rendered::localMs).toList()),
                            new Charts.Series("distributed", "dist", ok.stream().map(Rendered::distributedMs).toList())),
                    false, null, null, v -> Html.f("%.0f", v));
            String speed = Charts.bars(Charts.HALF, "speedup", "speedup per fixture", "speedup (\u00d7)", cats,
                    List.of(new Charts.Series("speedup", "speed", ok.stream().map(Rendered::speedup).toList())),
                    false, 1.0, "1\u00d7 (no gain)", v -> Html.f("%.2f", v));
            page.section("In-process against distributed", Eval.METHODOLOGY.replace("\n", " "));
            page.grid(List.of(
                    Charts.figure("Wall-clock", "median ms, lower is better", times,
                            List.of(new Charts.Legend("local", "in-process"), new Charts.Legend("dist", "distributed"))),
                    Charts.figure("Speedup", "in-process / distributed, higher is better", speed,
                            List.of(new Charts.Legend("violet", "speedup")))));
            page.section("Per-frame PSNR per fixture", "One point per frame against the fixture's baseline. Frames below the floor are red; "
                    + "identical frames (+\u221e) sit in the green band at the top; dotted lines mark chunk starts.");
            for (Rendered r : ok) {
                page.raw(SmokeReport.psnrFigure(r.row().fixture(), "psnr-" + r.row().fixture(), r.row().gate(), r.chunkStarts()));
            }
        }
        List<Rendered> withHistory = rendered.stream().filter(r -> r.history() != null).toList();
        if (!withHistory.isEmpty()) {
            page.section("Timeline per fixture", "The last distributed execution of each fixture: one bar per task attempt; failed "
                    + "attempts are red with their error name.");
            for (Rendered r : withHistory) {
                page.raw(SmokeReport.timeline(r.row().fixture(), "gantt-" + r.row().fixture(), r.history(), r.coldStarts()));
            }
        }
        if (!ok.isEmpty()) {
            List<String> costCats = ok.stream().map(r -> r.row().fixture()).toList();
            page.section("Cost per fixture", pipeline.CostEstimate.ASSUMPTIONS + ".");
            String cost = Charts.bars(Charts.W, "cost", "estimated cost per fixture", "USD", costCats,
                    SmokeReport.costSeries(ok.stream().map(r -> r.row().cost()).toList()), true, null, null, Html::usd);
            page.raw(Charts.figure("Estimated cost per distributed render", "Lambda compute + requests + Step Functions transitions",
                    cost, SmokeReport.costLegend()));
        }
        page.section("Run", null);
        page.raw(Page.definitions(ReportWriter.metadata(info)));
        return page.render(data(rendered, outcomes, verdict, exitCode, info).toPrettyString());
    }

    private static String table(List<Rendered> rendered) {
        List<String> header = List.of("fixture", "chunks", "in-process", "distributed", "speedup", "PSNR mean", "PSNR min",
                "frames < floor", "audio", "est. cost", "result");
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Rendered r : rendered) {
            Eval.Row row = r.row();
            GateResult g = row.gate();
            String result;
            if (row.problem() != null && row.problem().startsWith("missing")) {
                result = Page.neutralBadge("MISSING");
            } else if (row.problem() != null || g == null) {
                result = Page.badge(false, "RENDER FAILED");
            } else {
                result = Page.badge(g.exitCode() == ExitCode.OK, g.exitCode() == ExitCode.OK ? "PASS" : "FAIL");
            }
            rows.add(List.of(row.fixture(), row.chunks() > 0 ? Integer.toString(row.chunks()) : "-",
                    r.localMs() == null ? "-" : Html.f("%.0f ms", r.localMs()),
                    r.distributedMs() == null ? "-" : Html.f("%.0f ms", r.distributedMs()),
                    r.speedup() == null ? "-" : Html.f("%.2f\u00d7", r.speedup()),
                    g == null ? "-" : Html.db(g.psnr().mean()), g == null ? "-" : Html.db(g.psnr().min()),
                    g == null ? "-" : g.psnr().framesBelow(g.floorDb()) + " / " + g.psnr().comparedFrames() + " (max " + g.maxFrameFailures() + ")",
                    g == null ? "-" : g.audio().status() + (g.audio().rmsDb() == null ? "" : Html.f(" %.1f dBFS", g.audio().rmsDb())),
                    row.cost() == null ? "-" : Html.usd(row.cost().usd()), result));
            notes.add(row.problem() != null ? row.problem() : g != null && g.exitCode() != ExitCode.OK ? g.failureReason() : null);
        }
        return Page.table("results", header, rows, notes);
    }

    static ObjectNode data(List<Rendered> rendered, List<Outcome> outcomes, String verdict, int exitCode, RunInfo info) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("command", "eval");
        d.put("exitCode", exitCode);
        d.put("verdict", verdict);
        ObjectNode meta = d.putObject("run");
        ReportWriter.metadata(info).forEach(meta::put);
        ArrayNode rows = d.putArray("rows");
        for (Rendered r : rendered) {
            ObjectNode o = rows.addObject();
            o.put("fixture", r.row().fixture());
            ArrayNode l = o.putArray("localSamplesMs");
            r.row().localSamplesMs().forEach(l::add);
            ArrayNode ds = o.putArray("distributedSamplesMs");
            r.row().distributedSamplesMs().forEach(ds::add);
            if (r.speedup() != null) {
                o.put("speedup", r.speedup());
            }
            if (r.row().cost() != null) {
                o.put("estimatedCostUsd", r.row().cost().usd());
            }
            if (r.row().problem() != null) {
                o.put("problem", r.row().problem());
            }
            if (r.row().gate() != null) {
                SmokeReport.gate(o, r.row().gate(), r.chunkStarts());
            }
            SmokeReport.attempts(o, r.history(), r.coldStarts());
        }
        SmokeReport.outcomes(d, outcomes);
        return d;
    }

    static String markdown(List<Rendered> rendered, String verdict, int exitCode, RunInfo info) {
        var d = info.details();
        StringBuilder b = new StringBuilder("## renderproof eval: ").append(exitCode == ExitCode.OK ? "PASS \u2705" : "FAIL \u274c").append("\n\n");
        b.append("Target ").append(Markdown.code(info.target())).append(" \u00b7 region ").append(Markdown.code(info.region()))
                .append(" \u00b7 run ").append(Markdown.code(info.runId())).append(" \u00b7 chunk count ")
                .append(Markdown.code(d.getOrDefault("chunk count", "?"))).append(" \u00b7 chunk size ")
                .append(Markdown.code(d.getOrDefault("chunk size", "?"))).append(" \u00b7 iterations ")
                .append(Markdown.code(d.getOrDefault("iterations", "?"))).append(" \u00b7 renderer ")
                .append(Markdown.code(d.getOrDefault("renderer version", "?"))).append("\n\n");
        List<List<String>> cells = new ArrayList<>();
        for (Rendered r : rendered) {
            GateResult g = r.row().gate();
            String result = r.row().problem() != null ? (r.row().problem().startsWith("missing") ? "\u26a0\ufe0f missing" : "\u274c " + r.row().problem())
                    : g.exitCode() == ExitCode.OK ? "\u2705 pass" : "\u274c " + g.failureReason();
            cells.add(List.of(r.row().fixture(), r.localMs() == null ? "-" : Html.f("%.0f ms", r.localMs()),
                    r.distributedMs() == null ? "-" : Html.f("%.0f ms", r.distributedMs()),
                    r.speedup() == null ? "-" : Html.f("%.2f\u00d7", r.speedup()),
                    g == null ? "-" : Html.db(g.psnr().mean()), g == null ? "-" : Html.db(g.psnr().min()),
                    g == null ? "-" : g.audio().status() + (g.audio().rmsDb() == null ? "" : Html.f(" %.1f dBFS", g.audio().rmsDb())),
                    r.row().cost() == null ? "-" : Html.usd(r.row().cost().usd()), result));
        }
        if (!cells.isEmpty()) {
            b.append(Markdown.table(List.of("Fixture", "In-process", "Distributed", "Speedup", "PSNR mean", "PSNR min", "Audio",
                    "Est. cost", "Result"), cells)).append('\n');
        }
        b.append("**Verdict:** ").append(Markdown.cell(verdict)).append("\n\n")
                .append(GateChecks.markdown(labelled(rendered)))
                .append("Speedup = in-process / distributed wall-clock (an end-to-end figure, see the methodology in `report.html`).\n");
        return b.toString();
    }
}
