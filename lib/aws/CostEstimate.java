package aws;

import java.util.List;
import java.util.Locale;

/**
 * What one render cost, from what the render itself reports: Lambda compute (handler-reported
 * durations x memory), Lambda requests and Step Functions state transitions, at list prices.
 */
public record CostEstimate(double lambdaGbSeconds, long lambdaRequests, long stateTransitions,
                           double lambdaComputeUsd, double lambdaRequestsUsd, double stepFunctionsUsd) {
    /** Lambda x86 compute, us-east-1 list price per GB-second (first pricing tier). */
    public static final double USD_PER_GB_SECOND = 0.0000166667;
    /** Lambda requests: $0.20 per million. */
    public static final double USD_PER_REQUEST = 0.20 / 1_000_000;
    /** Step Functions STANDARD: $0.025 per 1,000 state transitions. */
    public static final double USD_PER_STATE_TRANSITION = 0.025 / 1_000;

    public static final String ASSUMPTIONS = "Estimate at us-east-1 x86 list prices ($0.0000166667 per GB-second, "
            + "$0.20 per million Lambda requests, $0.025 per 1,000 Step Functions transitions); compute is the sum of "
            + "the handler-reported durations of successful invocations x configured memory, so cold-start init, "
            + "billing round-up and failed attempts are not in it; free tier, S3 requests and storage, CloudWatch "
            + "logs and data transfer are excluded; transitions are counted as StateEntered events.";

    public static CostEstimate of(List<Long> handlerDurationsMs, int memoryMb, long invocations, long stateTransitions) {
        long totalMs = handlerDurationsMs.stream().mapToLong(Long::longValue).sum();
        double gbSeconds = (totalMs / 1000.0) * (memoryMb / 1024.0);
        return new CostEstimate(gbSeconds, invocations, stateTransitions, gbSeconds * USD_PER_GB_SECOND,
                invocations * USD_PER_REQUEST, stateTransitions * USD_PER_STATE_TRANSITION);
    }

    /** From a render's history (AWS or local engine: same shape), at the function's memory size. */
    public static CostEstimate of(ExecutionHistory history, int memoryMb) {
        return of(history.handlerDurationsMs(), memoryMb, history.lambdaInvocations(), history.stateTransitions());
    }

    public double totalUsd() {
        return lambdaComputeUsd + lambdaRequestsUsd + stepFunctionsUsd;
    }

    public String summary() {
        return String.format(Locale.ROOT, "estimated cost $%.6f (%.1f GB-s Lambda $%.6f, %d requests $%.6f, %d transitions $%.6f)",
                totalUsd(), lambdaGbSeconds, lambdaComputeUsd, lambdaRequests, lambdaRequestsUsd,
                stateTransitions, stepFunctionsUsd);
    }
}
