package aws;

import contract.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import json.Json;
import pipeline.BucketTransfer;
import pipeline.Deployment;
import pipeline.ExecutionResult;
import pipeline.RunningExecution;
import statemachine.HistoryAnalysis;

/** The deployed stack on AWS: its render bucket and its state machine. */
final class AwsDeployment implements Deployment {
    private final AwsSession session;
    private final RunNames names;
    private final StackOutputs outputs;
    private final int memoryMb;
    private final String architecture;

    AwsDeployment(AwsSession session, RunNames names, StackOutputs outputs, int memoryMb, String architecture) {
        this.session = session;
        this.names = names;
        this.outputs = outputs;
        this.memoryMb = memoryMb;
        this.architecture = architecture;
    }

    @Override
    public String bucket() {
        return outputs.renderBucketName();
    }

    @Override
    public int memoryMb() {
        return memoryMb;
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public void upload(Path file, String key) {
        BucketTransfer.upload(session.s3(), bucket(), key, file);
    }

    @Override
    public void download(String key, Path target) {
        BucketTransfer.download(session.s3(), bucket(), key, target);
    }

    @Override
    public RunningExecution start(String executionName, Events.ExecutionInput input) {
        String arn = StartRender.run(session.sfn(), outputs.renderStateMachineArn(), executionName, input);
        return (timeout, progress) -> {
            var waiter = new ExecutionWaiter(SfnCalls.of(session.sfn()), PollPolicy.DEFAULT.withCap(timeout), line -> { });
            try {
                ExecutionWaiter.Result r = waiter.await(arn, h -> progress.accept(HistoryAnalysis.of(h.toJson())));
                var d = r.description();
                long start = d.startDate() == null ? System.currentTimeMillis() : d.startDate().toEpochMilli();
                long stop = d.stopDate() == null ? System.currentTimeMillis() : d.stopDate().toEpochMilli();
                String status = r.outcome() == ExecutionWaiter.Outcome.WAIT_CAP_REACHED ? "TIMED_OUT" : d.statusAsString();
                if (r.outcome() == ExecutionWaiter.Outcome.WAIT_CAP_REACHED) {
                    session.sfn().stopExecution(s -> s.executionArn(arn).error("renderproof.Timeout")
                            .cause("no result within " + timeout));
                }
                return new ExecutionResult(status, start, stop, Json.MAPPER.readTree(ModelJson.write(d).toString()),
                        r.history().toJson());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                session.sfn().stopExecution(s -> s.executionArn(arn).error("renderproof.Interrupted").cause("harness interrupted"));
                throw new IllegalStateException("interrupted while waiting for " + executionName, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public String invokeFunction(String eventJson) throws statemachine.FunctionError {
        return InvokeFunction.run(session.lambda(), outputs.renderFunctionArn(), eventJson);
    }

    @Override
    public List<String> inspectHints() {
        return List.of("stack: " + names.stackName() + " (CloudFormation console, or DescribeStacks)",
                "render bucket: s3://" + bucket() + "/renders/",
                "state machine: " + outputs.renderStateMachineArn(),
                "function logs: /aws/lambda/" + outputs.renderFunctionName(),
                "when done: delete the stack, then purge and delete s3://" + bucket() + " and s3://" + names.artifactBucket());
    }
}
