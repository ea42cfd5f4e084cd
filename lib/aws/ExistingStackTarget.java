package aws;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import contract.Events;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pipeline.Deployment;
import pipeline.RenderTarget;
import pipeline.RunningExecution;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import teardown.Teardown;

/**
 * --stack NAME: renders against a stack that is already deployed and is never deployed, changed or
 * deleted by us. Everything the run writes goes under {@code renderproof-runs/<run id>/} in the
 * stack's bucket; teardown removes exactly that prefix and verification checks exactly that.
 */
public final class ExistingStackTarget implements RenderTarget {
    private final String profile;
    private final String region;
    private final String endpointUrl;
    private final String stackName;
    private final RunNames names;
    private final int memoryMb;
    private AwsSession session;
    private StackOutputs outputs;
    private volatile boolean deployed;

    public ExistingStackTarget(String profile, String region, String endpointUrl, String stackName, RunNames names, int memoryMb) {
        this.profile = profile;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.stackName = stackName;
        this.names = names;
        this.memoryMb = memoryMb;
    }

    /** The prefix every object of this run lives under. */
    public String runPrefix() {
        return "renderproof-runs/" + names.runId() + "/";
    }

    @Override
    public String name() {
        return "aws";
    }

    /** Credentials and that the stack exists and is complete; creates nothing. */
    @Override
    public void preflight(Console console) {
        Stack stack;
        try {
            session = AwsSession.resolve(profile, region, endpointUrl);
            Preflight.CallerIdentity id = Preflight.run(session);
            console.info("target: aws (" + session.describe() + "), account " + id.account() + " as " + id.arn());
            stack = DeleteStack.find(session.cloudFormation(), stackName);
        } catch (PreflightException e) {
            close();
            throw new RunFailure(ExitCode.USAGE, e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw new RunFailure(ExitCode.USAGE, "pre-flight failed: " + e.getMessage(), e);
        }
        if (stack == null) {
            close();
            throw new RunFailure(ExitCode.USAGE, "--stack " + stackName + ": no such stack in " + session.describe());
        }
        if (!stack.stackStatusAsString().endsWith("_COMPLETE") || stack.stackStatusAsString().startsWith("DELETE")) {
            close();
            throw new RunFailure(ExitCode.USAGE, "--stack " + stackName + " is " + stack.stackStatusAsString() + ", not ready to render");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Output o : stack.outputs()) {
            out.put(o.outputKey(), o.outputValue());
        }
        try {
            outputs = StackOutputs.from(out);
        } catch (IllegalStateException e) {
            close();
            throw new RunFailure(ExitCode.DEPLOY, "--stack " + stackName + ": " + e.getMessage());
        }
        console.info("run " + names.runId() + " against existing stack " + stackName + " (never deployed or deleted by this run); "
                + "everything it writes goes under s3://" + outputs.renderBucketName() + "/" + runPrefix());
    }

    /** Nothing to deploy: the stack exists. Registers the removal of this run's prefix. */
    @Override
    public Deployment deploy(Path artifact, Teardown teardown, Console console) {
        String bucket = outputs.renderBucketName();
        teardown.register("objects under s3://" + bucket + "/" + runPrefix(), () -> {
            int n = DeletePrefix.run(session.s3(), bucket, runPrefix());
            console.info("deleted " + n + " object versions under s3://" + bucket + "/" + runPrefix());
        });
        deployed = true;
        // The deployed function's architecture is not read back: its renders are priced at x86_64.
        AwsDeployment stack = new AwsDeployment(session, names, outputs, memoryMb, "x86_64");
        return new Deployment() {
            @Override
            public String bucket() {
                return bucket;
            }

            @Override
            public String keyPrefix() {
                return runPrefix();
            }

            @Override
            public int memoryMb() {
                return memoryMb;
            }

            @Override
            public void upload(Path file, String key) {
                stack.upload(file, key);
            }

            @Override
            public void download(String key, Path target) {
                stack.download(key, target);
            }

            @Override
            public RunningExecution start(String executionName, Events.ExecutionInput input) {
                return stack.start(executionName, input);
            }

            @Override
            public String invokeFunction(String eventJson) throws statemachine.FunctionError {
                return stack.invokeFunction(eventJson);
            }

            @Override
            public List<String> inspectHints() {
                return List.of("stack " + stackName + " (not ours: left as it was)", "this run's objects: s3://" + bucket + "/" + runPrefix(),
                        "when done: delete everything under that prefix");
            }
        };
    }

    /** Exactly this run's prefix, empty or not; "unverified" when the bucket cannot be listed. */
    @Override
    public List<Deployment.CleanupCheck> verifyGone(Duration budget) {
        if (!deployed) {
            close();
            return List.of();
        }
        String where = "s3://" + outputs.renderBucketName() + "/" + runPrefix();
        try {
            return List.of(new Deployment.CleanupCheck("s3-prefix", where,
                    DeletePrefix.empty(session.s3(), outputs.renderBucketName(), runPrefix())));
        } catch (RuntimeException e) {
            return List.of(Deployment.CleanupCheck.unverified("s3-prefix", where, "could not check: " + ListRunResources.oneLine(e)));
        } finally {
            close();
        }
    }

    private void close() {
        if (session != null) {
            session.close();
        }
    }
}
