package cli;

import embedded.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import media.FfmpegBuild;
import pipeline.RenderTarget;
import pipeline.Repo;
import stack.BuildHandlerArtifact;

/** Turns the command line into a render target and a handler artifact; the one place that picks a target. */
public final class Targets {
    private Targets() {}

    /** --run-id, else a new random one. */
    public static String runId(TargetOptions o) {
        if (o.runId == null) {
            return aws.RunNames.newRunId();
        }
        if (!o.runId.matches("[a-z0-9]{4,12}")) {
            throw new RunFailure(ExitCode.USAGE, "--run-id must be 4-12 lowercase letters or digits, got '" + o.runId + "'");
        }
        return o.runId;
    }

    public static RenderTarget create(TargetOptions o, String runId, Path artifacts, Console console) {
        return create(o, new SourceOptions(), runId, artifacts, console);
    }

    public static RenderTarget create(TargetOptions o, SourceOptions s, String runId, Path artifacts, Console console) {
        return create(o, s, runId, artifacts, console, List.of());
    }

    /** chunkCounts: the maxParallelChunks values the run will ask for, checked against the account's concurrency. */
    public static RenderTarget create(TargetOptions o, SourceOptions s, String runId, Path artifacts, Console console,
                                      List<Integer> chunkCounts) {
        o.validate();
        if (o.ffmpeg != null) {
            media.Ffmpeg.setAnalysisOverride(o.ffmpeg);
        }
        if (s.stack != null) {
            if (o.embedded || o.local) {
                throw new RunFailure(ExitCode.USAGE, "--stack renders against a deployed stack on AWS; it does not combine with --"
                        + o.targetName());
            }
            if (s.template != null || s.artifact != null || !s.parameters.isEmpty()) {
                throw new RunFailure(ExitCode.USAGE, "--stack uses a deployed stack as it is; drop --template, --artifact and --parameter");
            }
            return new aws.ExistingStackTarget(o.profile, o.region, o.endpointUrl, s.stack, aws.RunNames.of(o.stackName, runId),
                    o.memoryMb);
        }
        if (o.embedded) {
            return new EmbeddedTarget(runId, s.template(), o.localConcurrency(), o.memoryMb,
                    artifacts.resolve("function.log"), null).withParameters(s.parameters).pricedAs(o.architecture);
        }
        if (o.local) {
            return new local.LocalTarget(runId, s.template(), o.localConcurrency(), o.memoryMb,
                    artifacts.resolve("function.log"), o.keepStack).forArchitecture(o.architecture);
        }
        return new aws.AwsTarget(o.profile, o.region, o.endpointUrl, aws.RunNames.of(o.stackName, runId), s.template(),
                o.memoryMb, o.reservedConcurrency, o.architecture)
                .withParameters(new aws.StackParameters(s.codeBucketParameter, s.codeKeyParameter, s.parameters))
                .expectingChunkCounts(chunkCounts)
                .withPermissionsBoundary(o.permissionsBoundary);
    }

    /**
     * The function's code: --artifact as given, else ours built (or --skip-build); none for --stack, whose
     * function is deployed already. On --embedded it must be a Java artifact holding the template's
     * handler class, checked before anything is deployed.
     */
    public static Path handlerArtifact(TargetOptions o, SourceOptions s, RenderTarget target, Console console) {
        if (target instanceof aws.ExistingStackTarget) {
            return null;
        }
        Path artifact = s.ownArtifact() ? s.artifact() : handlerArtifact(o, console);
        if (target instanceof EmbeddedTarget embedded) {
            embedded.checkArtifact(artifact);
        }
        return artifact;
    }

    /**
     * The ffmpeg build the handler artifact bundles: the function architecture's Linux build where the
     * handler runs on Lambda or in a Linux container, the host's where it runs in this process.
     */
    public static FfmpegBuild artifactFfmpeg(TargetOptions o) {
        if (o.embedded) {
            return FfmpegBuild.forThisHost().orElseThrow(() -> new RunFailure(ExitCode.USAGE,
                    FfmpegBuild.missingMessage(System.getProperty("os.name"), System.getProperty("os.arch"))
                            + "; --embedded renders in this process and needs a bundled build: use the aws target"));
        }
        return FfmpegBuild.forLambda(o.architecture);
    }

    /** The artifact --embedded loads (this host's ffmpeg), built unless up to date: what the benches measure. */
    public static Path embeddedHandlerArtifact(Console console) {
        TargetOptions embedded = new TargetOptions();
        embedded.embedded = true;
        return handlerArtifact(embedded, console);
    }

    /** Builds the handler artifact (exit 2 on failure), or with --skip-build uses the existing one. */
    public static Path handlerArtifact(TargetOptions o, Console console) {
        Path root = Repo.root();
        FfmpegBuild ffmpeg = artifactFfmpeg(o);
        Path output = BuildHandlerArtifact.defaultOutput(ffmpeg);
        Path jar = root.resolve(output);
        if (o.skipBuild) {
            if (!Files.isRegularFile(jar)) {
                throw new RunFailure(ExitCode.BUILD, "--skip-build: no handler artifact at " + jar + "; run ./jbang build-handler.java"
                        + (ffmpeg == FfmpegBuild.LINUX_X86_64 ? "" : " --architecture " + o.architecture));
            }
            BuildHandlerArtifact.Artifact existing = BuildHandlerArtifact.measure(jar);
            if (!existing.ffmpegEntries().equals(List.of(ffmpeg.resource()))) {
                throw new RunFailure(ExitCode.BUILD, "--skip-build: " + jar + " bundles " + existing.ffmpegEntries() + ", not the "
                        + ffmpeg.platform() + " ffmpeg this run needs; build it without --skip-build");
            }
            console.info("using existing " + existing.summary());
            return jar;
        }
        try {
            return BuildHandlerArtifact.build(root, output, ffmpeg, BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES,
                    console::info).jar();
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.BUILD, "building the handler artifact failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
