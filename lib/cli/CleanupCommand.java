package cli;

import aws.AwsSession;
import aws.CleanupRuns;
import aws.ListRunResources;
import aws.Preflight;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cleanup", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {
            "Finds what earlier runs left in a region - stacks, buckets, functions, state machines, log groups, IAM "
                    + "roles and alarms carrying renderproof's run tag (log groups and alarms by their rp-<run id> name) - "
                    + "lists them with run id and age, and removes a selection with the same teardown and verification "
                    + "as a run. A run killed with SIGKILL cannot tear down; this is how its resources are found again.",
            "",
            "List:      ./jbang cleanup.java --dry-run --profile dev",
            "Remove:    ./jbang cleanup.java --run-id k9x2ab3c --profile dev",
            ""},
        footer = {"", "Exit codes: 0 nothing selected, or everything selected removed and verified gone; 1 bad arguments or "
                + "credentials; 7 something selected is still there or could not be verified (see cleanup-verification.json)."})
public final class CleanupCommand implements Callable<Integer> {
    @Option(names = "--profile", description = "AWS profile (SSO profiles work). Default: $AWS_PROFILE, else the default chain.")
    String profile;

    @Option(names = "--region", description = "AWS region. Default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile's region, else us-east-1.")
    String region;

    @Option(names = "--endpoint-url", description = "Point every AWS client at this AWS-compatible endpoint (default: $AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(names = "--run-id", description = "Only this run's resources.")
    String runId;

    @Option(names = "--older-than", converter = TargetOptions.DurationConverter.class,
            description = "Only runs whose oldest resource is older than this, e.g. 2h, 90m, 1d as 24h. A run of unknown age is never selected.")
    Duration olderThan;

    @Option(names = "--dry-run", description = "List what would be removed; change nothing.")
    boolean dryRun;

    @Option(names = "--teardown-deadline", defaultValue = "10m", converter = TargetOptions.DurationConverter.class,
            description = "Longest time removal and verification may take together. Default: 10m.")
    Duration deadline;

    @Option(names = "--artifacts", defaultValue = "lambda-cleanup-artifacts",
            description = "Where cleanup-verification.json goes. Default: ${DEFAULT-VALUE}.")
    Path artifacts;

    @Override
    public Integer call() {
        Console console = Console.system();
        if (runId != null && !runId.matches("[a-z0-9]{4,12}")) {
            throw new RunFailure(ExitCode.USAGE, "--run-id must be 4-12 lowercase letters or digits, got '" + runId + "'");
        }
        try (AwsSession session = AwsSession.resolve(profile, region, endpointUrl)) {
            Preflight.CallerIdentity id;
            try {
                id = Preflight.run(session);
            } catch (RuntimeException e) {
                throw new RunFailure(ExitCode.USAGE, e.getMessage(), e);
            }
            console.info("looking for renderproof resources in " + session.describe() + ", account " + id.account());
            ListRunResources.Listing listing = ListRunResources.run(session);
            listing.unlisted().forEach(u -> console.warn(u));
            Instant now = Instant.now();
            List<CleanupRuns.Run> runs = CleanupRuns.select(CleanupRuns.group(listing.found()), runId, olderThan, now);
            int count = runs.stream().mapToInt(r -> r.resources().size()).sum();
            console.info(String.format("%-12s %-10s %-13s %s", "run id", "age", "kind", "name"));
            for (CleanupRuns.Run run : runs) {
                for (ListRunResources.Found f : run.resources()) {
                    console.info(String.format("%-12s %-10s %-13s %s", f.runId(), age(f.created(), now), f.kind(), f.name()));
                }
            }
            console.info(count + " resource(s) of " + runs.size() + " run(s) selected"
                    + (listing.unlisted().isEmpty() ? "" : "; some kinds could not be listed (warnings above)"));
            if (dryRun) {
                return listing.unlisted().isEmpty() ? ExitCode.OK : ExitCode.LEFT_BEHIND;
            }
            if (runs.isEmpty()) {
                return listing.unlisted().isEmpty() ? ExitCode.OK : ExitCode.LEFT_BEHIND;
            }
            CleanupRuns.Removal removal = CleanupRuns.remove(session, runs, deadline, console::info);
            writeVerification(removal, runs);
            long left = removal.checks().stream().filter(c -> !c.gone()).count();
            if (removal.clean()) {
                console.info("removed and verified: nothing left of " + runs.size() + " run(s) (" + removal.checks().size() + " checks)");
                return ExitCode.OK;
            }
            console.error(left + " resource(s) still there or unverified" + (removal.failures().isEmpty() ? ""
                    : "; failures: " + String.join("; ", removal.failures())) + " (see " + artifacts.resolve("cleanup-verification.json") + ")");
            return ExitCode.LEFT_BEHIND;
        }
    }

    private void writeVerification(CleanupRuns.Removal removal, List<CleanupRuns.Run> runs) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode ids = doc.putArray("runIds");
        runs.forEach(r -> ids.add(r.runId()));
        ArrayNode checked = doc.putArray("checked");
        ArrayNode left = doc.putArray("leftBehind");
        ArrayNode unverified = doc.putArray("unverified");
        for (var c : removal.checks()) {
            checked.addObject().put("kind", c.kind()).put("name", c.name()).put("gone", c.gone()).put("status", c.status().name());
            if (c.status() == pipeline.Deployment.CleanupCheck.Status.left) {
                left.addObject().put("kind", c.kind()).put("name", c.name());
            } else if (c.status() == pipeline.Deployment.CleanupCheck.Status.unverified) {
                unverified.addObject().put("kind", c.kind()).put("name", c.name()).put("why", c.note());
            }
        }
        ArrayNode f = doc.putArray("teardownFailures");
        removal.failures().forEach(f::add);
        ArrayNode u = doc.putArray("teardownUnfinished");
        removal.unfinished().forEach(u::add);
        pipeline.ResultsJson.write(artifacts.resolve("cleanup-verification.json"), doc);
    }

    static String age(Instant created, Instant now) {
        if (created == null) {
            return "unknown";
        }
        Duration d = Duration.between(created, now);
        if (d.isNegative()) {
            return "0m";
        }
        return d.toDays() > 0 ? d.toDays() + "d" + d.toHoursPart() + "h"
                : d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() + "m";
    }

    public static void main(String... args) {
        System.exit(ExitOnBadArguments.execute(new CleanupCommand(), args));
    }
}
