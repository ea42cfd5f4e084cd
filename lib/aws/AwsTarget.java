package aws;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import media.Ffmpeg;
import pipeline.Deployment;
import pipeline.RenderTarget;
import software.amazon.awssdk.core.sync.RequestBody;
import teardown.Teardown;

/**
 * The default target: the real render stack on AWS (or an AWS-compatible endpoint), deployed with
 * CloudFormation through the SDK and driven through Step Functions.
 */
public final class AwsTarget implements RenderTarget {
    private final String profile;
    private final String region;
    private final String endpointUrl;
    private final RunNames names;
    private final Path template;
    private final int memoryMb;
    private final int reservedConcurrency;
    private final Path artifacts;
    private StackParameters parameters = StackParameters.REFERENCE;
    private AwsSession session;

    public AwsTarget(String profile, String region, String endpointUrl, RunNames names, Path template, int memoryMb,
                     int reservedConcurrency, Path artifacts) {
        this.profile = profile;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.names = names;
        this.template = template;
        this.memoryMb = memoryMb;
        this.reservedConcurrency = reservedConcurrency;
        this.artifacts = artifacts;
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
        teardown.register("AWS clients", this::closeSession);
        RunResources resources = new RunResources(names);
        String codeBucket = CreateArtifactBucket.run(session, names, teardown, console::info);
        resources.add(RunResources.Kind.bucket, codeBucket);
        String codeKey = "handler/" + artifact.getFileName();
        session.s3().putObject(r -> r.bucket(codeBucket).key(codeKey), RequestBody.fromFile(artifact));
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
            return new AwsDeployment(session, names, resources, o, memoryMb, artifacts);
        } catch (DeployException e) {
            throw new RunFailure(ExitCode.DEPLOY, "deploy failed: " + e.getMessage(), e);
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
        }
    }
}
