package pipeline;

import cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import pipeline.Deployment.CleanupCheck;

/**
 * What the cleanup checks and the teardown's own record add up to. "Clean" needs evidence: every
 * check came back gone, no undo failed and none was cut short; an unverified check is never clean.
 */
public final class CleanupVerdict {
    private CleanupVerdict() {}

    public static boolean clean(List<CleanupCheck> checks, List<String> failures, List<String> unfinished) {
        return failures.isEmpty() && unfinished.isEmpty() && checks.stream().allMatch(CleanupCheck::gone);
    }

    /** Leftovers turn an otherwise passing run into exit 7; an earlier failure's code stands (DESIGN 12). */
    public static int exitCode(int exit, boolean clean) {
        if (clean) {
            return exit;
        }
        return exit == ExitCode.OK ? ExitCode.LEFT_BEHIND : exit;
    }

    /** The one line that stderr, cleanup-verification.json and the reports carry. */
    public static String summarize(List<CleanupCheck> checks, List<String> failures, List<String> unfinished) {
        List<String> left = checks.stream().filter(c -> c.status() == CleanupCheck.Status.left)
                .map(c -> c.kind() + " " + c.name()).toList();
        List<String> unverified = checks.stream().filter(c -> c.status() == CleanupCheck.Status.unverified)
                .map(c -> c.kind() + " " + c.name()).toList();
        if (left.isEmpty() && unverified.isEmpty() && failures.isEmpty() && unfinished.isEmpty()) {
            return checks.isEmpty() ? "nothing was created, nothing left behind"
                    : "nothing left behind (" + checks.size() + " checks)";
        }
        List<String> parts = new ArrayList<>();
        if (!left.isEmpty()) {
            parts.add("left behind: " + String.join(", ", left));
        }
        if (!unverified.isEmpty()) {
            parts.add("unverified: " + String.join(", ", unverified));
        }
        if (!unfinished.isEmpty()) {
            parts.add("unfinished: " + String.join(", ", unfinished));
        }
        if (!failures.isEmpty()) {
            parts.add("teardown failures: " + String.join("; ", failures));
        }
        if (left.isEmpty() && unverified.isEmpty()) {
            parts.add(0, "verified nothing left (" + checks.size() + " checks)");
        }
        return String.join("; ", parts);
    }
}
