package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pipeline.HandlerArtifactForTests;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import teardown.FaultInjection;

/**
 * Fault injection with real processes and real signals: smoke runs as a child JVM with
 * RENDERPROOF_TEST_STAGE_FAULT=&lt;stage&gt;:&lt;kind&gt;, so at that stage it sends itself SIGINT or
 * SIGTERM (kill) or throws. Whatever the stage, nothing may be left (embedded: temp directory, port,
 * child processes; moto_server: stack, buckets, function, state machine, log groups, roles, alarms of
 * that run), cleanup-verification.json must say so truthfully, stderr must carry one line and the
 * exit code must be the documented one.
 *
 * <p>The default suite runs one case per stage, alternating the fault kinds and targets. The whole
 * stage x kind x target matrix (54 runs; moto cannot run a render, so download and gates exist on
 * --embedded only) runs with RENDERPROOF_CLEANUP_MATRIX=full:
 * {@code RENDERPROOF_CLEANUP_MATRIX=full ./jbang tests/run.java '.*CleanupMatrix.*'}.
 */
class CleanupMatrixTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    private static final Pattern SERVER = Pattern.compile("embedded S3 server on http://127\\.0\\.0\\.1:(\\d+), .* data in (\\S+)");
    /** Stages a run on moto_server reaches: it deploys and starts executions, but cannot run the Java function. */
    private static final List<String> MOTO_STAGES = List.of("build", "preflight", "artifact-upload", "stack-create",
            "after-deploy", "fixture-upload", "render", "teardown");

    @TempDir
    Path tmp;

    @BeforeAll
    static void artifact() {
        HandlerArtifactForTests.jar();
    }

    static Stream<Arguments> cases() {
        if ("full".equals(System.getenv("RENDERPROOF_CLEANUP_MATRIX"))) {
            List<Arguments> all = new ArrayList<>();
            for (String target : List.of("embedded", "moto")) {
                for (String stage : FaultInjection.STAGES) {
                    if (target.equals("moto") && !MOTO_STAGES.contains(stage)) {
                        continue;
                    }
                    for (String kind : FaultInjection.KINDS) {
                        all.add(Arguments.of(stage, kind, target));
                    }
                }
            }
            return all.stream();
        }
        return Stream.of(
                Arguments.of("build", "SIGINT", "embedded"),
                Arguments.of("preflight", "SIGTERM", "moto"),
                Arguments.of("artifact-upload", "exception", "moto"),
                Arguments.of("stack-create", "SIGINT", "moto"),
                Arguments.of("after-deploy", "SIGTERM", "moto"),
                Arguments.of("fixture-upload", "exception", "embedded"),
                Arguments.of("render", "SIGTERM", "embedded"),
                Arguments.of("download", "SIGINT", "embedded"),
                Arguments.of("gates", "exception", "embedded"),
                Arguments.of("teardown", "SIGINT", "embedded"));
    }

    /**
     * The documented exit code: 130/143 for a signal; an exception exits with its stage's code. On moto
     * the render itself fails (exit 4) before teardown, and the first failure's code stands.
     */
    static int expectedExit(String stage, String kind, String target) {
        if (kind.equals("SIGINT")) {
            return 130;
        }
        if (kind.equals("SIGTERM")) {
            return 143;
        }
        return switch (stage) {
            case "preflight" -> 1;
            case "build" -> 2;
            case "artifact-upload", "stack-create", "after-deploy" -> 3;
            case "teardown" -> target.equals("moto") ? 4 : 7;
            default -> 4;
        };
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("cases")
    void aFaultAtAnyStageLeavesNothingAndSaysSo(String stage, String kind, String target) throws Exception {
        String runId = RunNames.newRunId();
        Path artifacts = tmp.resolve("artifacts");
        List<String> args = new ArrayList<>(List.of("--skip-build", "--chunk-counts", "1", "--run-id", runId,
                "--artifacts", artifacts.toString()));
        if (target.equals("embedded")) {
            args.add("--embedded");
        } else {
            args.addAll(List.of("--endpoint-url", MOTO.server().endpoint().toString(), "--region", MotoServer.REGION,
                    "--timeout", "30s"));
        }
        ChildRun.Result r = ChildRun.run("cli.SmokeCommand",
                Map.of(FaultInjection.ENV, stage + ":" + kind, "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
                args, 300, null);
        String why = r.transcript();

        assertEquals(expectedExit(stage, kind, target), r.exit(), why);
        assertEquals(1, r.stderrLines().size(), "one stderr line: " + why);
        if (!kind.equals("exception")) {
            assertTrue(r.stderrLines().get(0).contains("interrupted by " + kind + " at stage " + stage), why);
        }
        JsonNode v = Json.MAPPER.readTree(artifacts.resolve("cleanup-verification.json").toFile());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertEquals(0, v.path("unverified").size(), v.toString());
        assertEquals(kind.equals("exception") ? "" : kind, v.path("interruptedBy").asText(), v.toString());
        for (JsonNode c : v.path("checked")) {
            assertTrue(c.path("gone").asBoolean(), v.toString());
        }
        if (target.equals("embedded")) {
            assertNothingLeftEmbedded(r, runId, why);
        } else {
            assertNothingLeftOnMoto(runId, why);
        }
    }

    private static void assertNothingLeftEmbedded(ChildRun.Result r, String runId, String why) throws IOException {
        for (String line : r.stdout()) {
            Matcher m = SERVER.matcher(line);
            if (m.find()) {
                assertTrue(portFree(Integer.parseInt(m.group(1))), "port " + m.group(1) + " still bound: " + why);
            }
        }
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            List<Path> left = dirs.filter(d -> d.getFileName().toString().startsWith("renderproof-embedded-" + runId)).toList();
            assertEquals(List.of(), left, why);
        }
        for (ProcessHandle p : r.descendants()) {
            assertFalse(p.isAlive(), "child process outlived the run: " + p.info().command().orElse("?") + "\n" + why);
        }
    }

    static void assertNothingLeftOnMoto(String runId, String why) {
        assertNothingLeftOnMotoSession(MOTO.session(), runId, why);
    }

    static void assertNothingLeftOnMotoSession(AwsSession s, String runId, String why) {
        RunNames names = RunNames.of(null, runId);
        var stack = DeleteStack.find(s.cloudFormation(), names.stackName());
        assertTrue(stack == null || stack.stackStatus() == StackStatus.DELETE_COMPLETE, "stack " + stack + "\n" + why);
        assertFalse(CheckNamesFree.bucketExists(s, names.artifactBucket()), why);
        assertFalse(CheckNamesFree.bucketExists(s, CheckNamesFree.renderBucketName(names, MotoSessions.ACCOUNT, MotoServer.REGION)), why);
        ListRunResources.Listing l = ListRunResources.run(s);
        assertEquals(List.of(), l.unlisted(), why);
        assertEquals(List.of(), l.ofRun(runId), why);
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
