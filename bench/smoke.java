///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//MAIN smoke
//SOURCES ../lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

import cli.Console;
import cli.Targets;
import cli.TargetOptions;
import com.fasterxml.jackson.databind.JsonNode;
import embedded.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import pipeline.Repo;
import pipeline.Smoke;
import pipeline.Stats;
import render.RenderOps;
import statemachine.HistoryAnalysis;

/**
 * Embedded-target benchmark: wall-clock per chunk count, speedup against the in-process render of the
 * same fixture (both measured in this JVM, after warm-up), and overhead, in two senses:
 *  - orchestration: execution wall-clock minus the handler work on its critical path (plan + slowest
 *    chunk + assemble), i.e. what the state machine, invocation and S3 hops add;
 *  - harness: the whole smoke run minus the executions (deploy, upload, download, gates, teardown).
 * Usage: ./jbang bench/smoke.java [fixture] [iterations]
 */
class smoke {
    public static void main(String... args) throws Exception {
        String fixture = args.length > 0 ? args[0] : "mp4-h264-sdr";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Repo.root();
        Console console = new Console(System.out, System.err, false);
        TargetOptions options = new TargetOptions();
        Path artifact = Targets.handlerArtifact(options, console);

        Path src = root.resolve("fixtures").resolve(fixture).resolve("src");
        Path tmp = Files.createTempDirectory("renderproof-bench-");
        RenderOps.renderAll(src, tmp.resolve("warmup.mp4"));
        List<Long> local = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            RenderOps.renderAll(src, tmp.resolve("local.mp4"));
            local.add((System.nanoTime() - t0) / 1_000_000);
        }
        double localMs = Stats.median(local);

        Path artifacts = tmp.resolve("artifacts");
        int cores = Runtime.getRuntime().availableProcessors();
        var smokeOptions = new Smoke.Options(fixture, List.of(1, 2, 4), null, iterations, artifacts, false, Duration.ofMinutes(20), false);
        var target = new EmbeddedTarget("bench", Repo.template(), cores, 10240, artifacts.resolve("function.log"), null);
        Console quiet = new Console(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err, false);
        long t0 = System.nanoTime();
        int exit = new Smoke(smokeOptions, root, target, quiet, "bench").run(() -> artifact);
        long totalMs = (System.nanoTime() - t0) / 1_000_000;

        JsonNode results = Json.MAPPER.readTree(artifacts.resolve("results.json").toFile());
        System.out.printf("fixture %s, %d cores, %d iterations per point, smoke exit %d%n", fixture, cores, iterations, exit);
        System.out.printf("in-process render (median of %s ms): %.0f ms%n", local, localMs);
        System.out.printf("%-7s %-12s %-22s %-9s %s%n", "chunks", "wall (ms)", "samples", "speedup", "orchestration overhead");
        long executionsMs = 0;
        for (JsonNode row : results) {
            HistoryAnalysis h = HistoryAnalysis.of(Json.MAPPER.readTree(Path.of(row.path("history").asText()).toFile()));
            long critical = 0;
            long slowestChunk = 0;
            for (var a : h.attempts()) {
                if (!a.succeeded()) {
                    continue;
                }
                if ("renderChunk".equals(a.action())) {
                    slowestChunk = Math.max(slowestChunk, handlerMs(a));
                } else {
                    critical += handlerMs(a);
                }
            }
            critical += slowestChunk;
            double wall = row.path("wallClockMs").asDouble();
            for (JsonNode s : row.path("wallClockSamplesMs")) {
                executionsMs += s.asLong();
            }
            System.out.printf("%-7d %-12.0f %-22s %-9.2f %.1f %% (last execution: %.0f ms wall, %d ms handler critical path)%n",
                    row.path("chunkCount").asInt(), wall, row.path("wallClockSamplesMs").toString(), localMs / wall,
                    100.0 * (wall - critical) / wall, wall, critical);
        }
        System.out.printf("harness overhead: %.1f %% of the %d ms smoke run outside executions (deploy, upload, download, gates, teardown)%n",
                100.0 * (totalMs - executionsMs) / totalMs, totalMs);
        System.out.println("targets: speedup at N=2 on 2 cores >= 1.7; orchestration overhead <= 10 %");
        try (var paths = Files.walk(tmp)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long handlerMs(HistoryAnalysis.TaskAttempt a) {
        return a.handlerDurationMs() != null ? a.handlerDurationMs() : a.wallMillis();
    }
}
