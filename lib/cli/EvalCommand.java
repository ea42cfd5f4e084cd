package cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import pipeline.Eval;
import pipeline.Repo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Benchmarks the distributed renderer against in-process rendering over several fixtures: median "
                    + "wall-clock of both, speedup, the same video and audio gates as smoke, and estimated cost. "
                    + "One deploy per run, one upload per fixture.",
            "",
            "Offline:   ./jbang eval.java --embedded --iterations 3",
            "Real AWS:  ./jbang eval.java --profile dev --iterations 3",
            ""},
        footer = {"", Eval.METHODOLOGY, "", ExitCode.HELP, "", CostNotes.HELP})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--fixtures", split = ",", description = "Fixtures to evaluate (comma-separated). Default: every fixture under fixtures/. "
            + "An unknown name is an error; a fixture that fails pre-flight is a failed row and the others still run.")
    List<String> fixtures = List.of();

    @Option(names = "--chunk-count", defaultValue = "4", description = "maxParallelChunks for every fixture. Default: ${DEFAULT-VALUE}.")
    int chunkCount;

    @Option(names = "--chunk-size", defaultValue = "30", description = "Frames per chunk, pinned across fixtures so every fixture is "
            + "really chunked (the fixtures are 60-90 frames). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--psnr-threshold", description = "Per-frame PSNR floor in dB. Default: each fixture's minPsnr, else 40.")
    Double psnrThreshold;

    @Option(names = "--iterations", defaultValue = "1", description = "Timed renders per fixture and side; medians are reported "
            + "(an even count takes the mean of the middle two). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--skip-local", description = "Skip the in-process timing (no speedup column).")
    boolean skipLocal;

    @Option(names = "--artifacts", defaultValue = "lambda-eval-artifacts", description = "Where results.csv, results.json and renders go. "
            + "Default: ${DEFAULT-VALUE}.")
    Path artifacts;

    @Mixin
    ThresholdOptions thresholds;

    @Mixin
    TargetOptions target;

    @Mixin
    SourceOptions sources;

    @Mixin
    Verbose verbose;

    @Override
    public Integer call() {
        target.validate();
        Console console = Console.system();
        var options = new Eval.Options(fixtures, chunkCount, chunkSize, psnrThreshold, iterations, artifacts, target.keepStack,
                target.timeout, skipLocal);
        Eval.validate(options);
        thresholds.validate();
        var projects = sources.projects(Repo.root());
        String runId = Targets.runId(target);
        var renderTarget = Targets.create(target, sources, runId, artifacts, console, List.of(chunkCount));
        return new Eval(options, Repo.root(), renderTarget, console, runId)
                .withTeardownDeadline(target.teardownDeadline)
                .withRunInfo(report.RunInfo.forTarget("eval", target.targetName(), target.region, target.stackName, target.endpointUrl, runId)
                        .with("memory (MB)", target.memoryMb).with("architecture", target.architecture))
                .withThresholds(thresholds::apply)
                .withSources(projects)
                .run(() -> Targets.handlerArtifact(target, sources, renderTarget, console));
    }

    public static void main(String... args) {
        System.exit(ExitOnBadArguments.execute(new EvalCommand(), args));
    }
}
