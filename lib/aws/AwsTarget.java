package aws;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import media.Ffmpeg;
import pipeline.Deployment;
import pipeline.RenderTarget;
import software.amazon.awssdk.core.sync.RequestBody;
import teardown.FaultInjection;
import teardown.Teardown;

/**
 * The default target: the real render stack on AWS (or an AWS-compatible endpoint), deployed with
 * CloudFormation through the SDK and driven through Step Functions.
 */
public final class AwsTarget implements RenderTarget {
    static final Duration ARTIFACT_UPLOAD_TIMEOUT = Duration.ofMinutes(15);
    private final String profile;
    private final String region;
    private final String endpointUrl;
    private final RunNames names;
    private final Path template;
    private final int memoryMb;
    private final int reservedConcurrency;
    private StackParameters parameters = StackParameters.REFERENCE;
    private final RunResources resources;
    private AwsSession session;

    public AwsTarget(String profile, String region, String endpointUrl, RunNames names, Path template, int memoryMb,
                     int reservedConcurrency) {
        this.profile = profile;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.names = names;
        this.template = template;
        this.memoryMb = memoryMb;
        this.reservedConcurrency = reservedConcurrency;
        this.resources = new RunResources(names);
    }

    /** The template's names for the code location, and the user's --parameter values. */
    public AwsTarget withParameters(StackParameters stackParameters) {
        this.parameters = stackParameters;
        return this;
    }

    @Override
    public String name() {
        return "aws";
    }

    /** The template's parameters, credentials (STS GetCallerIdentity), ffmpeg, and that this run's names are free; creates nothing. */
    @Override
    public void preflight(Console console) {
        String parameterProblem = parameters.problem(stack.Template.read(template).parameterNames());
        if (parameterProblem != null) {
            throw new RunFailure(ExitCode.USAGE, parameterProblem);
        }
        try {
            session = AwsSession.resolve(profile, region, endpointUrl);
            Preflight.CallerIdentity id = Preflight.run(session);
            console.info("target: aws (" + session.describe() + "), account " + id.account() + " as " + id.arn());
            console.info("run " + names.runId() + ": stack " + names.stackName() + ", artifact bucket " + names.artifactBucket());
            CheckNamesFree.run(session, names, id.account());
            reportLeftoversOfEarlierRuns(console);
            console.info("analysis ffmpeg: " + Ffmpeg.forAnalysis().version());
        } catch (PreflightException e) {
            closeSession();
            throw new RunFailure(ExitCode.USAGE, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeSession();
            throw new RunFailure(ExitCode.USAGE, "pre-flight failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Deployment deploy(Path artifact, Teardown teardown, Console console) {
        String codeBucket = CreateArtifactBucket.run(session, names, teardown, console::info);
        resources.add(RunResources.Kind.bucket, codeBucket);
        String codeKey = "handler/" + artifact.getFileName();
        FaultInjection.reach("artifact-upload");
        // The artifact is tens of MB: the session's per-call timeout is sized for API calls, not uploads.
        session.s3().putObject(r -> r.bucket(codeBucket).key(codeKey).overrideConfiguration(c -> c
                .apiCallTimeout(ARTIFACT_UPLOAD_TIMEOUT).apiCallAttemptTimeout(ARTIFACT_UPLOAD_TIMEOUT)), RequestBody.fromFile(artifact));
        console.info("uploaded " + artifact.getFileName() + " to s3://" + codeBucket + "/" + codeKey);
        String body;
        try {
            body = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            var values = parameters.values(stack.Template.read(template).parameterNames(), names, codeBucket, codeKey, memoryMb,
                    reservedConcurrency);
            DeployStack.Deployed deployed = DeployStack.run(session, resources, body, values, teardown, console::info,
                    DeployStack.DEFAULT_CAP);
            var o = deployed.outputs();
            console.info("outputs: RenderBucketName=" + o.renderBucketName() + " RenderStateMachineArn="
                    + o.renderStateMachineArn() + " RenderFunctionArn=" + o.renderFunctionArn());
            return new AwsDeployment(session, names, o, memoryMb);
        } catch (DeployException e) {
            throw new RunFailure(ExitCode.DEPLOY, "deploy failed: " + e.getMessage(), e);
        }
    }

    /** Every resource this run recorded, and any other carrying its run tag, checked within the budget. */
    @Override
    public List<Deployment.CleanupCheck> verifyGone(Duration budget) {
        if (session == null || resources.all().isEmpty()) {
            return List.of();
        }
        try {
            return VerifyCleanup.run(session, resources, budget);
        } finally {
            closeSession();
        }
    }

    /** Pre-flight's one line about earlier runs' leftovers in this region (cleanup.java removes them). */
    private void reportLeftoversOfEarlierRuns(Console console) {
        try {
            ListRunResources.Listing l = ListRunResources.run(session);
            var others = l.found().stream().filter(f -> !f.runId().equals(names.runId())).toList();
            long runs = others.stream().map(ListRunResources.Found::runId).distinct().count();
            if (!others.isEmpty()) {
                console.warn(others.size() + " resources of " + runs + " earlier run(s) are still in " + session.region().id()
                        + "; list them with ./jbang cleanup.java --dry-run" + cleanupFlags());
            }
        } catch (RuntimeException e) {
            console.warn("could not look for earlier runs' leftovers: " + ListRunResources.oneLine(e));
        }
    }

    private String cleanupFlags() {
        return (profile != null ? " --profile " + profile : "") + (region != null ? " --region " + region : "")
                + (endpointUrl != null ? " --endpoint-url " + endpointUrl : "");
    }

    private void closeSession() {
        if (session != null) {
            session.close();
        }
    }
}
