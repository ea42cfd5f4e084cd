package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** The failure a user sees from a rolled-back stack: the first resource that failed, not the cancellations after it. */
class DeployStackTest {
    private static StackEvent event(String logicalId, String type, String status, String reason) {
        return StackEvent.builder().logicalResourceId(logicalId).resourceType(type).resourceStatus(status)
                .resourceStatusReason(reason).build();
    }

    @Test
    void firstFailingResourceAndItsReasonAreReported() {
        String reason = "Resource handler returned message: \"Error occurred while GetObject. S3 Error Code: "
                + "NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda, Status Code: 400)\"";
        List<StackEvent> chronological = List.of(
                event("renderproof-smoke-ab12cd34", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
                event("RenderBucket", "AWS::S3::Bucket", "CREATE_COMPLETE", null),
                event("RenderFunction", "AWS::Lambda::Function", "CREATE_FAILED", reason),
                event("RenderStateMachineRole", "AWS::IAM::Role", "CREATE_FAILED", "Resource creation cancelled"),
                event("renderproof-smoke-ab12cd34", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to create: [RenderStateMachineRole, RenderFunction]."),
                event("renderproof-smoke-ab12cd34", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null));
        Stack stack = Stack.builder().stackName("renderproof-smoke-ab12cd34").stackStatus("ROLLBACK_COMPLETE").build();

        DeployException e = DeployStack.firstFailure("renderproof-smoke-ab12cd34", stack, chronological);

        assertEquals("RenderFunction", e.logicalResourceId());
        assertEquals(reason, e.reason());
        assertEquals("stack renderproof-smoke-ab12cd34 failed at RenderFunction (AWS::Lambda::Function): " + reason,
                e.getMessage());
    }

    @Test
    void withoutAFailedResourceTheStackStatusIsTheReason() {
        Stack stack = Stack.builder().stackName("s").stackStatus("ROLLBACK_COMPLETE")
                .stackStatusReason("Parameter validation failed").build();
        DeployException e = DeployStack.firstFailure("s", stack, List.of());
        assertEquals("ROLLBACK_COMPLETE: Parameter validation failed", e.reason());
    }
}
