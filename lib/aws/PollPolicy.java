package aws;

import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How the waiter polls: a delay growing from {@code initialDelay} by {@code multiplier} up to
 * {@code maxDelay}, given up after {@code cap}; a ThrottlingException is retried (after the same kind
 * of growing delay) up to {@code maxThrottleRetries} times per call before it counts as a failure.
 */
public record PollPolicy(Duration initialDelay, Duration maxDelay, double multiplier, Duration cap,
                         int maxThrottleRetries) {
    /** The reference polled every 5 s for at most 25 min; starting faster shortens short renders' tail. */
    public static final PollPolicy DEFAULT = new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5,
            Duration.ofMinutes(25), 8);

    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public PollPolicy withCap(Duration newCap) {
        return new PollPolicy(initialDelay, maxDelay, multiplier, newCap, maxThrottleRetries);
    }

    /** The delay after {@code current}. */
    public Duration next(Duration current) {
        long ms = Math.round(current.toMillis() * multiplier);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    /** Runs {@code call}, retrying on throttling with backoff. */
    public <T> T call(Supplier<T> call, Sleeper sleeper) throws InterruptedException {
        Duration delay = initialDelay;
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!isThrottling(e) || attempt >= maxThrottleRetries) {
                    throw e;
                }
                sleeper.sleep(delay);
                delay = next(delay);
            }
        }
    }

    static boolean isThrottling(AwsServiceException e) {
        if (e.isThrottlingException()) {
            return true;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "ThrottlingException".equals(code) || "Throttling".equals(code) || "TooManyRequestsException".equals(code);
    }
}
