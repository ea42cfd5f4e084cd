package aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a deploy failure caused by an account quota into one line naming the quota and the flag that
 * gets under it. New accounts are held to lower Lambda quotas (3008 MB of memory, 10 concurrent
 * executions) than the documented defaults the template asks for, and CloudFormation only reports
 * Lambda's validation message.
 */
final class QuotaHints {
    // Lambda words it "'MemorySize' value failed to satisfy constraint: ..." or "Value '10240' at
    // 'memorySize' failed to satisfy constraint: ..." depending on the API path.
    private static final Pattern MEMORY_LIMIT = Pattern.compile(
            "(?i)memorySize'?[^.]*?failed to satisfy constraint: Member must have value less than or equal to (\\d+)");
    private static final Pattern UNRESERVED_FLOOR = Pattern.compile(
            "decreases account's UnreservedConcurrentExecution below its minimum value of \\[(\\d+)]");

    private QuotaHints() {}

    static Optional<String> explain(String reason, int memoryMb, int reservedConcurrency) {
        if (reason == null) {
            return Optional.empty();
        }
        Matcher m = MEMORY_LIMIT.matcher(reason);
        if (m.find()) {
            return Optional.of("the account's Lambda memory quota is " + m.group(1) + " MB (new accounts start there), below the "
                    + memoryMb + " MB asked for: rerun with --memory-mb " + m.group(1)
                    + ", or ask AWS Support to raise the quota");
        }
        m = UNRESERVED_FLOOR.matcher(reason);
        if (m.find()) {
            return Optional.of("the account cannot reserve " + reservedConcurrency + " concurrent executions and keep "
                    + m.group(1) + " unreserved: rerun without --reserved-concurrency");
        }
        return Optional.empty();
    }
}
