package cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import pipeline.Repo;
import pipeline.Smoke;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "smoke", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Deploys the render stack, renders one fixture at several chunk counts, compares every output with the "
                    + "committed baseline (raw-frame hashes, stream parameters, timestamps, alignment, per-frame PSNR, audio residual), reports wall-clock and cost, tears everything "
                    + "down and proves nothing is left.",
            "",
            "Offline:   ./jbang smoke.java --embedded",
            "Real AWS:  ./jbang smoke.java --profile dev",
            ""},
        footer = {"", ExitCode.HELP, "", CostNotes.HELP})
public final class SmokeCommand implements Callable<Integer> {
    @Option(names = "--fixture", defaultValue = "mp4-h264-sdr", description = "Fixture under fixtures/. Default: ${DEFAULT-VALUE}.")
    String fixture;

    @Option(names = "--chunk-counts", split = ",", defaultValue = "2,4,8",
            description = "Chunk counts to render (maxParallelChunks; fixtures pin a 10-frame minimum per chunk). Default: ${DEFAULT-VALUE}.")
    List<Integer> chunkCounts;

    @Option(names = "--psnr-threshold", description = "Per-frame PSNR floor in dB. Default: the fixture's minPsnr, else 40.")
    Double psnrThreshold;

    @Option(names = "--iterations", defaultValue = "1", description = "Renders per chunk count; the median wall-clock is reported. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--artifacts", defaultValue = "lambda-smoke-artifacts", description = "Where results, renders and histories go. Default: ${DEFAULT-VALUE}.")
    Path artifacts;

    @Option(names = "--deploy-only", description = "Deploy, print the outputs, tear down: checks permissions and the template without rendering.")
    boolean deployOnly;

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
        var options = new Smoke.Options(fixture, chunkCounts, psnrThreshold, iterations, artifacts, target.keepStack,
                target.timeout, deployOnly);
        Smoke.validate(options);
        thresholds.validate();
        var projects = sources.projects(Repo.root());
        String runId = Targets.runId(target);
        var renderTarget = Targets.create(target, sources, runId, artifacts, console, chunkCounts);
        return new Smoke(options, Repo.root(), renderTarget, console, runId)
                .withTeardownDeadline(target.teardownDeadline)
                .withRunInfo(report.RunInfo.forTarget("smoke", target.targetName(), target.region, target.stackName, target.endpointUrl, runId)
                        .with("memory (MB)", target.memoryMb).with("architecture", target.architecture))
                .withThresholds(thresholds::apply)
                .withSources(projects)
                .run(() -> Targets.handlerArtifact(target, sources, renderTarget, console));
    }

    public static void main(String... args) {
        System.exit(ExitOnBadArguments.execute(new SmokeCommand(), args));
    }
}
