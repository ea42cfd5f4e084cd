package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;

/**
 * After a SIGKILL nothing can tear down: cleanup must find that run's resources by their tag, list
 * them with --dry-run, remove them all with verification, and leave another run's resources alone.
 */
class CleanupCommandTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");

    @TempDir
    Path tmp;

    @BeforeAll
    static void artifact() {
        HandlerArtifactForTests.jar();
    }

    private List<String> endpoint() {
        return List.of("--endpoint-url", MOTO.server().endpoint().toString(), "--region", MotoServer.REGION);
    }

    private ChildRun.Result smoke(String runId, boolean sigkillAfterDeploy, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--deploy-only", "--skip-build", "--run-id", runId,
                "--artifacts", tmp.resolve(runId).toString()));
        args.addAll(endpoint());
        args.addAll(List.of(extra));
        AtomicBoolean killed = new AtomicBoolean();
        return ChildRun.run("cli.SmokeCommand", ENV, args, 300, (line, p) -> {
            if (sigkillAfterDeploy && line.startsWith("outputs: ") && killed.compareAndSet(false, true)) {
                ChildRun.signal(p.pid(), "KILL");
            }
        });
    }

    private ChildRun.Result cleanup(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(endpoint());
        all.addAll(List.of("--artifacts", tmp.resolve("cleanup").toString()));
        return ChildRun.run("cli.CleanupCommand", ENV, all, 300, null);
    }

    private static Set<String> resourcesOf(String runId) {
        return ListRunResources.run(MOTO.session()).ofRun(runId).stream()
                .map(f -> f.kind() + " " + f.name()).collect(Collectors.toSet());
    }

    @Test
    void cleanupFindsAndRemovesASigkilledRunAndLeavesAnotherRunAlone() throws Exception {
        String killed = RunNames.newRunId();
        String other = RunNames.newRunId();
        ChildRun.Result k = smoke(killed, true);
        assertEquals(137, k.exit(), k.transcript());
        // moto 5.2.1 creates no alarm from a template; one made by hand stands in for the template's.
        CloudWatchQuery.call(MOTO.session(), "PutMetricAlarm", Map.of("AlarmName", "rp-" + killed + "-render-function-errors",
                "Namespace", "AWS/Lambda", "MetricName", "Errors", "Statistic", "Sum", "Period", "300",
                "EvaluationPeriods", "1", "Threshold", "0", "ComparisonOperator", "GreaterThanThreshold"));
        ChildRun.Result o = smoke(other, false, "--keep-stack");
        assertEquals(0, o.exit(), o.transcript());

        Set<String> left = resourcesOf(killed);
        Set<String> kinds = left.stream().map(s -> s.substring(0, s.indexOf(' '))).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("stack", "bucket", "function", "stateMachine", "role", "alarm")), left.toString());
        Set<String> othersBefore = resourcesOf(other);
        assertTrue(othersBefore.stream().anyMatch(s -> s.startsWith("stack ")), othersBefore.toString());

        ChildRun.Result dry = cleanup("--dry-run");
        assertEquals(0, dry.exit(), dry.transcript());
        for (String r : left) {
            String name = r.substring(r.indexOf(' ') + 1);
            assertTrue(dry.stdout().stream().anyMatch(l -> l.startsWith(killed) && l.endsWith(name)), r + " not listed:\n" + dry.transcript());
        }
        assertEquals(left, resourcesOf(killed), "--dry-run changed nothing");

        ChildRun.Result c = cleanup("--run-id", killed);
        assertEquals(0, c.exit(), c.transcript());
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("cleanup").resolve("cleanup-verification.json").toFile());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertEquals(0, v.path("unverified").size(), v.toString());
        assertTrue(v.path("checked").size() >= left.size(), v.toString());
        assertEquals(Set.of(), resourcesOf(killed));
        CleanupMatrixTest.assertNothingLeftOnMotoSession(MOTO.session(), killed, c.transcript());
        assertEquals(othersBefore, resourcesOf(other), "the other run was touched");

        ChildRun.Result rest = cleanup("--run-id", other);
        assertEquals(0, rest.exit(), rest.transcript());
        assertEquals(Set.of(), resourcesOf(other));
    }
}
