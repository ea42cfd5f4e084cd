package pipeline;

import statemachine.HistoryAnalysis;

/**
 * What one execution cost, from its history: the handler's reported durations times the function's
 * memory at the Lambda GB-second price of its architecture, Lambda requests, and Step Functions state
 * transitions.
 */
public record CostEstimate(double lambdaGbSeconds, int invocations, int transitions, double usd, String architecture) {
    /** Lambda x86_64 price per GB-second, us-east-1 list price. */
    public static final double LAMBDA_USD_PER_GB_SECOND = 0.0000166667;
    /** Lambda arm64 price per GB-second, us-east-1 list price (20 % below x86_64). */
    public static final double LAMBDA_ARM64_USD_PER_GB_SECOND = 0.0000133334;
    /** Lambda price per request ($0.20 per million). */
    public static final double LAMBDA_USD_PER_REQUEST = 0.0000002;
    /** Step Functions STANDARD price per state transition ($0.025 per 1,000). */
    public static final double SFN_USD_PER_TRANSITION = 0.000025;
    public static final String ASSUMPTIONS = "us-east-1 list prices: Lambda $0.0000166667 (x86_64) or $0.0000133334 (arm64) "
            + "per GB-second of handler-reported duration (failed attempts at their wall time) x configured memory, $0.20 per "
            + "million requests, Step Functions $0.025 per 1,000 state transitions; no free tier, no S3, CloudWatch or "
            + "data-transfer costs";

    public CostEstimate(double lambdaGbSeconds, int invocations, int transitions, double usd) {
        this(lambdaGbSeconds, invocations, transitions, usd, "x86_64");
    }

    public static CostEstimate of(HistoryAnalysis history, int memoryMb) {
        return of(history, memoryMb, "x86_64");
    }

    public static CostEstimate of(HistoryAnalysis history, int memoryMb, String architecture) {
        double gbSeconds = history.billedHandlerMillis() / 1000.0 * (memoryMb / 1024.0);
        double usd = gbSeconds * usdPerGbSecond(architecture) + history.invocations() * LAMBDA_USD_PER_REQUEST
                + history.transitions() * SFN_USD_PER_TRANSITION;
        return new CostEstimate(gbSeconds, history.invocations(), history.transitions(), usd, architecture);
    }

    public static double usdPerGbSecond(String architecture) {
        return "arm64".equals(architecture) ? LAMBDA_ARM64_USD_PER_GB_SECOND : LAMBDA_USD_PER_GB_SECOND;
    }

    /** The compute part of {@link #usd()}. */
    public double lambdaComputeUsd() {
        return lambdaGbSeconds * usdPerGbSecond(architecture);
    }
}
