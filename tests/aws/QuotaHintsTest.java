package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** A stack that rolled back on an account quota is reported as one line naming the flag that fixes it. */
class QuotaHintsTest {
    /** What CloudFormation records when a new account (3008 MB memory quota) creates the 10240 MB function. */
    static final String MEMORY_QUOTA_REASON = "Resource handler returned message: \"1 validation error detected: Value '10240' "
            + "at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 3008 (Service: Lambda, "
            + "Status Code: 400, Request ID: 5c1e0d8e-0000-0000-0000-000000000000)\" (RequestToken: 1a2b, HandlerErrorCode: "
            + "InvalidRequest)";

    @Test
    void theMemoryQuotaFailureNamesMemoryMb() {
        List<StackEvent> events = List.of(
                StackEvent.builder().logicalResourceId("RenderFunction").resourceType("AWS::Lambda::Function")
                        .resourceStatus("CREATE_FAILED").resourceStatusReason(MEMORY_QUOTA_REASON).build());
        Stack stack = Stack.builder().stackName("renderproof-smoke-ab12cd34").stackStatus("ROLLBACK_COMPLETE").build();
        DeployException e = DeployStack.firstFailure("renderproof-smoke-ab12cd34", stack, events);

        String line = QuotaHints.explain(e.reason(), 10240, -1).orElseThrow();

        assertEquals("the account's Lambda memory quota is 3008 MB (new accounts start there), below the 10240 MB asked for: "
                + "rerun with --memory-mb 3008, or ask AWS Support to raise the quota", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void theUnreservedFloorNamesReservedConcurrency() {
        String reason = "Resource handler returned message: \"Specified ReservedConcurrentExecutions for function decreases "
                + "account's UnreservedConcurrentExecution below its minimum value of [100].\"";
        String line = QuotaHints.explain(reason, 3008, 16).orElseThrow();
        assertTrue(line.contains("cannot reserve 16") && line.contains("without --reserved-concurrency"), line);
    }

    @Test
    void otherFailuresKeepCloudFormationsText() {
        assertEquals(Optional.empty(), QuotaHints.explain("S3 Error Code: NoSuchKey", 10240, -1));
        assertEquals(Optional.empty(), QuotaHints.explain(null, 10240, -1));
    }
}
