///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//DEPS info.picocli:picocli:4.7.7
// Only what the build needs, so this script compiles in seconds: the artifact build and the CLI conventions.
//SOURCES lib/stack/BuildHandlerArtifact.java
//SOURCES lib/media/FfmpegBuild.java
//SOURCES lib/archive/*.java
//SOURCES lib/cli/ExitOnBadArguments.java lib/cli/ErrorLine.java lib/cli/ExitCode.java lib/cli/RunFailure.java
//SOURCES lib/cli/Version.java lib/cli/Verbose.java lib/render/RendererVersion.java
//MAIN build_handler

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.RunFailure;
import cli.Verbose;
import cli.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import media.FfmpegBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import stack.BuildHandlerArtifact;

@Command(name = "build-handler", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Builds the Lambda handler artifact (a fat jar of " + BuildHandlerArtifact.HANDLER_SOURCE + " and the lib sources) "
                    + "and checks it against Lambda's unzipped size limit.",
            ""},
        footer = {"", "Exit codes: 0 built and within the limit, 1 bad arguments, 2 the build failed or the artifact is too large."})
class build_handler implements Callable<Integer> {
    @Option(names = "--architecture", defaultValue = "x86_64",
            description = "The function architecture whose ffmpeg the jar bundles, x86_64 or arm64. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--output", description = "Where to write the jar (relative paths resolve against the checkout). "
            + "Default: build/renderproof-handler.jar for x86_64, build/renderproof-handler-linux-arm64.jar for arm64.")
    Path output;

    @Option(names = "--max-unzipped-mb", defaultValue = "262.144",
            description = "Fail above this many MB (10^6 bytes) unzipped. Default: ${DEFAULT-VALUE}, Lambda's 250 MiB limit.")
    double maxUnzippedMb;

    @Mixin
    Verbose verbose;

    public static void main(String... args) {
        System.exit(ExitOnBadArguments.execute(new build_handler(), args));
    }

    @Override
    public Integer call() {
        if (!(Double.isFinite(maxUnzippedMb) && maxUnzippedMb > 0)) {
            throw new RunFailure(ExitCode.USAGE, "--max-unzipped-mb must be a positive number, got " + maxUnzippedMb);
        }
        if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
            throw new RunFailure(ExitCode.USAGE, "--architecture must be x86_64 or arm64, got '" + architecture + "'");
        }
        FfmpegBuild ffmpeg = FfmpegBuild.forLambda(architecture);
        if (output == null) {
            output = BuildHandlerArtifact.defaultOutput(ffmpeg);
        }
        Path root;
        try {
            root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
        } catch (IllegalArgumentException e) {
            throw new RunFailure(ExitCode.USAGE, e.getMessage());
        }
        Path jar = root.resolve(output);
        if (Files.isDirectory(jar)) {
            throw new RunFailure(ExitCode.USAGE, "--output " + output + " is a directory, not a jar file");
        }
        for (Path p = jar.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new RunFailure(ExitCode.USAGE, "--output " + output + " cannot be created: " + p + " is a file");
            }
        }
        try {
            BuildHandlerArtifact.build(root, output, ffmpeg, (long) (maxUnzippedMb * 1_000_000L), System.out::println);
            return ExitCode.OK;
        } catch (BuildHandlerArtifact.TooLargeException | BuildHandlerArtifact.BuildFailedException e) {
            System.out.println(e.getMessage());
            throw new RunFailure(ExitCode.BUILD, e.getMessage().lines().findFirst().orElse("the build failed")
                    + (e.getMessage().contains("\n") ? " (jbang's output above)" : ""), e);
        } catch (java.io.UncheckedIOException e) {
            throw new RunFailure(ExitCode.BUILD, e.getMessage(), e);
        }
    }
}
