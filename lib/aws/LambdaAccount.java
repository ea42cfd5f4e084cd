package aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.lambda.model.AccountLimit;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The region's Lambda account settings (GetAccountSettings), read in pre-flight: what concurrency a
 * render can get. New accounts start at 10 concurrent executions, and a reservation must leave the
 * account at least {@value #MIN_UNRESERVED} unreserved, so there any reservation is refused by Lambda
 * itself, after CloudFormation has already created half the stack.
 */
public record LambdaAccount(int concurrencyLimit, int unreservedConcurrency) {
    /** Lambda's floor for the account's unreserved concurrency (PutFunctionConcurrency refuses below it). */
    public static final int MIN_UNRESERVED = 100;

    /**
     * The settings, or empty where an AWS-compatible endpoint does not implement GetAccountSettings
     * (moto answers 404): there the concurrency checks are skipped with a warning. On AWS itself a
     * failure stops the run, since the caller policy grants the call.
     */
    public static Optional<LambdaAccount> read(AwsSession session, Consumer<String> warn) {
        try {
            AccountLimit limit = session.lambda().getAccountSettings().accountLimit();
            return Optional.of(new LambdaAccount(limit.concurrentExecutions(), limit.unreservedConcurrentExecutions()));
        } catch (LambdaException e) {
            if (session.endpoint().isPresent() && e.statusCode() == 404) {
                warn.accept("the endpoint does not implement Lambda GetAccountSettings: concurrency checks skipped");
                return Optional.empty();
            }
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode()
                    : e.awsErrorDetails().errorCode();
            throw new PreflightException("cannot read the Lambda account settings (" + code + ", " + session.describe()
                    + "); the caller needs lambda:GetAccountSettings (stack/caller-iam-policy.json)", e);
        }
    }

    public String describe() {
        return "Lambda concurrency: account limit " + concurrencyLimit + ", unreserved " + unreservedConcurrency;
    }

    /** The largest reservation the account can grant now. */
    public int maxReservation() {
        return Math.max(0, unreservedConcurrency - MIN_UNRESERVED);
    }

    /** Refuses, with the numbers and the fix, a reservation Lambda would refuse mid-deploy; -1 is none. */
    public void checkReservation(int requested) {
        if (requested < 0 || requested <= maxReservation()) {
            return;
        }
        String fix = maxReservation() > 0
                ? "use --reserved-concurrency " + maxReservation() + " or less, or leave it out (the default: no reservation)"
                : "leave --reserved-concurrency out (the default: no reservation), or ask for a higher \"Concurrent executions\" "
                        + "quota in Service Quotas";
        throw new PreflightException("--reserved-concurrency " + requested + " cannot be granted: the account's Lambda "
                + "concurrency limit is " + concurrencyLimit + " with " + unreservedConcurrency + " unreserved, and a "
                + "reservation must leave " + MIN_UNRESERVED + " unreserved; " + fix + "; nothing was created");
    }

    /**
     * Warnings for chunk counts whose chunks will not all run at once: above the concurrency the
     * function can use, chunks queue behind throttling retries (the state machine retries
     * Lambda.TooManyRequestsException); above half of it they compete with the account's other functions.
     */
    public List<String> queueWarnings(int reserved, List<Integer> chunkCounts) {
        int usable = reserved >= 0 ? reserved : unreservedConcurrency;
        String pool = reserved >= 0 ? "the function's reservation of " + reserved
                : "the account's " + unreservedConcurrency + " unreserved concurrent executions";
        List<String> warnings = new ArrayList<>();
        for (int n : chunkCounts) {
            if (n > usable) {
                warnings.add("N=" + n + " will queue: up to " + n + " chunks at once exceed " + pool
                        + "; chunks beyond it are throttled and retried, so the wall-clock will not show the fan-out");
            } else if (reserved < 0 && 2 * n > usable) {
                warnings.add("N=" + n + " will queue if anything else runs: its " + n + " chunks take most of " + pool
                        + ", shared with every other function in the region; throttled chunks are retried");
            }
        }
        return warnings;
    }
}
