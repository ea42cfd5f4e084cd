package aws;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;

/**
 * The two Step Functions reads the waiter needs, behind an interface so its polling policy is tested
 * on recorded responses without AWS.
 */
public interface SfnCalls {
    DescribeExecutionResponse describeExecution(String executionArn);

    GetExecutionHistoryResponse getExecutionHistory(GetExecutionHistoryRequest request);

    static SfnCalls of(SfnClient sfn) {
        return new SfnCalls() {
            @Override
            public DescribeExecutionResponse describeExecution(String executionArn) {
                return sfn.describeExecution(r -> r.executionArn(executionArn));
            }

            @Override
            public GetExecutionHistoryResponse getExecutionHistory(GetExecutionHistoryRequest request) {
                return sfn.getExecutionHistory(request);
            }
        };
    }
}
