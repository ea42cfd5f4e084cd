///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//JAVA_OPTIONS -Djava.awt.headless=true
//SOURCES ../lib/**.java
//MAIN coldstart

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import cli.Targets;
import com.fasterxml.jackson.databind.node.ObjectNode;
import embedded.ColdInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import json.Json;
import pipeline.Fixture;
import pipeline.Repo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Cold init of a new embedded execution environment, phase by phase (embedded.ColdInit says what each phase is). */
@Command(name = "bench-coldstart", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Cold init of a new embedded execution environment (numbers, not a test): in a fresh JVM per sample, a fresh "
                    + "isolated class loader over the built handler artifact and an empty ffmpeg directory; times class "
                    + "loading, handler construction (with its S3 client), the first plan over the embedded S3 server and "
                    + "what is left to wait for ffmpeg. Prints each sample and the medians.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 bad arguments or an invalid fixture, 2 the handler build failed."})
class coldstart implements Callable<Integer> {
    static final int MAX_SAMPLES = 20;

    @Parameters(arity = "0..1", paramLabel = "FIXTURE", defaultValue = "mp4-h264-sdr",
            description = "Fixture under fixtures/ whose project the first plan plans. Default: ${DEFAULT-VALUE}.")
    String fixture;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3",
            description = "New environments measured, one child JVM each, 1.." + MAX_SAMPLES + ". Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--layout", paramLabel = "LAYOUT", split = ",", defaultValue = "JAR,UNPACKED,JAR_FFMPEG_CACHED",
            description = "Artifact layouts measured, ${COMPLETION-CANDIDATES}: the jar as --embedded loads it, unpacked "
                    + "with its entries' modes as Lambda lays out /var/task, the jar with ffmpeg already extracted to the "
                    + "directory --embedded's environments share. Default: ${DEFAULT-VALUE}.")
    List<ColdInit.Layout> layouts;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the samples and medians to FILE as JSON.")
    Path json;

    @Mixin
    cli.Verbose verbose;

    public static void main(String... args) {
        System.exit(cli.ExitOnBadArguments.execute(new coldstart(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new RunFailure(ExitCode.USAGE, "--samples must be in 1.." + MAX_SAMPLES + ", got " + samples);
        }
        if (json != null && json.getParent() != null && !Files.isDirectory(json.toAbsolutePath().getParent())) {
            throw new RunFailure(ExitCode.USAGE, "--json: no directory " + json.toAbsolutePath().getParent());
        }
        Path repo = Repo.root();
        Fixture f = Fixture.load(repo, fixture);
        Console console = new Console(System.out, System.err, false);
        Path artifact = Targets.embeddedHandlerArtifact(console);

        Path tmp = Files.createTempDirectory("renderproof-coldstart-");
        try {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (ColdInit.Layout layout : layouts) {
                List<ColdInit.Sample> measured = ColdInit.measure(artifact, layout, f.src(), f.renderConfig(), samples, tmp);
                ColdInit.print(System.out, artifact, layout, "fixture " + fixture, measured);
                out.set(layout.name().toLowerCase(Locale.ROOT), ColdInit.toJson(measured));
            }
            if (json != null) {
                Json.MAPPER.writeValue(json.toFile(), out);
            }
        } finally {
            try (var paths = Files.walk(tmp)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }
}
