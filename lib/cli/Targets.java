package cli;

import embedded.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
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
                    artifacts.resolve("function.log"), null).withParameters(s.parameters);
        }
        if (o.local) {
            return new local.LocalTarget(runId, s.template(), o.localConcurrency(), o.memoryMb,
                    artifacts.resolve("function.log"), o.keepStack);
        }
        return new aws.AwsTarget(o.profile, o.region, o.endpointUrl, aws.RunNames.of(o.stackName, runId), s.template(),
                o.memoryMb, o.reservedConcurrency)
                .withParameters(new aws.StackParameters(s.codeBucketParameter, s.codeKeyParameter, s.parameters));
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

    /** Builds the handler artifact (exit 2 on failure), or with --skip-build uses the existing one. */
    public static Path handlerArtifact(TargetOptions o, Console console) {
        Path root = Repo.root();
        Path jar = root.resolve(BuildHandlerArtifact.DEFAULT_OUTPUT);
        if (o.skipBuild) {
            if (!Files.isRegularFile(jar)) {
                throw new RunFailure(ExitCode.BUILD, "--skip-build: no handler artifact at " + jar + "; run ./jbang build-handler.java");
            }
            console.info("using existing " + BuildHandlerArtifact.measure(jar).summary());
            return jar;
        }
        try {
            return BuildHandlerArtifact.build(root, BuildHandlerArtifact.DEFAULT_OUTPUT,
                    BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, console::info).jar();
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.BUILD, "building the handler artifact failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
