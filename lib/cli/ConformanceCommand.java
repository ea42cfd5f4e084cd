package cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import pipeline.Conformance;
import pipeline.Repo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "conformance", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {
            "Checks a render stack against the contract (docs/own-stack.md) point by point and prints a table: the "
                    + "template's outputs and state machine shape, each action's result fields and types on a real "
                    + "render, and the named errors for bad events sent straight to the function. Deploys and tears "
                    + "down like smoke.",
            "",
            "Ours, offline:    ./jbang conformance.java --embedded",
            "Yours, offline:   ./jbang conformance.java --embedded --template my-stack.yaml --artifact my-handler.jar "
                    + "--fixtures-dir my-projects --fixture intro",
            ""},
        footer = {"", "Exit codes: 0 every point holds; 1, 2, 3, 7 as smoke; 4 the render failed; 8 a contract point "
                + "does not hold (named on stderr and in conformance.json / junit.xml)."})
public final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--fixture", defaultValue = "mp4-h264-sdr", description = "Fixture rendered for the result checks. Default: ${DEFAULT-VALUE}.")
    String fixture;

    @Option(names = "--chunk-count", defaultValue = "2", description = "Chunks of that render (at least 2). Default: ${DEFAULT-VALUE}.")
    int chunkCount;

    @Option(names = "--artifacts", defaultValue = "conformance-artifacts", description = "Where conformance.json, junit.xml "
            + "and the render's history go. Default: ${DEFAULT-VALUE}.")
    Path artifacts;

    @Mixin
    TargetOptions target;

    @Mixin
    SourceOptions sources;

    @Override
    public Integer call() {
        Console console = Console.system();
        var projects = sources.projects(Repo.root());
        String runId = Targets.runId(target);
        var renderTarget = Targets.create(target, sources, runId, artifacts, console);
        var options = new Conformance.Options(fixture, chunkCount, sources.template(), artifacts, target.keepStack, target.timeout);
        return new Conformance(options, projects, renderTarget, console, runId)
                .run(() -> Targets.handlerArtifact(target, sources, renderTarget, console));
    }

    public static void main(String... args) {
        System.exit(ExitOnBadArguments.execute(new ConformanceCommand(), args));
    }
}
