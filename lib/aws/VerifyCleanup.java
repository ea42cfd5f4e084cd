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
import pipeline.Deployment.CleanupCheck;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

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
                checks.add(pool.submit(() -> check(session, r)));
            }
            Future<ListRunResources.Listing> sweep = pool.submit(() -> ListRunResources.run(session));
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
    static CleanupCheck check(AwsSession session, RunResources.Resource r) {
        try {
            boolean gone = switch (r.kind()) {
                case stack -> {
                    var s = DeleteStack.find(session.cloudFormation(), r.name());
                    yield s == null || s.stackStatus() == StackStatus.DELETE_COMPLETE;
                }
                case bucket -> !CheckNamesFree.bucketExists(session, r.name());
                case function -> functionGone(session, r.name());
                case stateMachine -> stateMachineGone(session, r.name());
                case logGroup -> session.logs().describeLogGroups(q -> q.logGroupNamePrefix(r.name())).logGroups()
                        .stream().noneMatch(g -> g.logGroupName().equals(r.name()));
                case role -> roleGone(session, r.name());
                case alarm -> !ListAlarms.exists(session, r.name());
            };
            return new CleanupCheck(r.kind().name(), r.name(), gone);
        } catch (RuntimeException e) {
            return CleanupCheck.unverified(r.kind().name(), r.name(), "could not check: " + ListRunResources.oneLine(e));
        }
    }

    private static boolean functionGone(AwsSession session, String name) {
        try {
            session.lambda().getFunction(q -> q.functionName(name));
            return false;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    private static boolean stateMachineGone(AwsSession session, String arn) {
        try {
            var sm = session.sfn().describeStateMachine(q -> q.stateMachineArn(arn));
            // Deletion is asynchronous; a machine being deleted accepts no new executions.
            return "DELETING".equals(sm.statusAsString());
        } catch (StateMachineDoesNotExistException e) {
            return true;
        }
    }

    private static boolean roleGone(AwsSession session, String name) {
        try {
            session.iam().getRole(q -> q.roleName(name));
            return false;
        } catch (NoSuchEntityException e) {
            return true;
        }
    }
}
