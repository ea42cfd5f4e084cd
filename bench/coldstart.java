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
import cli.TargetOptions;
import cli.Targets;
import com.fasterxml.jackson.databind.node.ObjectNode;
import embedded.ColdInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                    + "loading, S3 client creation, handler construction, ffmpeg ready and the first plan over the embedded "
                    + "S3 server. Prints each sample and the medians.",
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
        TargetOptions embedded = new TargetOptions();
        embedded.embedded = true;
        Path artifact = Targets.handlerArtifact(embedded, console);

        Path tmp = Files.createTempDirectory("renderproof-coldstart-");
        try {
            List<ColdInit.Sample> measured = ColdInit.measure(artifact, f.src(), f.renderConfig(), samples, tmp,
                    line -> { });
            print(fixture, artifact, measured);
            if (json != null) {
                Json.MAPPER.writeValue(json.toFile(), toJson(measured));
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

    static void print(String fixture, Path artifact, List<ColdInit.Sample> measured) {
        System.out.printf(Locale.ROOT, "cold init of a new embedded environment (%s, fixture %s; a fresh JVM, class loader and ffmpeg directory per sample):%n",
                artifact.getFileName(), fixture);
        List<String> columns = measured.get(0).ms().keySet().stream().toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-8s", "ms"));
        columns.forEach(c -> header.append(String.format(Locale.ROOT, " %11s", c)));
        System.out.println(header);
        for (int i = 0; i < measured.size(); i++) {
            System.out.println(row("#" + (i + 1), columns, measured.get(i).ms()));
        }
        System.out.println(row("median", columns, ColdInit.median(measured)));
        System.out.println("  (total = " + String.join(" + ", ColdInit.PHASES) + "; warmPlan: the same plan again, for scale)");
    }

    private static String row(String label, List<String> columns, Map<String, Long> ms) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-8s", label));
        columns.forEach(c -> b.append(String.format(Locale.ROOT, " %11d", ms.get(c))));
        return b.toString();
    }

    static ObjectNode toJson(List<ColdInit.Sample> measured) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("medianMs", Json.MAPPER.valueToTree(ColdInit.median(measured)));
        root.set("samplesMs", Json.MAPPER.valueToTree(measured.stream().map(ColdInit.Sample::ms).toList()));
        return root;
    }
}
