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
import pipeline.Deployment;
import pipeline.RenderTarget;
import platform.HostPlatform;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
    private RunNames names;
    private final Path template;
    private final int memoryMb;
    private final int reservedConcurrency;
    private final String architecture;
    private StackParameters parameters = StackParameters.REFERENCE;
    private List<Integer> chunkCounts = List.of();
    private String permissionsBoundaryArn = "";
    private RunResources resources;
    private AwsSession session;

    public AwsTarget(String profile, String region, String endpointUrl, RunNames names, Path template, int memoryMb,
                     int reservedConcurrency) {
        this(profile, region, endpointUrl, names, template, memoryMb, reservedConcurrency, "x86_64");
    }

    /** architecture: the function's, x86_64 or arm64 (the artifact must bundle the matching ffmpeg). */
    public AwsTarget(String profile, String region, String endpointUrl, RunNames names, Path template, int memoryMb,
                     int reservedConcurrency, String architecture) {
        this.profile = profile;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.names = names;
        this.template = template;
        this.memoryMb = memoryMb;
        this.reservedConcurrency = reservedConcurrency;
        this.architecture = architecture;
        this.resources = new RunResources(names);
    }

    /** The template's names for the code location, and the user's --parameter values. */
    public AwsTarget withParameters(StackParameters stackParameters) {
        this.parameters = stackParameters;
        return this;
    }

    /** The chunk counts this run will render, so pre-flight can warn about those the account cannot run at once. */
    public AwsTarget expectingChunkCounts(List<Integer> counts) {
        this.chunkCounts = List.copyOf(counts);
        return this;
    }

    /** A managed policy ARN both stack roles get as their permissions boundary; empty for none. */
    public AwsTarget withPermissionsBoundary(String arn) {
        this.permissionsBoundaryArn = arn == null ? "" : arn;
        return this;
    }

    @Override
    public String name() {
        return "aws";
    }

    /**
     * The template's parameters, credentials (STS GetCallerIdentity), the host's ffmpeg, the account's
     * Lambda concurrency against the reservation and chunk counts asked for, and that this run's names
     * are free; creates nothing.
     */
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
            names = names.inAccount(id.account(), session.region().id());
            resources = new RunResources(names);
            console.info("analysis ffmpeg: " + HostPlatform.checkFfmpeg(false));
            console.info("function: " + architecture + ", " + memoryMb + " MB, reserved concurrency "
                    + (reservedConcurrency < 0 ? "none" : Integer.toString(reservedConcurrency)));
            LambdaAccount.read(session, console::warn).ifPresent(account -> {
                console.info(account.describe());
                account.checkReservation(reservedConcurrency);
                account.queueWarnings(reservedConcurrency, chunkCounts).forEach(console::warn);
            });
            console.info("run " + names.runId() + ": stack " + names.stackName() + ", artifact bucket " + names.artifactBucket());
            CheckNamesFree.run(session, names, id.account());
            reportLeftoversOfEarlierRuns(console);
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
        String body;
        try {
            body = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String codeBucket = CreateArtifactBucket.run(session, names, teardown, console::info);
            resources.add(RunResources.Kind.bucket, codeBucket);
            String codeKey = "handler/" + artifact.getFileName();
            FaultInjection.reach("artifact-upload");
            // The artifact is tens of MB: the session's per-call timeout is sized for API calls, not uploads.
            session.s3().putObject(r -> r.bucket(codeBucket).key(codeKey).overrideConfiguration(c -> c
                    .apiCallTimeout(ARTIFACT_UPLOAD_TIMEOUT).apiCallAttemptTimeout(ARTIFACT_UPLOAD_TIMEOUT)), RequestBody.fromFile(artifact));
            console.info("uploaded " + artifact.getFileName() + " to s3://" + codeBucket + "/" + codeKey);
            var values = parameters.values(stack.Template.read(template).parameterNames(), names, codeBucket, codeKey, memoryMb,
                    reservedConcurrency, architecture, permissionsBoundaryArn);
            DeployStack.Deployed deployed = DeployStack.run(session, resources, body, values, teardown, console::info,
                    DeployStack.DEFAULT_CAP);
            var o = deployed.outputs();
            console.info("outputs: RenderBucketName=" + o.renderBucketName() + " RenderStateMachineArn="
                    + o.renderStateMachineArn() + " RenderFunctionArn=" + o.renderFunctionArn());
            return new AwsDeployment(session, names, o, memoryMb, architecture);
        } catch (DeployException e) {
            String quota = QuotaHints.explain(e.reason(), memoryMb, reservedConcurrency).orElse(null);
            throw new RunFailure(ExitCode.DEPLOY, quota != null ? "deploy failed: " + quota
                    : "deploy failed: " + e.getMessage(), e);
        } catch (AwsServiceException e) {
            // A refused call while deploying (a caller policy without one of its actions) is a deploy failure.
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new RunFailure(ExitCode.DEPLOY, "deploy failed: a call was refused (HTTP " + e.statusCode() + "): " + message
                    + (e.statusCode() == 403 ? "; the caller needs stack/caller-iam-policy.json, with ACCOUNT_ID replaced" : ""), e);
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
