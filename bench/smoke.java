///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN smoke
//SOURCES ../lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import cli.Targets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import embedded.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import json.Json;
import java.util.concurrent.Callable;
import pipeline.Fixture;
import pipeline.Repo;
import pipeline.Smoke;
import pipeline.Stats;
import render.RenderOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import statemachine.HistoryAnalysis;

/**
 * Embedded-target benchmark: wall-clock per chunk count, speedup against the in-process render of the
 * same fixture (both measured in this JVM, after warm-up), and overhead, in two senses:
 *  - orchestration: the share of the execution's wall-clock during which no handler invocation was
 *    running (state transitions, dispatch, waiting for an invoker), from the history;
 *  - harness: the whole smoke run minus the executions (deploy, upload, download, gates, teardown).
 * The committed fixtures last 2-3 s, so a distributed render of one is mostly fixed cost (plan, audio
 * mux, S3 hops). The bench therefore loops the fixture's timeline (layers and audio repeated, shifted
 * in time) to a length where the fan-out has work to share, renders that in-process as the baseline,
 * and runs smoke against it.
 *
 * <p>Where a distributed render's time goes comes from the handler's own log (handler_end carries each
 * invocation's duration and its steps, handler.Phases): per chunk count, the medians over the
 * iterations of the plan, the longest chunk and the assemble, and of each step inside them. Plan and
 * assemble do not shrink with the chunk count; the longest chunk should.
 */
@Command(name = "bench-smoke", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Embedded-target benchmark (numbers, not a test): the fixture's timeline looped LOOPS times, rendered in-process "
                    + "and by smoke --embedded at 1, 2 and 4 chunks, ITERATIONS times each; prints wall-clock, speedup and overhead.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 bad arguments or an invalid fixture, 2 the handler build failed, 4 a render failed."})
class smoke implements Callable<Integer> {
    /** Loops beyond this make a timeline longer than a benchmark needs (and than the renderer's limit). */
    static final int MAX_LOOPS = 100;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FIXTURE", defaultValue = "mp4-h264-sdr",
            description = "Fixture under fixtures/. Default: ${DEFAULT-VALUE}.")
    String fixture;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOOPS", defaultValue = "10",
            description = "Times the timeline is repeated, 1.." + MAX_LOOPS + ". Default: ${DEFAULT-VALUE}.")
    int loops;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ITERATIONS", defaultValue = "3",
            description = "Renders per point, 1.." + Smoke.MAX_ITERATIONS + "; medians are reported. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the numbers as JSON: inProcessMs, points (chunks, wallMs, speedup, phases), harnessOverheadPct.")
    Path json;

    @Mixin
    cli.Verbose verbose;

    public static void main(String... args) {
        System.exit(cli.ExitOnBadArguments.execute(new smoke(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (loops < 1 || loops > MAX_LOOPS) {
            throw new RunFailure(ExitCode.USAGE, "LOOPS must be in 1.." + MAX_LOOPS + ", got " + loops);
        }
        if (iterations < 1 || iterations > Smoke.MAX_ITERATIONS) {
            throw new RunFailure(ExitCode.USAGE, "ITERATIONS must be in 1.." + Smoke.MAX_ITERATIONS + ", got " + iterations);
        }
        Path repo = Repo.root();
        Fixture loaded = Fixture.load(repo, fixture);
        Console console = new Console(System.out, System.err, false);
        Path artifact = Targets.embeddedHandlerArtifact(console);

        Path tmp = Files.createTempDirectory("renderproof-bench-");
        Path root = tmp.resolve("repo");
        Path src = root.resolve("fixtures").resolve(fixture).resolve("src");
        Files.createDirectories(src);
        Files.createDirectories(root.resolve("stack"));
        Files.copy(repo.resolve("stack/template.yaml"), root.resolve("stack/template.yaml"));
        Files.copy(repo.resolve("fixtures").resolve(fixture).resolve("meta.json"), src.getParent().resolve("meta.json"));
        try (var assets = Files.list(repo.resolve("fixtures").resolve(fixture).resolve("src"))) {
            for (Path a : assets.toList()) {
                Files.copy(a, src.resolve(a.getFileName()));
            }
        }
        JsonNode composition = Json.MAPPER.readTree(src.resolve("composition.json").toFile());
        Files.writeString(src.resolve("composition.json"), loop(composition, loops).toString());

        Path baseline = root.resolve("baselines").resolve(fixture).resolve("output.mp4");
        Files.createDirectories(baseline.getParent());
        RenderOps.renderAll(src, tmp.resolve("warmup.mp4"));
        List<Long> local = new ArrayList<>();
        List<Long> localCpu = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long c0 = CpuClock.millis();
            long t0 = System.nanoTime();
            RenderOps.renderAll(src, baseline);
            local.add((System.nanoTime() - t0) / 1_000_000);
            localCpu.add(CpuClock.millis() - c0);
        }
        double localMs = Stats.median(local);
        int cores = Runtime.getRuntime().availableProcessors();
        Map<Integer, Long> workCpu = new java.util.LinkedHashMap<>();
        for (int n : List.of(1, 2, 4)) {
            workCpu.put(n, distributedWorkCpuMillis(src, loaded.configForChunks(n), tmp.resolve("work-" + n)));
        }

        Path artifacts = tmp.resolve("artifacts");
        var smokeOptions = new Smoke.Options(fixture, List.of(1, 2, 4), null, iterations, artifacts, false, Duration.ofMinutes(20), false);
        var target = new EmbeddedTarget("bench", root.resolve("stack/template.yaml"), cores, 10240, artifacts.resolve("function.log"), null);
        Console quiet = new Console(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err, false);
        long t0 = System.nanoTime();
        int exit = new Smoke(smokeOptions, root, target, quiet, "bench").run(() -> artifact);
        long totalMs = (System.nanoTime() - t0) / 1_000_000;

        JsonNode results = Json.MAPPER.readTree(artifacts.resolve("results.json").toFile());
        List<Execution> executions = Execution.fromFunctionLog(artifacts.resolve("function.log"));
        System.out.printf("fixture %s looped x%d (%d frames), %d cores, %d iterations per point, smoke exit %d%n", fixture, loops,
                composition.path("durationFrames").asInt() * loops, cores, iterations, exit);
        System.out.printf("in-process render (median of %s ms): %.0f ms, CPU time (this process and its ffmpegs) %s ms%n",
                local, localMs, CpuClock.available() ? Math.round(Stats.median(localCpu)) : "-");
        System.out.printf("%-7s %-12s %-22s %-9s %-9s %-11s %-10s %-14s %s%n", "chunks", "wall (ms)", "samples", "speedup",
                "plan", "chunks max", "assemble", "plan+assemble", "orchestration overhead");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("inProcessMs", Math.round(localMs));
        if (CpuClock.available()) {
            out.put("inProcessCpuMs", Math.round(Stats.median(localCpu)));
        }
        ArrayNode points = out.putArray("points");
        List<String> breakdown = new ArrayList<>();
        long executionsMs = 0;
        int executionIndex = 0;
        for (JsonNode row : results) {
            HistoryAnalysis h = HistoryAnalysis.of(Json.MAPPER.readTree(Path.of(row.path("history").asText()).toFile()));
            long busy = busyMillis(h);
            double wall = row.path("wallClockMs").asDouble();
            int samples = row.path("wallClockSamplesMs").size();
            for (JsonNode s : row.path("wallClockSamplesMs")) {
                executionsMs += s.asLong();
            }
            List<Execution> mine = executions.subList(Math.min(executionIndex, executions.size()),
                    Math.min(executionIndex + samples, executions.size()));
            executionIndex += samples;
            Execution.Medians m = Execution.medians(mine);
            System.out.printf("%-7d %-12.0f %-22s %-9.2f %-9s %-11s %-10s %-14s %.1f %% (last execution: %d ms wall, %d ms with a handler running)%n",
                    row.path("chunkCount").asInt(), wall, row.path("wallClockSamplesMs").toString(), localMs / wall,
                    ms(m.plan()), ms(m.chunksMax()), ms(m.assemble()),
                    m.plan() == null ? "-" : String.format("%.1f %%", 100.0 * (m.plan() + m.assemble()) / wall),
                    100.0 * (h.spanMillis() - busy) / h.spanMillis(), h.spanMillis(), busy);
            ObjectNode point = points.addObject();
            point.put("chunks", row.path("chunkCount").asInt());
            point.put("wallMs", Math.round(wall));
            point.put("speedup", Math.round(1000.0 * localMs / wall) / 1000.0);
            long cpu = workCpu.getOrDefault(row.path("chunkCount").asInt(), -1L);
            if (cpu >= 0) {
                point.put("workCpuMs", cpu);
                point.put("speedupCeiling", Math.round(1000.0 * localMs / (cpu / (double) Math.min(cores, row.path("chunkCount").asInt()))) / 1000.0);
            }
            ObjectNode phases = point.putObject("phases");
            if (m.plan() != null) {
                phases.put("plan", m.plan());
                phases.put("chunksMax", m.chunksMax());
                phases.put("assemble", m.assemble());
                ObjectNode steps = point.putObject("steps");
                m.steps().forEach((action, byStep) -> {
                    ObjectNode a = steps.putObject(action);
                    byStep.forEach(a::put);
                    breakdown.add(String.format("  N=%d %-12s %s", row.path("chunkCount").asInt(), action, byStep));
                });
            }
        }
        if (CpuClock.available()) {
            System.out.println("work of a distributed render, CPU time of its plan, chunks, audio and assemble run one after another in"
                    + " this process (no S3, no handler): wall-clock cannot fall below it divided by min(chunks, cores)");
            workCpu.forEach((n, cpu) -> System.out.printf("  N=%d %d ms CPU -> at least %d ms on %d core(s) -> speedup at most %.2f%n",
                    n, cpu, cpu / Math.min(cores, n), Math.min(cores, n), localMs / (cpu / (double) Math.min(cores, n))));
        }
        double harnessPct = 100.0 * (totalMs - executionsMs) / totalMs;
        out.put("harnessOverheadPct", Math.round(10.0 * harnessPct) / 10.0);
        System.out.println("steps inside the handler (medians over the iterations, ms; for renderChunk"
                + " steps, each step's maximum over the chunks; steps that run at once, like the last chunk's audio beside its frames, each count in full):");
        breakdown.forEach(System.out::println);
        System.out.printf("harness overhead: %.1f %% of the %d ms smoke run outside executions (deploy, upload, download, gates, teardown)%n",
                harnessPct, totalMs);
        JsonNode timings = Json.MAPPER.readTree(artifacts.resolve("timings.json").toFile()).path("phases");
        List<String> phases = new ArrayList<>();
        timings.fields().forEachRemaining(p -> phases.add(p.getKey() + " " + p.getValue().path("ms").asLong()));
        System.out.println("time per phase (ms, summed over the run; gates' steps within \"gates\"): " + String.join(", ", phases));
        out.set("harnessPhases", timings);
        System.out.println("targets: speedup at N=2 on 2 cores >= 1.7 (N=4 >= 1.6); plan + assemble <= 10 % of the N=2 wall-clock;"
                + " orchestration overhead <= 10 %");
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Json.MAPPER.writeValue(json.toFile(), out);
            System.out.println("wrote " + json);
        }
        try (var paths = Files.walk(tmp)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return exit;
    }

    /** The composition's timeline repeated {@code times} times: every layer and audio track shifted by one duration per copy. */
    static JsonNode loop(JsonNode composition, int times) {
        ObjectNode out = composition.deepCopy();
        int d = composition.path("durationFrames").asInt();
        out.put("durationFrames", d * times);
        ArrayNode layers = out.putArray("layers");
        ArrayNode audio = out.putArray("audio");
        for (int k = 0; k < times; k++) {
            int shift = k * d;
            for (JsonNode layer : composition.path("layers")) {
                ObjectNode l = layer.deepCopy();
                l.put("from", layer.path("from").asInt(0) + shift);
                l.put("to", layer.path("to").asInt(d) + shift);
                l.path("transform").forEach(p -> p.forEach(kf -> {
                    if (kf.has("frame")) {
                        ((ObjectNode) kf).put("frame", kf.get("frame").asInt() + shift);
                    }
                }));
                layers.add(l);
            }
            for (JsonNode track : composition.path("audio")) {
                ObjectNode t = track.deepCopy();
                t.put("startFrame", track.path("startFrame").asInt(0) + shift);
                audio.add(t);
            }
        }
        return out;
    }

    /**
     * CPU milliseconds of the renderer's own work for a distributed render at this chunking: plan, every
     * chunk, the audio and assemble, one after another in this JVM. -1 where the CPU clock is unavailable.
     */
    private static long distributedWorkCpuMillis(Path src, contract.RenderConfig config, Path dir) throws java.io.IOException {
        if (!CpuClock.available()) {
            return -1;
        }
        Files.createDirectories(dir);
        long c0 = CpuClock.millis();
        render.Plan plan = RenderOps.plan(src, config);
        List<Path> chunks = new ArrayList<>();
        for (int i = 0; i < plan.chunks().size(); i++) {
            chunks.add(RenderOps.renderChunk(src, plan, i, dir.resolve(i + ".mp4")).output());
        }
        Path audio = RenderOps.renderAudio(src, plan, dir.resolve("audio.m4a")).output();
        RenderOps.assemble(plan, chunks, audio, dir.resolve("out.mp4"));
        return CpuClock.millis() - c0;
    }

    /**
     * CPU time of this process plus its finished children (the ffmpegs it waited for), from
     * /proc/self/stat on Linux: the renderer's work is split between Java threads and ffmpeg processes.
     */
    static final class CpuClock {
        private static final Path STAT = Path.of("/proc/self/stat");
        /** USER_HZ, 100 on every Linux the project runs on (sysconf(_SC_CLK_TCK) is not reachable from Java). */
        private static final long TICKS_PER_SECOND = 100;

        static boolean available() {
            return Files.isReadable(STAT);
        }

        static long millis() {
            try {
                String stat = Files.readString(STAT);
                // Fields after the command name (which may hold spaces) in parentheses: utime is field 14 of the line.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                return ticks * 1000 / TICKS_PER_SECOND;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String ms(Long v) {
        return v == null ? "-" : v + "";
    }

    /**
     * One execution's successful invocations as the function log shows them (handler_end lines): the
     * embedded target runs executions one after another, and each begins with its plan.
     */
    record Execution(long plan, long chunksMax, long assemble, Map<String, Map<String, Long>> steps) {
        record Medians(Long plan, Long chunksMax, Long assemble, Map<String, Map<String, Long>> steps) {}

        static List<Execution> fromFunctionLog(Path log) throws java.io.IOException {
            List<Execution> out = new ArrayList<>();
            List<JsonNode> current = null;
            for (String line : Files.readAllLines(log)) {
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (java.io.IOException notJson) {
                    continue;
                }
                if (n == null || !n.path("event").asText().equals("handler_end")) {
                    continue;
                }
                if (n.path("action").asText().equals("plan")) {
                    current = new ArrayList<>();
                }
                if (current == null) {
                    continue;
                }
                current.add(n);
                if (n.path("action").asText().equals("assemble")) {
                    out.add(of(current));
                    current = null;
                }
            }
            return out;
        }

        private static Execution of(List<JsonNode> ends) {
            long plan = 0;
            long chunksMax = 0;
            long assemble = 0;
            Map<String, Map<String, Long>> steps = new java.util.LinkedHashMap<>();
            for (JsonNode e : ends) {
                String action = e.path("action").asText();
                long d = e.path("durationMs").asLong();
                switch (action) {
                    case "plan" -> plan = d;
                    case "assemble" -> assemble = d;
                    default -> chunksMax = Math.max(chunksMax, d);
                }
                Map<String, Long> a = steps.computeIfAbsent(action, k -> new java.util.LinkedHashMap<>());
                e.path("phases").fields().forEachRemaining(p -> a.merge(p.getKey(), p.getValue().asLong(), Math::max));
            }
            return new Execution(plan, chunksMax, assemble, steps);
        }

        static Medians medians(List<Execution> xs) {
            if (xs.isEmpty()) {
                return new Medians(null, null, null, Map.of());
            }
            Map<String, Map<String, List<Long>>> all = new java.util.LinkedHashMap<>();
            for (Execution x : xs) {
                x.steps().forEach((action, byStep) -> byStep.forEach((step, v) ->
                        all.computeIfAbsent(action, k -> new java.util.LinkedHashMap<>()).computeIfAbsent(step, k -> new ArrayList<>()).add(v)));
            }
            Map<String, Map<String, Long>> steps = new java.util.LinkedHashMap<>();
            all.forEach((action, byStep) -> byStep.forEach((step, vs) ->
                    steps.computeIfAbsent(action, k -> new java.util.LinkedHashMap<>()).put(step, Math.round(Stats.median(vs)))));
            return new Medians(Math.round(Stats.median(xs.stream().map(Execution::plan).toList())),
                    Math.round(Stats.median(xs.stream().map(Execution::chunksMax).toList())),
                    Math.round(Stats.median(xs.stream().map(Execution::assemble).toList())), steps);
        }
    }

    /** Length of the union of all task attempts' started-to-ended intervals. */
    private static long busyMillis(HistoryAnalysis h) {
        List<long[]> spans = h.attempts().stream().map(a -> new long[] {a.startedMillis(), a.endedMillis()})
                .sorted(java.util.Comparator.comparingLong(x -> x[0])).toList();
        long busy = 0;
        long end = Long.MIN_VALUE;
        for (long[] s : spans) {
            if (s[1] <= end) {
                continue;
            }
            busy += s[1] - Math.max(s[0], end);
            end = s[1];
        }
        return busy;
    }
}
