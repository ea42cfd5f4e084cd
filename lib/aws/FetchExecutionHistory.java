package aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** The whole execution history, following nextToken across pages, each page retried on throttling. */
public final class FetchExecutionHistory {
    /** GetExecutionHistory's page maximum: fewest calls against its tight rate limit. */
    public static final int PAGE_SIZE = 1000;

    private FetchExecutionHistory() {}

    public static ExecutionHistory run(SfnCalls calls, String executionArn, PollPolicy policy, PollPolicy.Sleeper sleeper)
            throws InterruptedException {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            GetExecutionHistoryRequest request = GetExecutionHistoryRequest.builder().executionArn(executionArn)
                    .maxResults(PAGE_SIZE).nextToken(token).includeExecutionData(true).build();
            GetExecutionHistoryResponse page = policy.call(() -> calls.getExecutionHistory(request), sleeper);
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new ExecutionHistory(events);
    }
}
