package pipeline;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import json.Json;
import render.RenderOps;
import statemachine.HistoryAnalysis;

/**
 * The smoke pipeline: deploy, upload the fixture once, render it at each chunk count (iterations
 * times, median wall-clock), gate every output against the baseline, write results, tear down, verify
 * nothing is left. Target-neutral: everything target-specific sits behind {@link RenderTarget}.
 */
public final class Smoke {
    public record Options(String fixture, List<Integer> chunkCounts, Double psnrThreshold, int iterations,
                          Path artifacts, boolean keepStack, Duration timeout, boolean deployOnly) {}

    /** One chunk count's outcome. */
    public record Row(int chunkCount, int chunksRendered, List<Long> wallClockSamplesMs, double wallClockMs,
                      GateResult gate, CostEstimate cost, int retries, Path output, Path history) {}

    private final Options options;
    private final Path root;
    private final RenderTarget target;
    private final Console console;
    private final String runId;
    private report.RunInfo runInfo;
    private java.util.function.UnaryOperator<Fixture.Thresholds> thresholds = java.util.function.UnaryOperator.identity();
    private ProjectSources sources;
    private Duration teardownDeadline = teardown.Teardown.DEFAULT_DEADLINE;
    private final BaselineAnalyses baselines = new BaselineAnalyses();

    public Smoke(Options options, Path root, RenderTarget target, Console console, String runId) {
        this.options = options;
        this.root = root;
        this.target = target;
        this.console = console;
        this.runId = runId;
    }

    /** What the report says about where and how this run ran (the command builds it); without it, a minimal one. */
    public Smoke withRunInfo(report.RunInfo info) {
        this.runInfo = info;
        return this;
    }

    /** Gate thresholds set on the command line in place of the fixture's (--max-frame-failures, ...). */
    public Smoke withThresholds(java.util.function.UnaryOperator<Fixture.Thresholds> override) {
        this.thresholds = override;
        return this;
    }

    /** Where fixtures and baselines come from; without it, the checkout's fixtures/ and baselines/. */
    public Smoke withSources(ProjectSources projectSources) {
        this.sources = projectSources;
        return this;
    }

    /** Validates the options before anything is created. */
    public static void validate(Options o) {
        if (o.chunkCounts().isEmpty()) {
            throw new RunFailure(ExitCode.USAGE, "--chunk-counts needs at least one positive integer");
        }
        for (int n : o.chunkCounts()) {
            if (n < 1) {
                throw new RunFailure(ExitCode.USAGE, "--chunk-counts: " + n + " is not a positive integer");
            }
        }
        if (o.iterations() < 1 || o.iterations() > MAX_ITERATIONS) {
            throw new RunFailure(ExitCode.USAGE, "--iterations must be an integer in 1.." + MAX_ITERATIONS + ", got " + o.iterations());
        }
        checkPsnrThreshold(o.psnrThreshold());
        checkTimeout(o.timeout());
    }

    /** More renders per point than this is a mistake, not a measurement. */
    public static final int MAX_ITERATIONS = 100;

    static void checkPsnrThreshold(Double dB) {
        if (dB != null && !(Double.isFinite(dB) && dB > 0 && dB <= Fixture.MAX_PSNR_FLOOR_DB)) {
            throw new RunFailure(ExitCode.USAGE, "--psnr-threshold must be a number of dB in (0, " + (int) Fixture.MAX_PSNR_FLOOR_DB
                    + "], got " + dB);
        }
    }

    static void checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new RunFailure(ExitCode.USAGE, "--timeout must be positive, got " + timeout);
        }
    }

    /** Says before rendering when a chunk count asks for more chunks than the fixture's frames allow. */
    private void reportChunking(Fixture fixture) {
        for (int n : options.chunkCounts()) {
            int actual = fixture.chunksFor(n);
            if (actual != n) {
                console.info("N=" + n + ": " + fixture.name() + " has " + fixture.composition().durationFrames()
                        + " frames and a chunk at least " + RenderOps.MIN_CHUNK_FRAMES + ", so it renders as " + actual + " chunks");
            }
        }
    }

    /** Runs the whole smoke test; returns the exit code. */
    public int run(Supplier<Path> artifactBuilder) {
        validate(options);
        ProjectSources from = sources != null ? sources : ProjectSources.of(root);
        Fixture fixture = Fixture.load(from, options.fixture());
        reportChunking(fixture);
        Path renders = options.artifacts().resolve("renders");
        int exit = ExitCode.OK;
        String failure = null;
        List<Row> rows = new ArrayList<>();
        RunSession session = new RunSession(target, console, runId, options.artifacts(), options.keepStack(), options.timeout(),
                teardownDeadline);
        try {
            session.preflight();
            if (!options.deployOnly() && !from.selfBaseline()) {
                baselines.prepare(fixture.baseline(), session.times());
            }
            Path artifact = session.build(artifactBuilder);
            session.deploy(artifact);
            if (!options.deployOnly()) {
                String projectKey = session.uploadFixture(fixture);
                baselines.awaitPrepared();
                if (from.selfBaseline()) {
                    fixture = fixture.withBaseline(SelfBaseline.render(session, fixture, projectKey, "smoke-self-" + runId, renders, "", console));
                }
                // Every chunk count renders first and is gated after: the gates then share the cores
                // with each other, never with a render. A render that fails ends the renders; those
                // before it are still gated and reported, in chunk-count order, before its failure.
                List<Rendered> rendered = new ArrayList<>();
                RuntimeException renderFailure = null;
                for (int n : options.chunkCounts()) {
                    try {
                        rendered.add(render(session, fixture, projectKey, n, renders));
                    } catch (RuntimeException e) {
                        renderFailure = e;
                        break;
                    }
                }
                if (!session.interrupted() && !rendered.isEmpty()) {
                    session.stage("gates");
                    for (Row row : gateAll(session, fixture, rendered)) {
                        rows.add(row);
                        exit = ExitPrecedence.worse(exit, row.gate().exitCode());
                        int n = row.chunkCount();
                        row.gate().skipNotes("N=" + n).forEach(note -> console.info("note: " + note));
                        row.gate().failureLines("N=" + n).forEach(console::error);
                        console.info(String.format("N=%d: %s, wall-clock %.0f ms, est. $%.5f", n,
                                row.gate().exitCode() == ExitCode.OK ? "PASS" : "FAIL " + row.gate().failureReason(),
                                row.wallClockMs(), row.cost().usd()));
                    }
                }
                if (renderFailure != null) {
                    throw renderFailure;
                }
            }
        } catch (RunFailure e) {
            failure = session.failed(e.getMessage());
            exit = ExitPrecedence.worse(exit, e.exitCode());
        } catch (RuntimeException e) {
            failure = session.failed("render failed: " + e);
            console.trace(e);
            exit = ExitPrecedence.worse(exit, ExitCode.RENDER_FAILED);
        } finally {
            baselines.stopPreparing();
            exit = session.finish(exit);
        }
        if (!session.artifactsWritable()) {
            return exit;
        }
        PhaseTimes times = session.times();
        try {
            times.time("results", () -> writeResults(rows));
        } catch (RuntimeException e) {
            console.warn("could not write results.json: " + e.getMessage());
        }
        if (!rows.isEmpty()) {
            console.info(SummaryTable.smoke(rows));
        }
        Fixture reported = fixture;
        String endedBy = failure;
        int code = exit;
        times.time("reports", () -> report.ReportWriter.smoke(options.artifacts(), rows, options.chunkCounts(), endedBy, code,
                reportInfo(reported).with("baseline", from.referenceDescription()).with("cleanup", session.cleanupSummary()), console));
        times.write(options.artifacts(), console);
        return exit;
    }

    /** The whole teardown's deadline (--teardown-deadline); what is unverified then is listed as such. */
    public Smoke withTeardownDeadline(Duration deadline) {
        this.teardownDeadline = deadline;
        return this;
    }

    private report.RunInfo reportInfo(Fixture fixture) {
        report.RunInfo info = runInfo != null ? runInfo : report.RunInfo.minimal("smoke", target.name(), runId);
        return info.with("fixture", fixture.name())
                .with("chunk counts", options.chunkCounts())
                .with("iterations", options.iterations())
                .with("PSNR floor", options.psnrThreshold() != null ? options.psnrThreshold() : fixture.thresholds().minPsnrOrDefault())
                .with("max frame failures", thresholds.apply(fixture.thresholds()).maxFrameFailures())
                .with("max audio residual", thresholds.apply(fixture.thresholds()).maxAudioResidualRmsDb())
                .with("max audio window residual", thresholds.apply(fixture.thresholds()).maxAudioWindowResidualRmsDbOrDefault())
                .with("audio window (ms)", thresholds.apply(fixture.thresholds()).audioWindowMsOrDefault())
                .with("max audio peak residual", thresholds.apply(fixture.thresholds()).maxAudioPeakResidualDbOrDefault());
    }

    /** A chunk count rendered (iterations times) and its last output downloaded, waiting for its gate. */
    private record Rendered(int n, List<Long> samples, HistoryAnalysis history, Path output, Path historyFile,
                            GateResult.RawFrames raw) {}

    private Rendered render(RunSession session, Fixture fixture, String projectKey, int n, Path renders) {
        List<Long> samples = new ArrayList<>();
        ExecutionResult last = null;
        String name = null;
        Path history = renders.resolve("N" + n + "-history.json");
        for (int i = 1; i <= options.iterations(); i++) {
            name = "smoke-N" + n + "-" + runId + (options.iterations() > 1 ? "-i" + i : "");
            last = session.render(name, projectKey, fixture.configForChunks(n), history, renders.resolve("N" + n + "-execution.json"));
            samples.add(last.wallClockMs());
        }
        Path output = renders.resolve("N" + n + "-output.mp4");
        session.downloadOutput(name, output);
        com.fasterxml.jackson.databind.JsonNode lastHistory = last.history();
        GateResult.RawFrames raw = session.times().time("gate: chunk hashes", () -> ChunkFrameHashes.collect(lastHistory, session::download, fixture.baseline(),
                k -> renders.resolve(String.format("N%d-chunk%04d.frames.json", n, k))));
        return new Rendered(n, samples, last.analysis(), output, history, raw);
    }

    /**
     * The gates of every rendered chunk count, as many at once as there are cores (a gate's ffmpeg keeps
     * about one and a half busy), in chunk-count order. A gate that throws throws here, after every gate
     * has ended, and the rows after it are dropped, as if their renders had not run; an interrupt stops
     * every gate and waits for them, so that no ffmpeg outlives the run.
     */
    private List<Row> gateAll(RunSession session, Fixture fixture, List<Rendered> rendered) {
        if (baselines.decoded(fixture.baseline()) == null) {
            // Rendered during the run (--baseline self): decoded once here, not by every gate at once.
            baselines.prepare(fixture.baseline(), session.times());
            baselines.awaitPrepared();
        }
        int workers = Math.max(1, Math.min(rendered.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, work -> {
            Thread t = new Thread(work, "gate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Row>> gates = new ArrayList<>();
            for (Rendered r : rendered) {
                gates.add(pool.submit(() -> gate(session, fixture, r)));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> g : gates) {
                try {
                    rows.add(g.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while gating", e);
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
            awaitUninterruptibly(pool);
        }
    }

    private static void awaitUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Row gate(RunSession session, Fixture fixture, Rendered r) {
        HistoryAnalysis h = r.history();
        GateResult gate = session.times().time("gates", () -> GateResult.evaluate(r.output(), fixture.baseline(),
                thresholds.apply(fixture.thresholds()), options.psnrThreshold(), h.chunkStartFrames(), r.raw(), baselines, session.times()));
        return new Row(r.n(), Math.max(0, h.mapLength()), r.samples(), Stats.median(r.samples()), gate,
                CostEstimate.of(h, session.memoryMb(), session.architecture()), h.retries(), r.output(), r.historyFile());
    }

    private void writeResults(List<Row> rows) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("chunkCount", r.chunkCount());
            o.put("chunksRendered", r.chunksRendered());
            o.put("wallClockMs", Math.round(r.wallClockMs()));
            ArrayNode s = o.putArray("wallClockSamplesMs");
            r.wallClockSamplesMs().forEach(s::add);
            var p = r.gate().psnr();
            o.set("psnrAvgDb", ResultsJson.db(p.mean()));
            o.set("psnrMinDb", ResultsJson.db(p.min()));
            o.put("psnrFloorDb", r.gate().floorDb());
            o.put("framesBelowFloor", p.framesBelow(r.gate().floorDb()));
            o.put("maxFrameFailures", r.gate().maxFrameFailures());
            ArrayNode worst = o.putArray("worstFrames");
            r.gate().worstFrames(5).forEach(worst::add);
            ArrayNode seams = o.putArray("seamFramesBelowFloor");
            r.gate().seamFramesBelowFloor().forEach(seams::add);
            o.put("frameCount", r.gate().output().frameCount());
            o.put("baselineFrameCount", r.gate().baseline().frameCount());
            o.put("durationMs", r.gate().output().durationMs());
            o.put("audioStatus", r.gate().audio().status());
            if (r.gate().audio().rmsDb() == null) {
                o.putNull("audioResidualRmsDb");
            } else {
                o.set("audioResidualRmsDb", ResultsJson.db(r.gate().audio().rmsDb()));
            }
            o.put("retries", r.retries());
            o.set("chunks", chunkTimings(r.history()));
            o.put("estimatedCostUsd", Math.round(r.cost().usd() * 1e6) / 1e6);
            ObjectNode basis = o.putObject("costBasis");
            basis.put("architecture", r.cost().architecture());
            basis.put("lambdaUsdPerGbSecond", CostEstimate.usdPerGbSecond(r.cost().architecture()));
            basis.put("lambdaGbSeconds", Math.round(r.cost().lambdaGbSeconds() * 1000) / 1000.0);
            basis.put("invocations", r.cost().invocations());
            basis.put("stateTransitions", r.cost().transitions());
            basis.put("assumptions", CostEstimate.ASSUMPTIONS);
            o.put("videoGate", r.gate().videoPasses() ? "pass" : "fail");
            o.put("audioGate", r.gate().audioPasses() ? "pass" : "fail");
            o.set("checks", r.gate().checksJson());
            if (r.gate().exitCode() != ExitCode.OK) {
                o.put("failure", r.gate().failureReason());
            }
            o.put("output", r.output().toString());
            o.put("history", r.history().toString());
        }
        ResultsJson.write(options.artifacts().resolve("results.json"), arr);
    }

    /** Per-chunk durations from the history: handler-reported and wall time of the successful attempt, and attempts made. */
    private static ArrayNode chunkTimings(Path historyFile) {
        ArrayNode chunks = Json.MAPPER.createArrayNode();
        HistoryAnalysis h;
        try {
            h = HistoryAnalysis.of(Json.MAPPER.readTree(historyFile.toFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var byChunk = new java.util.TreeMap<Integer, List<HistoryAnalysis.TaskAttempt>>();
        h.attempts().stream().filter(a -> a.chunkIndex() != null)
                .forEach(a -> byChunk.computeIfAbsent(a.chunkIndex(), k -> new ArrayList<>()).add(a));
        byChunk.forEach((index, attempts) -> {
            ObjectNode c = chunks.addObject();
            c.put("chunkIndex", index);
            c.put("attempts", attempts.size());
            attempts.stream().filter(HistoryAnalysis.TaskAttempt::succeeded).findFirst().ifPresent(a -> {
                if (a.handlerDurationMs() != null) {
                    c.put("handlerMs", a.handlerDurationMs());
                }
                c.put("wallMs", a.wallMillis());
                if (a.framesEncoded() != null) {
                    c.put("frames", a.framesEncoded());
                }
            });
        });
        return chunks;
    }
}
