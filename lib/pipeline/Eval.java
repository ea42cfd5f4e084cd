package pipeline;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.RenderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import json.Json;
import render.RenderOps;
import statemachine.HistoryAnalysis;

/**
 * The eval pipeline: for each fixture, time an in-process render (after a warm-up), upload the fixture
 * once, render it distributed {@code iterations} times (median wall-clock), gate the output against
 * the baseline, and report speedup and cost. One deploy per run.
 */
public final class Eval {
    public static final String METHODOLOGY = """
            Methodology: the in-process time is RenderOps.renderAll inside this JVM (one warm-up render first, so
            JIT and ffmpeg extraction are not counted; then `iterations` timed renders, median). The distributed
            time is the execution's own start-to-stop span from its history (plan + chunks + assemble, including
            invocation overheads and, on AWS, cold starts; not the upload or download). Speedup = in-process /
            distributed: an end-to-end experience figure for this fixture at this chunking, not renderer vs renderer.
            On --embedded both sides share this machine's cores, so the speedup is bounded by the core count.""";

    public record Options(List<String> fixtures, int chunkCount, int chunkSize, Double psnrThreshold, int iterations,
                          Path artifacts, boolean keepStack, Duration timeout, boolean skipLocal) {}

    /** One fixture's outcome; {@code problem} is set for a fixture that failed pre-flight (exit 1) or whose render failed. */
    public record Row(String fixture, List<Long> localSamplesMs, List<Long> distributedSamplesMs, GateResult gate,
                      CostEstimate cost, int chunks, String problem, int exitCode) {
        Double localMs() {
            return localSamplesMs.isEmpty() ? null : Stats.median(localSamplesMs);
        }

        Double distributedMs() {
            return distributedSamplesMs.isEmpty() ? null : Stats.median(distributedSamplesMs);
        }

        Double speedup() {
            return localMs() == null || distributedMs() == null || distributedMs() == 0 ? null : localMs() / distributedMs();
        }
    }

    private final Options options;
    private final Path root;
    private final RenderTarget target;
    private final Console console;
    private final String runId;
    private report.RunInfo runInfo;
    private java.util.function.UnaryOperator<Fixture.Thresholds> thresholds = java.util.function.UnaryOperator.identity();
    private ProjectSources sources;
    private Duration teardownDeadline = teardown.Teardown.DEFAULT_DEADLINE;

    public Eval(Options options, Path root, RenderTarget target, Console console, String runId) {
        this.options = options;
        this.root = root;
        this.target = target;
        this.console = console;
        this.runId = runId;
    }

    /** What the report says about where and how this run ran (the command builds it); without it, a minimal one. */
    public Eval withRunInfo(report.RunInfo info) {
        this.runInfo = info;
        return this;
    }

    /** Gate thresholds set on the command line in place of the fixture's (--max-frame-failures, ...). */
    public Eval withThresholds(java.util.function.UnaryOperator<Fixture.Thresholds> override) {
        this.thresholds = override;
        return this;
    }

    /** Where fixtures and baselines come from; without it, the checkout's fixtures/ and baselines/. */
    public Eval withSources(ProjectSources projectSources) {
        this.sources = projectSources;
        return this;
    }

    private ProjectSources sources() {
        return sources != null ? sources : ProjectSources.of(root);
    }

    /** The whole teardown's deadline (--teardown-deadline); what is unverified then is listed as such. */
    public Eval withTeardownDeadline(Duration deadline) {
        this.teardownDeadline = deadline;
        return this;
    }

    public static void validate(Options o) {
        if (o.iterations() < 1 || o.iterations() > Smoke.MAX_ITERATIONS) {
            throw new RunFailure(ExitCode.USAGE, "--iterations must be an integer in 1.." + Smoke.MAX_ITERATIONS + ", got " + o.iterations());
        }
        if (o.chunkCount() < 1) {
            throw new RunFailure(ExitCode.USAGE, "--chunk-count must be a positive integer, got " + o.chunkCount());
        }
        if (o.chunkSize() < 1) {
            throw new RunFailure(ExitCode.USAGE, "--chunk-size must be a positive integer, got " + o.chunkSize());
        }
        Smoke.checkPsnrThreshold(o.psnrThreshold());
        Smoke.checkTimeout(o.timeout());
    }

    public int run(Supplier<Path> artifactBuilder) {
        validate(options);
        List<String> names = selectedFixtures();
        Map<String, Fixture> fixtures = new LinkedHashMap<>();
        Map<String, Row> broken = new LinkedHashMap<>();
        for (String name : names) {
            try {
                Fixture f = Fixture.load(sources(), name);
                fixtures.put(name, f);
                int chunks = f.composition() == null ? options.chunkCount()
                        : RenderOps.chunkCount(f.composition().durationFrames(), options.chunkSize(), options.chunkCount());
                if (chunks < options.chunkCount()) {
                    console.info("--chunk-count " + options.chunkCount() + ": " + name + " (" + f.composition().durationFrames()
                            + " frames, chunks of " + options.chunkSize() + ") renders as " + chunks + " chunks");
                }
            } catch (RunFailure e) {
                broken.put(name, new Row(name, List.of(), List.of(), null, null, 0, e.getMessage(), e.exitCode()));
            }
        }
        if (fixtures.isEmpty()) {
            Row first = broken.values().iterator().next();
            throw new RunFailure(ExitCode.USAGE, "no fixture could be evaluated: " + first.problem()
                    + (broken.size() > 1 ? " (and " + (broken.size() - 1) + " more)" : ""));
        }
        broken.values().forEach(r -> console.error("fixture " + r.fixture() + " skipped: " + r.problem()));
        Path renders = options.artifacts().resolve("renders");
        List<Row> rows = new ArrayList<>();
        int exit = broken.values().stream().map(Row::exitCode).reduce(ExitCode.OK, ExitPrecedence::worse);
        String failure = null;
        RunSession session = new RunSession(target, console, runId, options.artifacts(), options.keepStack(), options.timeout(),
                teardownDeadline);
        try {
            session.preflight();
            Path artifact = session.build(artifactBuilder);
            session.deploy(artifact);
            for (String name : names) {
                Row row = broken.containsKey(name) ? broken.get(name) : evaluateIsolated(session, fixtures.get(name), renders);
                rows.add(row);
                exit = ExitPrecedence.worse(exit, row.exitCode());
            }
        } catch (RunFailure e) {
            failure = session.failed(e.getMessage());
            exit = ExitPrecedence.worse(exit, e.exitCode());
        } catch (RuntimeException e) {
            failure = session.failed("render failed: " + e);
            exit = ExitPrecedence.worse(exit, ExitCode.RENDER_FAILED);
        } finally {
            exit = session.finish(exit);
        }
        if (!session.artifactsWritable()) {
            return exit;
        }
        try {
            writeCsv(rows);
            writeJson(rows);
        } catch (RuntimeException e) {
            console.warn("could not write results.csv/results.json: " + e.getMessage());
        }
        console.info(table(rows));
        report.RunInfo info = (runInfo != null ? runInfo : report.RunInfo.minimal("eval", target.name(), runId))
                .with("fixtures", names).with("chunk count", options.chunkCount()).with("chunk size", options.chunkSize())
                .with("iterations", options.iterations()).with("in-process timing", options.skipLocal() ? "skipped" : "yes")
                .with("PSNR floor", options.psnrThreshold() != null ? options.psnrThreshold() : "each fixture's minPsnr (default 40)")
                .with("baseline", sources().referenceDescription())
                .with("cleanup", session.cleanupSummary());
        report.ReportWriter.eval(options.artifacts(), renders, rows, failure, exit, info, console);
        return exit;
    }

    /** --fixtures, every name known (a typo is an error, not an empty run), else every fixture in the fixtures directory. */
    private List<String> selectedFixtures() {
        List<String> available = Fixture.availableIn(sources());
        if (options.fixtures().isEmpty()) {
            if (available.isEmpty()) {
                throw new RunFailure(ExitCode.USAGE, "no fixtures in " + sources().fixturesDir() + " (a fixture is a directory with meta.json)");
            }
            return available;
        }
        for (String name : options.fixtures()) {
            if (!available.contains(name)) {
                throw new RunFailure(ExitCode.USAGE, "--fixtures: unknown fixture '" + name + "' (available: " + String.join(", ", available) + ")");
            }
        }
        return options.fixtures().stream().distinct().toList();
    }

    /** One fixture's row; whatever goes wrong with it becomes a failed row, and the other fixtures still run. */
    private Row evaluateIsolated(RunSession session, Fixture fixture, Path renders) {
        try {
            return evaluate(session, fixture, renders);
        } catch (RunFailure e) {
            console.error(fixture.name() + ": " + e.getMessage());
            console.trace(e);
            return new Row(fixture.name(), List.of(), List.of(), null, null, 0, e.getMessage(), e.exitCode());
        } catch (RuntimeException e) {
            console.error(fixture.name() + ": " + e);
            console.trace(e);
            return new Row(fixture.name(), List.of(), List.of(), null, null, 0, e.toString(), ExitCode.RENDER_FAILED);
        }
    }

    private Row evaluate(RunSession session, Fixture loaded, Path renders) {
        Fixture fixture = loaded;
        String name = fixture.name();
        List<Long> local = options.skipLocal() ? List.of() : timeInProcess(fixture);
        String projectKey = session.uploadFixture(fixture);
        if (sources().selfBaseline()) {
            try {
                fixture = fixture.withBaseline(SelfBaseline.render(session, fixture, projectKey, "eval-" + name + "-self-" + runId,
                        renders, name + "-", console));
            } catch (RunFailure e) {
                console.error(e.getMessage());
                return new Row(name, local, List.of(), null, null, 0, e.getMessage(), e.exitCode());
            }
        }
        RenderConfig config = fixture.renderConfig().withChunking(options.chunkSize(), options.chunkCount());
        List<Long> distributed = new ArrayList<>();
        ExecutionResult last = null;
        String execution = null;
        try {
            for (int i = 1; i <= options.iterations(); i++) {
                execution = "eval-" + name + "-" + runId + "-i" + i;
                last = session.render(execution, projectKey, config, renders.resolve(name + "-history.json"),
                        renders.resolve(name + "-execution.json"));
                distributed.add(last.wallClockMs());
                console.info(String.format("%s: iteration %d/%d distributed %d ms", name, i, options.iterations(), last.wallClockMs()));
            }
        } catch (RunFailure e) {
            if (!session.interrupted()) {
                console.error(e.getMessage());
            }
            return new Row(name, local, distributed, null, null, 0, e.getMessage(), e.exitCode());
        }
        HistoryAnalysis h = last.analysis();
        Path output = renders.resolve(name + "-output.mp4");
        session.downloadOutput(execution, output);
        session.stage("gates");
        GateResult gate = GateResult.evaluate(output, fixture.baseline(), thresholds.apply(fixture.thresholds()), options.psnrThreshold(),
                h.chunkStartFrames(), ChunkFrameHashes.collect(last.history(), session::download, fixture.baseline(),
                        k -> renders.resolve(String.format("%s-chunk%04d.frames.json", name, k))));
        gate.skipNotes(name).forEach(note -> console.info("note: " + note));
        gate.failureLines(name + " N=" + Math.max(0, h.mapLength())).forEach(console::error);
        return new Row(name, local, distributed, gate, CostEstimate.of(h, session.memoryMb(), session.architecture()), Math.max(0, h.mapLength()),
                null, gate.exitCode());
    }

    private List<Long> timeInProcess(Fixture fixture) {
        try {
            Path dir = Files.createTempDirectory("renderproof-eval-local-");
            try {
                console.info(fixture.name() + ": in-process warm-up render");
                RenderOps.renderAll(fixture.src(), dir.resolve("warmup.mp4"));
                List<Long> samples = new ArrayList<>();
                for (int i = 1; i <= options.iterations(); i++) {
                    String state = fixture.name() + ": in-process render " + i + "/" + options.iterations();
                    console.progress(state, state);
                    long t0 = System.nanoTime();
                    RenderOps.renderAll(fixture.src(), dir.resolve("local-" + i + ".mp4"));
                    samples.add((System.nanoTime() - t0) / 1_000_000);
                }
                console.endProgress();
                console.info(fixture.name() + ": in-process " + samples + " ms");
                return samples;
            } finally {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeCsv(List<Row> rows) {
        StringBuilder b = new StringBuilder("fixture,localMs,lambdaMs,speedup,psnrLambdaVsBaselineDb,audioStatus,audioResidualRmsDb\n");
        for (Row r : rows) {
            b.append(r.fixture()).append(',')
                    .append(num(r.localMs(), "%.0f")).append(',')
                    .append(num(r.distributedMs(), "%.0f")).append(',')
                    .append(num(r.speedup(), "%.2f")).append(',')
                    .append(r.gate() == null ? "" : SummaryTable.fmt(r.gate().psnr().mean())).append(',')
                    .append(r.gate() == null ? (r.exitCode() == ExitCode.USAGE ? "invalid-fixture" : "render-failed")
                            : r.gate().audio().status()).append(',')
                    .append(r.gate() == null || r.gate().audio().rmsDb() == null ? "" : String.format(Locale.ROOT, "%.1f", r.gate().audio().rmsDb()))
                    .append('\n');
        }
        try {
            Files.createDirectories(options.artifacts());
            Files.writeString(options.artifacts().resolve("results.csv"), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeJson(List<Row> rows) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("fixture", r.fixture());
            putNumber(o, "localMs", r.localMs());
            ArrayNode ls = o.putArray("localSamplesMs");
            r.localSamplesMs().forEach(ls::add);
            putNumber(o, "lambdaMs", r.distributedMs());
            ArrayNode ds = o.putArray("lambdaSamplesMs");
            r.distributedSamplesMs().forEach(ds::add);
            putNumber(o, "speedup", r.speedup() == null ? null : Math.round(r.speedup() * 100) / 100.0);
            o.put("chunks", r.chunks());
            if (r.gate() != null) {
                var p = r.gate().psnr();
                o.set("psnrLambdaVsBaselineDb", ResultsJson.db(p.mean()));
                o.set("psnrMinDb", ResultsJson.db(p.min()));
                o.put("framesBelowFloor", p.framesBelow(r.gate().floorDb()));
                ArrayNode worst = o.putArray("worstFrames");
                r.gate().worstFrames(5).forEach(worst::add);
                o.put("audioStatus", r.gate().audio().status());
                if (r.gate().audio().rmsDb() != null) {
                    o.set("audioResidualRmsDb", ResultsJson.db(r.gate().audio().rmsDb()));
                }
                o.put("videoGate", r.gate().videoPasses() ? "pass" : "fail");
                o.put("audioGate", r.gate().audioPasses() ? "pass" : "fail");
                o.set("checks", r.gate().checksJson());
            }
            if (r.cost() != null) {
                o.put("estimatedCostUsd", Math.round(r.cost().usd() * 1e6) / 1e6);
                o.put("costArchitecture", r.cost().architecture());
                o.put("costAssumptions", CostEstimate.ASSUMPTIONS);
            }
            if (r.problem() != null) {
                o.put("problem", r.problem());
            }
            o.put("exitCode", r.exitCode());
        }
        ResultsJson.write(options.artifacts().resolve("results.json"), arr);
    }

    private static void putNumber(ObjectNode o, String field, Double value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static String num(Double v, String format) {
        return v == null ? "" : String.format(Locale.ROOT, format, v);
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format("%-14s %-10s %-12s %-8s %-10s %-22s %-10s %s%n",
                "fixture", "local ms", "lambda ms", "speedup", "psnr avg", "audio", "cost $", "result"));
        for (Row r : rows) {
            String audio = r.gate() == null ? "-" : r.gate().audio().status()
                    + (r.gate().audio().rmsDb() == null ? "" : String.format(Locale.ROOT, " %.1f", r.gate().audio().rmsDb()));
            String result = r.problem() != null ? (r.exitCode() == ExitCode.USAGE ? "INVALID FIXTURE" : "RENDER FAILED")
                    : r.exitCode() == ExitCode.OK ? "PASS" : "FAIL";
            b.append(String.format(Locale.ROOT, "%-14s %-10s %-12s %-8s %-10s %-22s %-10s %s%n", r.fixture(),
                    num(r.localMs(), "%.0f"), num(r.distributedMs(), "%.0f"), num(r.speedup(), "%.2f"),
                    r.gate() == null ? "-" : SummaryTable.fmt(r.gate().psnr().mean()), audio,
                    r.cost() == null ? "-" : String.format(Locale.ROOT, "%.5f", r.cost().usd()), result));
        }
        return b.toString().stripTrailing();
    }
}
