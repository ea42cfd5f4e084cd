package report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who ran what, where: the metadata a report prints next to its results. The commands build it from
 * their options; the pipeline adds what only it knows (fixture, thresholds) with {@link #with}.
 *
 * @param command "smoke" or "eval"
 * @param target  "aws", "local" or "embedded"
 * @param region  the AWS region, or a note where there is none
 * @param stack   the CloudFormation stack name, or a note where there is none
 * @param details further key/value lines in the order added (fixture, thresholds, flags)
 */
public record RunInfo(String command, String target, String region, String stack, String runId, Map<String, String> details) {
    public RunInfo {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** What any run knows about itself, for callers that build no metadata (tests driving the pipeline). */
    public static RunInfo minimal(String command, String target, String runId) {
        return forTarget(command, target, null, null, null, runId);
    }

    /**
     * From a command line's target options. Region follows the AWS session's resolution (flag, else
     * $AWS_REGION, else the profile's, else us-east-1); the stack is {@code <prefix>-<run id>}.
     */
    public static RunInfo forTarget(String command, String target, String region, String stackPrefix, String endpointUrl,
                                    String runId) {
        String r;
        String stack;
        if ("aws".equals(target)) {
            String env = System.getenv("AWS_REGION");
            r = region != null ? region : env != null && !env.isBlank() ? env : "profile default (else us-east-1)";
            String prefix = stackPrefix == null || stackPrefix.isBlank() ? aws.RunNames.DEFAULT_STACK_PREFIX : stackPrefix;
            stack = prefix + "-" + runId;
        } else {
            r = "none (" + target + ")";
            stack = "none (" + target + ": template state machine run by the harness)";
        }
        RunInfo info = new RunInfo(command, target, r, stack, runId, Map.of());
        String endpoint = endpointUrl != null ? endpointUrl : "aws".equals(target) ? System.getenv("AWS_ENDPOINT_URL") : null;
        return endpoint == null || endpoint.isBlank() ? info : info.with("endpoint", endpoint);
    }

    /** A copy with one more detail line (replacing a line of the same key). */
    public RunInfo with(String key, Object value) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put(key, String.valueOf(value));
        return new RunInfo(command, target, region, stack, runId, d);
    }
}
