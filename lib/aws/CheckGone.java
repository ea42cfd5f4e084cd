package aws;

import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * Asks the service whether one recorded resource still exists. Only the service's own "no such
 * resource" answer means gone; any other failure propagates, for VerifyCleanup to report as unverified.
 */
final class CheckGone {
    private CheckGone() {}

    static boolean run(AwsSession session, RunResources.Resource r) {
        return switch (r.kind()) {
            case stack -> {
                var s = DeleteStack.find(session.cloudFormation(), r.name());
                yield s == null || s.stackStatus() == StackStatus.DELETE_COMPLETE;
            }
            case bucket -> !CheckNamesFree.bucketExists(session, r.name());
            case function -> functionGone(session, r.name());
            case stateMachine -> stateMachineGone(session, r.name());
            case logGroup -> session.logs().describeLogGroups(q -> q.logGroupNamePrefix(r.name())).logGroups()
                    .stream().noneMatch(g -> g.logGroupName().equals(r.name()));
            case role -> roleGone(session, r.name());
            case alarm -> !ListAlarms.exists(session, r.name());
        };
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

    private static boolean roleGone(AwsSession session, String name) {
        try {
            session.iam().getRole(q -> q.roleName(name));
            return false;
        } catch (NoSuchEntityException e) {
            return true;
        }
    }
}
