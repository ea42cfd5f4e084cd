package aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import pipeline.Deployment.CleanupCheck;

/**
 * Proves, after teardown, that every resource this run created is gone: each one it recorded is
 * checked by name, and a sweep of the region by run tag (ListRunResources) catches anything it never
 * learnt about. A check that cannot tell (access denied, no answer before the deadline) is
 * "unverified", never "gone": the point is to never claim "clean" without evidence.
 */
public final class VerifyCleanup {
    public static final String FILE_NAME = "cleanup-verification.json";

    private VerifyCleanup() {}

    public static List<CleanupCheck> run(AwsSession session, RunResources resources, Duration budget) {
        return run(resources, r -> CheckGone.run(session, r), () -> ListRunResources.run(session), budget);
    }

    /** The same with the per-resource question and the region's listing given, so each outcome can be tested alone. */
    static List<CleanupCheck> run(RunResources resources, Predicate<RunResources.Resource> gone,
                                  Supplier<ListRunResources.Listing> sweepRegion, Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "verify-cleanup");
            // A check stuck on an endpoint that stopped answering must not keep the process alive.
            t.setDaemon(true);
            return t;
        });
        try {
            List<RunResources.Resource> recorded = resources.all();
            List<Future<CleanupCheck>> checks = new ArrayList<>();
            for (RunResources.Resource r : recorded) {
                checks.add(pool.submit(() -> check(r, gone)));
            }
            Future<ListRunResources.Listing> sweep = pool.submit(sweepRegion::get);
            List<CleanupCheck> out = new ArrayList<>();
            for (int i = 0; i < recorded.size(); i++) {
                RunResources.Resource r = recorded.get(i);
                out.add(await(checks.get(i), end, r.kind().name(), r.name()));
            }
            Set<String> known = new HashSet<>();
            recorded.forEach(r -> known.add(r.kind() + " " + r.name()));
            ListRunResources.Listing listing = awaitValue(sweep, end);
            if (listing == null) {
                out.add(CleanupCheck.unverified("sweep", "resources tagged with run " + resources.names().runId(),
                        "the region could not be listed before the teardown deadline"));
            } else {
                for (ListRunResources.Found f : listing.ofRun(resources.names().runId())) {
                    if (known.add(f.kind() + " " + f.name())) {
                        out.add(new CleanupCheck(f.kind().name(), f.name(), CleanupCheck.Status.left,
                                "found by its run tag or name"));
                    }
                }
                for (String u : listing.unlisted()) {
                    out.add(CleanupCheck.unverified("sweep", u, "not listed, so leftovers there cannot be ruled out"));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CleanupCheck await(Future<CleanupCheck> f, long end, String kind, String name) {
        try {
            return f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return CleanupCheck.unverified(kind, name, "no answer before the teardown deadline");
        } catch (ExecutionException e) {
            return CleanupCheck.unverified(kind, name, "could not check: " + ListRunResources.oneLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CleanupCheck.unverified(kind, name, "verification was interrupted");
        }
    }

    private static <T> T awaitValue(Future<T> f, long end) {
        try {
            return f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            f.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One resource by name; a failure to tell becomes "unverified" with the reason. */
    static CleanupCheck check(RunResources.Resource r, Predicate<RunResources.Resource> gone) {
        try {
            return new CleanupCheck(r.kind().name(), r.name(), gone.test(r));
        } catch (RuntimeException e) {
            return CleanupCheck.unverified(r.kind().name(), r.name(), "could not check: " + ListRunResources.oneLine(e));
        }
    }
}
