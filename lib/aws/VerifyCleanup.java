package aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * Proves, after teardown, that every resource this run created is gone, and writes the proof to
 * cleanup-verification.json. A check that cannot tell (e.g. access denied) counts as left behind:
 * the point is to never claim "clean" without evidence.
 */
public final class VerifyCleanup {
    public static final String FILE_NAME = "cleanup-verification.json";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String kind, String name, boolean gone, String note) {}

    public record Report(String runId, List<Check> checked, List<Check> leftBehind) {
        public boolean clean() {
            return leftBehind.isEmpty();
        }
    }

    private VerifyCleanup() {}

    /** @param artifactsDir where cleanup-verification.json is written; null to skip writing */
    public static Report run(AwsSession session, RunResources resources, Path artifactsDir) {
        List<Check> checked = new ArrayList<>();
        for (RunResources.Resource r : resources.all()) {
            checked.add(check(session, r));
        }
        Report report = new Report(resources.names().runId(), checked,
                checked.stream().filter(c -> !c.gone()).toList());
        if (artifactsDir != null) {
            try {
                Files.createDirectories(artifactsDir);
                Json.MAPPER.writeValue(artifactsDir.resolve(FILE_NAME).toFile(), report);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return report;
    }

    private static Check check(AwsSession session, RunResources.Resource r) {
        try {
            boolean gone = switch (r.kind()) {
                case stack -> {
                    var s = DeleteStack.find(session.cloudFormation(), r.name());
                    yield s == null || s.stackStatus() == StackStatus.DELETE_COMPLETE;
                }
                case bucket -> !CheckNamesFree.bucketExists(session, r.name());
                case function -> functionGone(session, r.name());
                case stateMachine -> stateMachineGone(session, r.name());
                case logGroup -> session.logs().describeLogGroups(q -> q.logGroupNamePrefix(r.name())).logGroups()
                        .stream().noneMatch(g -> g.logGroupName().equals(r.name()));
            };
            return new Check(r.kind().name(), r.name(), gone, null);
        } catch (RuntimeException e) {
            return new Check(r.kind().name(), r.name(), false, "could not check: " + e.getMessage());
        }
    }

    private static boolean functionGone(AwsSession session, String name) {
        try {
            session.lambda().getFunction(q -> q.functionName(name));
            return false;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    private static boolean stateMachineGone(AwsSession session, String arn) {
        try {
            var sm = session.sfn().describeStateMachine(q -> q.stateMachineArn(arn));
            // Deletion is asynchronous; a machine being deleted accepts no new executions.
            return "DELETING".equals(sm.statusAsString());
        } catch (StateMachineDoesNotExistException e) {
            return true;
        }
    }
}
