package aws;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Every name one run creates, derived from a short run id so that two runs (or a rerun after a crash)
 * never touch each other's resources, and cleanup can prove a resource is this run's by its tag.
 */
public record RunNames(String runId, String stackName, String projectName, String artifactBucket) {
    public static final String RUN_ID_TAG = "renderproof:run-id";
    /** The template tags its resources with the ProjectName, which carries the run id too. */
    public static final String PROJECT_TAG = "renderproof:project";
    public static final String DEFAULT_STACK_PREFIX = "renderproof-smoke";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RUN_ID_LENGTH = 8;

    public RunNames {
        if (!runId.matches("[a-z0-9]{4,12}")) {
            throw new IllegalArgumentException("run id must be 4-12 lowercase letters or digits: " + runId);
        }
    }

    public static RunNames create(String stackPrefix) {
        return of(stackPrefix, newRunId());
    }

    public static RunNames of(String stackPrefix, String runId) {
        String prefix = stackPrefix == null || stackPrefix.isBlank() ? DEFAULT_STACK_PREFIX : stackPrefix;
        // ProjectName names the render bucket <project>-<account>-<region>, so it stays short.
        return new RunNames(runId, prefix + "-" + runId, "rp-" + runId, "rp-artifacts-" + runId);
    }

    /**
     * 8 base36 characters: 3 from the epoch minute (so ids from one day sort roughly by time when
     * listing leftovers) and 5 from SecureRandom (60 million values per minute).
     */
    public static String newRunId() {
        long minutes = Instant.now().getEpochSecond() / 60;
        long timePart = minutes % (36L * 36 * 36);
        long randomPart = RANDOM.nextInt(36 * 36 * 36 * 36 * 36);
        String id = Long.toString(timePart * (36L * 36 * 36 * 36 * 36) + randomPart, 36).toLowerCase(Locale.ROOT);
        return "0".repeat(RUN_ID_LENGTH - id.length()) + id;
    }

    /**
     * These names once pre-flight knows the account and region: the artifact bucket then carries both,
     * like the stack's render bucket (<project>-<account>-<region>), so that the caller policy can
     * limit bucket ARNs to rp-*-<account>-* instead of matching other accounts' rp-* buckets.
     */
    public RunNames inAccount(String accountId, String region) {
        return new RunNames(runId, stackName, projectName, projectName + "-artifacts-" + accountId + "-" + region);
    }

    public Map<String, String> tags() {
        return Map.of(RUN_ID_TAG, runId);
    }

    /** Whether a resource's tags prove it belongs to this run (and not to another run or to anyone else). */
    public boolean owns(Map<String, String> resourceTags) {
        return runId.equals(resourceTags.get(RUN_ID_TAG)) || projectName.equals(resourceTags.get(PROJECT_TAG));
    }
}
