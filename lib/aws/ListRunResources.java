package aws;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Every renderproof resource in a region, with the run it belongs to: stacks, buckets, functions,
 * state machines and roles by their run tag (renderproof:run-id, or the template's renderproof:project
 * tag "rp-&lt;run id&gt;"); log groups and alarms by their name, which embeds the run's ProjectName,
 * because Lambda may create a function's log group untagged and the template's alarms carry no tags
 * (and functions without any tag the same way).
 * moto 5.2.1 has no Resource Groups Tagging API for most of these types, and the SDK module is not
 * published for 2.41.17, so each service is listed and asked for tags. A listing that fails is
 * reported in {@link Listing#unlisted()}, never taken as "nothing there".
 */
public final class ListRunResources {
    public record Found(RunResources.Kind kind, String name, String runId, Instant created) {}

    /** @param unlisted one line per kind (or resource) that could not be listed or whose tags could not be read */
    public record Listing(List<Found> found, List<String> unlisted) {
        public List<Found> ofRun(String runId) {
            return found.stream().filter(f -> f.runId().equals(runId)).toList();
        }
    }

    private static final Pattern NAMED = Pattern.compile("(?:^|/)rp-([a-z0-9]{4,12})(?:-|$)");
    private static final Pattern ARTIFACT_BUCKET = Pattern.compile("^rp-artifacts-([a-z0-9]{4,12})$");
    private static final String PREFIX = "rp-";

    private ListRunResources() {}

    public static Listing run(AwsSession session) {
        List<Found> found = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        list("stacks", unlisted, () -> stacks(session, found));
        list("buckets", unlisted, () -> buckets(session, found, unlisted));
        list("functions", unlisted, () -> functions(session, found, unlisted));
        list("state machines", unlisted, () -> stateMachines(session, found, unlisted));
        list("log groups", unlisted, () -> logGroups(session, found));
        list("roles", unlisted, () -> roles(session, found, unlisted));
        list("alarms", unlisted, () -> alarms(session, found));
        return new Listing(List.copyOf(found), List.copyOf(unlisted));
    }

    /** The run id a renderproof name embeds (rp-&lt;id&gt;-..., /aws/lambda/rp-&lt;id&gt;-..., rp-artifacts-&lt;id&gt;), or null. */
    public static String runIdFromName(String name) {
        Matcher a = ARTIFACT_BUCKET.matcher(name);
        if (a.find()) {
            return a.group(1);
        }
        Matcher m = NAMED.matcher(name);
        return m.find() ? m.group(1) : null;
    }

    static String runIdFromTags(Map<String, String> tags) {
        String id = tags.get(RunNames.RUN_ID_TAG);
        if (id != null) {
            return id;
        }
        String project = tags.get(RunNames.PROJECT_TAG);
        return project != null && project.startsWith(PREFIX) ? project.substring(PREFIX.length()) : null;
    }

    private static void list(String what, List<String> unlisted, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            unlisted.add(what + ": could not list (" + oneLine(e) + ")");
        }
    }

    private static void stacks(AwsSession s, List<Found> out) {
        for (var page : s.cloudFormation().describeStacksPaginator()) {
            for (Stack st : page.stacks()) {
                if (st.stackStatus() == StackStatus.DELETE_COMPLETE) {
                    continue;
                }
                Map<String, String> tags = new HashMap<>();
                st.tags().forEach(t -> tags.put(t.key(), t.value()));
                String id = runIdFromTags(tags);
                if (id != null) {
                    out.add(new Found(RunResources.Kind.stack, st.stackName(), id, st.creationTime()));
                }
            }
        }
    }

    private static void buckets(AwsSession s, List<Found> out, List<String> unlisted) {
        for (var b : s.s3().listBuckets().buckets()) {
            if (!b.name().startsWith(PREFIX)) {
                continue;
            }
            try {
                String id = runIdFromTags(BucketTags.of(s.s3(), b.name()));
                if (id != null) {
                    out.add(new Found(RunResources.Kind.bucket, b.name(), id, b.creationDate()));
                }
            } catch (RuntimeException e) {
                unlisted.add("bucket " + b.name() + ": could not read tags (" + oneLine(e) + ")");
            }
        }
    }

    private static void functions(AwsSession s, List<Found> out, List<String> unlisted) {
        for (var page : s.lambda().listFunctionsPaginator()) {
            for (var f : page.functions()) {
                if (!f.functionName().startsWith(PREFIX)) {
                    continue;
                }
                try {
                    Map<String, String> tags = s.lambda().listTags(r -> r.resource(f.functionArn())).tags();
                    // moto 5.2.1 drops a template's Tags on functions; an untagged function is
                    // recognised by its rp-<run id> name, as log groups are.
                    String id = tags.isEmpty() ? runIdFromName(f.functionName()) : runIdFromTags(tags);
                    if (id != null) {
                        out.add(new Found(RunResources.Kind.function, f.functionName(), id, lambdaTime(f.lastModified())));
                    }
                } catch (RuntimeException e) {
                    unlisted.add("function " + f.functionName() + ": could not read tags (" + oneLine(e) + ")");
                }
            }
        }
    }

    private static void stateMachines(AwsSession s, List<Found> out, List<String> unlisted) {
        for (var page : s.sfn().listStateMachinesPaginator()) {
            for (var sm : page.stateMachines()) {
                if (!sm.name().startsWith(PREFIX)) {
                    continue;
                }
                try {
                    Map<String, String> tags = new HashMap<>();
                    s.sfn().listTagsForResource(r -> r.resourceArn(sm.stateMachineArn())).tags()
                            .forEach(t -> tags.put(t.key(), t.value()));
                    String id = runIdFromTags(tags);
                    if (id != null) {
                        out.add(new Found(RunResources.Kind.stateMachine, sm.stateMachineArn(), id, sm.creationDate()));
                    }
                } catch (RuntimeException e) {
                    unlisted.add("state machine " + sm.name() + ": could not read tags (" + oneLine(e) + ")");
                }
            }
        }
    }

    private static void logGroups(AwsSession s, List<Found> out) {
        for (String prefix : List.of("/aws/lambda/" + PREFIX, "/aws/vendedlogs/states/" + PREFIX)) {
            for (var page : s.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix))) {
                for (var g : page.logGroups()) {
                    String id = runIdFromName(g.logGroupName());
                    if (id != null) {
                        out.add(new Found(RunResources.Kind.logGroup, g.logGroupName(), id,
                                g.creationTime() == null ? null : Instant.ofEpochMilli(g.creationTime())));
                    }
                }
            }
        }
    }

    private static void roles(AwsSession s, List<Found> out, List<String> unlisted) {
        for (var page : s.iam().listRolesPaginator()) {
            for (var role : page.roles()) {
                if (!role.roleName().startsWith(PREFIX)) {
                    continue;
                }
                try {
                    Map<String, String> tags = new HashMap<>();
                    s.iam().listRoleTags(r -> r.roleName(role.roleName())).tags().forEach(t -> tags.put(t.key(), t.value()));
                    String id = runIdFromTags(tags);
                    if (id != null) {
                        out.add(new Found(RunResources.Kind.role, role.roleName(), id, role.createDate()));
                    }
                } catch (RuntimeException e) {
                    unlisted.add("role " + role.roleName() + ": could not read tags (" + oneLine(e) + ")");
                }
            }
        }
    }

    private static void alarms(AwsSession s, List<Found> out) {
        for (ListAlarms.Alarm a : ListAlarms.withPrefix(s, PREFIX)) {
            String id = runIdFromName(a.name());
            if (id != null) {
                out.add(new Found(RunResources.Kind.alarm, a.name(), id, a.updated()));
            }
        }
    }

    private static Instant lambdaTime(String lastModified) {
        try {
            return lastModified == null ? null
                    : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").parse(lastModified, Instant::from);
        } catch (RuntimeException unparsable) {
            return null;
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
