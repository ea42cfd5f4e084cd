package aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import pipeline.Deployment.CleanupCheck;
import teardown.Teardown;

/**
 * Finds earlier runs' leftovers in a region (ListRunResources), groups them by run, and removes a
 * selection with the same machinery as a run's own teardown: a Teardown registry with a deadline
 * (one undo per run), then VerifyCleanup on what was found. Used by cleanup.java.
 */
public final class CleanupRuns {
    /** One run's leftovers; its age is that of its oldest resource with a known creation time. */
    public record Run(String runId, List<ListRunResources.Found> resources) {
        public Instant created() {
            return resources.stream().map(ListRunResources.Found::created).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
        }
    }

    public record Removal(List<CleanupCheck> checks, List<String> failures, List<String> unfinished) {
        public boolean clean() {
            return pipeline.CleanupVerdict.clean(checks, failures, unfinished);
        }
    }

    private CleanupRuns() {}

    public static List<Run> group(List<ListRunResources.Found> found) {
        Map<String, List<ListRunResources.Found>> byRun = new LinkedHashMap<>();
        found.stream().sorted(Comparator.comparing(ListRunResources.Found::runId))
                .forEach(f -> byRun.computeIfAbsent(f.runId(), k -> new ArrayList<>()).add(f));
        return byRun.entrySet().stream().map(e -> new Run(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /**
     * Selects runs by id (null = any) and age (null = any; a run of unknown age is never "older").
     */
    public static List<Run> select(List<Run> runs, String runId, Duration olderThan, Instant now) {
        return runs.stream()
                .filter(r -> runId == null || r.runId().equals(runId))
                .filter(r -> olderThan == null || (r.created() != null && r.created().isBefore(now.minus(olderThan))))
                .toList();
    }

    public static Removal remove(AwsSession session, List<Run> runs, Duration deadline, Consumer<String> progress) {
        Map<String, RunResources> byRun = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> unfinished;
        Duration reserve = deadline.dividedBy(4).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : deadline.dividedBy(4);
        long start = System.nanoTime();
        try (Teardown teardown = new Teardown(progress).withDeadline(deadline.minus(reserve))) {
            for (Run run : runs) {
                RunResources resources = new RunResources(RunNames.of(null, run.runId()));
                run.resources().forEach(f -> resources.add(f.kind(), f.name()));
                byRun.put(run.runId(), resources);
                teardown.register("run " + run.runId(), () -> {
                    List<String> f = RemoveLeftovers.run(session, run.resources(), progress);
                    if (!f.isEmpty()) {
                        throw new IllegalStateException(String.join("; ", f));
                    }
                });
            }
            teardown.close();
            failures.addAll(teardown.failures());
            unfinished = teardown.unfinished();
        }
        List<CleanupCheck> checks = new ArrayList<>();
        for (RunResources resources : byRun.values()) {
            Duration left = deadline.minusNanos(System.nanoTime() - start);
            checks.addAll(VerifyCleanup.run(session, resources, left.compareTo(reserve) < 0 ? reserve : left));
        }
        return new Removal(checks, failures, unfinished);
    }
}
