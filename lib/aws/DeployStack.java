package aws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import teardown.FaultInjection;
import teardown.Teardown;

/**
 * Validates and creates the render stack under this run's names, streams its events as they arrive,
 * waits for CREATE_COMPLETE and reads the contract's outputs. The stack joins the teardown registry
 * before CreateStack is called, so a failed or interrupted deploy is still cleaned up.
 */
public final class DeployStack {
    /** Template parameters; architecture x86_64 or arm64, permissionsBoundaryArn empty for none. */
    public record Parameters(String codeS3Bucket, String codeS3Key, int lambdaMemoryMb, int reservedConcurrency,
                             String architecture, String permissionsBoundaryArn) {
        public Parameters(String codeS3Bucket, String codeS3Key, int lambdaMemoryMb, int reservedConcurrency) {
            this(codeS3Bucket, codeS3Key, lambdaMemoryMb, reservedConcurrency, "x86_64", "");
        }
    }

    public record Deployed(String stackName, String stackId, StackOutputs outputs) {}

    public static final Duration DEFAULT_CAP = Duration.ofMinutes(30);
    /** CreateStack's TemplateBody limit; a larger template would need a TemplateURL. */
    public static final int MAX_TEMPLATE_BODY_BYTES = 51_200;
    private static final Duration POLL = Duration.ofSeconds(3);

    private DeployStack() {}

    public static Deployed run(AwsSession session, RunResources resources, String templateBody, Parameters params,
                               Teardown teardown, Consumer<String> progress, Duration cap) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ProjectName", resources.names().projectName());
        values.put("CodeS3Bucket", params.codeS3Bucket());
        values.put("CodeS3Key", params.codeS3Key());
        values.put("LambdaMemoryMb", Integer.toString(params.lambdaMemoryMb()));
        values.put("ReservedConcurrency", Integer.toString(params.reservedConcurrency()));
        values.put("Architecture", params.architecture());
        values.put("PermissionsBoundaryArn", params.permissionsBoundaryArn());
        return run(session, resources, templateBody, values, teardown, progress, cap);
    }

    /** Deploys any template with exactly these parameter values (see {@link StackParameters}). */
    public static Deployed run(AwsSession session, RunResources resources, String templateBody, Map<String, String> parameterValues,
                               Teardown teardown, Consumer<String> progress, Duration cap) {
        RunNames names = resources.names();
        String stackName = names.stackName();
        CloudFormationClient cfn = session.cloudFormation();
        if (templateBody.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BODY_BYTES) {
            throw new DeployException(stackName, null, null, "template exceeds CreateStack's "
                    + MAX_TEMPLATE_BODY_BYTES + "-byte TemplateBody limit");
        }
        try {
            cfn.validateTemplate(r -> r.templateBody(templateBody));
        } catch (CloudFormationException e) {
            throw new DeployException(stackName, null, null, "template is invalid: " + e.awsErrorDetails().errorMessage());
        }
        // Registered before CreateStack, so a signal that lands while the call is in flight still
        // finds the stack in the registry; the undo deletes it only if it exists.
        resources.add(RunResources.Kind.stack, stackName);
        teardown.register("stack " + stackName, () -> DestroyStack.run(session, resources, progress));
        String stackId;
        try {
            stackId = cfn.createStack(r -> r.stackName(stackName)
                    .templateBody(templateBody)
                    .capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(parameterValues.entrySet().stream().map(p -> param(p.getKey(), p.getValue())).toList())
                    .tags(Tag.builder().key(RunNames.RUN_ID_TAG).value(names.runId()).build()))
                    .stackId();
        } catch (CloudFormationException e) {
            String detail = e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
            throw new DeployException(stackName, null, null, "CreateStack was refused (" + detail + ")");
        }
        FaultInjection.reach("stack-create");
        progress.accept("creating stack " + stackName);

        Set<String> seen = new HashSet<>();
        List<StackEvent> all = new ArrayList<>();
        long deadline = System.nanoTime() + cap.toNanos();
        Stack stack;
        while (true) {
            stack = cfn.describeStacks(r -> r.stackName(stackId)).stacks().get(0);
            for (StackEvent e : newEvents(cfn, stackId, seen)) {
                all.add(e);
                recordResource(resources, e.resourceType(), e.physicalResourceId());
                progress.accept(String.format("  %-34s %-28s %s%s", e.resourceType(), e.logicalResourceId(),
                        e.resourceStatusAsString(), e.resourceStatusReason() == null ? "" : "  " + e.resourceStatusReason()));
            }
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new DeployException(stackName, null, null, "not CREATE_COMPLETE after " + cap.toMinutes()
                        + " min (status " + stack.stackStatusAsString() + ")");
            }
            sleep(POLL);
        }
        if (stack.stackStatus() != StackStatus.CREATE_COMPLETE) {
            throw firstFailure(stackName, stack, all);
        }
        recordStackResources(session, resources, stackId);
        TagStackBuckets.run(session, names, stackId);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : stack.outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
        }
        StackOutputs out = StackOutputs.from(outputs);
        resources.add(RunResources.Kind.bucket, out.renderBucketName());
        resources.add(RunResources.Kind.stateMachine, out.renderStateMachineArn());
        resources.addFunction(out.renderFunctionName());
        progress.accept("stack " + stackName + " is CREATE_COMPLETE");
        return new Deployed(stackName, stackId, out);
    }

    /** Physical ids of everything the stack made, so cleanup and verification know their names. */
    static void recordStackResources(AwsSession session, RunResources resources, String stack) {
        session.cloudFormation().describeStackResources(r -> r.stackName(stack)).stackResources()
                .forEach(res -> recordResource(resources, res.resourceType(), res.physicalResourceId()));
    }

    static void recordResource(RunResources resources, String type, String physicalId) {
        if (physicalId == null || physicalId.isBlank() || type == null) {
            return;
        }
        switch (type) {
            case "AWS::S3::Bucket" -> resources.add(RunResources.Kind.bucket, physicalId);
            case "AWS::Lambda::Function" -> resources.addFunction(physicalId);
            case "AWS::StepFunctions::StateMachine" -> resources.add(RunResources.Kind.stateMachine, physicalId);
            case "AWS::Logs::LogGroup" -> resources.add(RunResources.Kind.logGroup, physicalId);
            case "AWS::IAM::Role" -> resources.add(RunResources.Kind.role, physicalId);
            case "AWS::CloudWatch::Alarm" -> resources.add(RunResources.Kind.alarm, physicalId);
            default -> { }
        }
    }

    /** Events not printed yet, oldest first (the API pages newest first). */
    private static List<StackEvent> newEvents(CloudFormationClient cfn, String stackId, Set<String> seen) {
        List<StackEvent> fresh = new ArrayList<>();
        for (var page : cfn.describeStackEventsPaginator(r -> r.stackName(stackId))) {
            boolean reachedSeen = false;
            for (StackEvent e : page.stackEvents()) {
                if (!seen.add(e.eventId())) {
                    reachedSeen = true;
                    break;
                }
                fresh.add(e);
            }
            if (reachedSeen) {
                break;
            }
        }
        java.util.Collections.reverse(fresh);
        return fresh;
    }

    static DeployException firstFailure(String stackName, Stack stack, List<StackEvent> chronological) {
        for (StackEvent e : chronological) {
            String status = e.resourceStatusAsString();
            String reason = e.resourceStatusReason();
            if (status != null && status.endsWith("_FAILED") && !stackName.equals(e.logicalResourceId())
                    && (reason == null || !reason.contains("Resource creation cancelled"))) {
                return new DeployException(stackName, e.logicalResourceId(), e.resourceType(),
                        reason == null ? status : reason);
            }
        }
        String reason = stack.stackStatusReason();
        return new DeployException(stackName, null, null, stack.stackStatusAsString()
                + (reason == null ? "" : ": " + reason));
    }

    private static Parameter param(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for CloudFormation", e);
        }
    }
}
