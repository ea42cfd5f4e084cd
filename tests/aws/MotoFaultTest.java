package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;

/**
 * The endpoint dies or stops answering: moto_server SIGKILLed during deploy and during teardown, and
 * SIGSTOPped after deploy. The run must end within its teardown deadline, never claim "gone" for what
 * it could not check, and list what is unverified in cleanup-verification.json. Each test starts its
 * own moto_server, since it kills it.
 */
class MotoFaultTest {
    private static final int DEADLINE_S = 30;
    /** JVM start, pre-flight and reports around the deadline, on a loaded 2-core machine. */
    private static final long SLACK_MS = 40_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsMoto() {
        boolean present = MotoServer.locate().isPresent();
        if (!present) {
            System.out.println("SKIP: " + MotoServer.EXECUTABLE + " is not on PATH; endpoint faults are not exercised here");
        }
        assumeTrue(present, MotoServer.EXECUTABLE + " is not on PATH");
        HandlerArtifactForTests.jar();
    }

    private ChildRun.Result deployOnly(MotoServer moto, Path artifacts, String faultLinePrefix, String signal, AtomicLong faultAt)
            throws Exception {
        List<String> args = List.of("--deploy-only", "--skip-build", "--endpoint-url", moto.endpoint().toString(),
                "--region", MotoServer.REGION, "--teardown-deadline", DEADLINE_S + "s", "--artifacts", artifacts.toString());
        return ChildRun.run("cli.SmokeCommand", Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
                args, 600, (line, p) -> {
                    if (faultAt.get() == 0 && line.startsWith(faultLinePrefix)) {
                        ChildRun.signal(moto.pid(), signal);
                        faultAt.set(System.nanoTime());
                    }
                });
    }

    private static JsonNode verification(Path artifacts) throws Exception {
        return Json.MAPPER.readTree(artifacts.resolve("cleanup-verification.json").toFile());
    }

    private static List<String> unverified(JsonNode v) {
        List<String> out = new ArrayList<>();
        v.path("unverified").forEach(u -> out.add(u.path("kind").asText() + " " + u.path("name").asText()));
        return out;
    }

    private static long sinceMs(AtomicLong t) {
        return (System.nanoTime() - t.get()) / 1_000_000;
    }

    @Test
    void motoKilledDuringDeployFailsTheDeployAndListsWhatCouldNotBeVerified() throws Exception {
        Path artifacts = tmp.resolve("a");
        AtomicLong killedAt = new AtomicLong();
        try (MotoServer moto = MotoServer.start()) {
            ChildRun.Result r = deployOnly(moto, artifacts, "creating stack", "KILL", killedAt);
            long after = sinceMs(killedAt);
            String why = r.transcript();
            assertTrue(killedAt.get() != 0, why);
            // The deploy failed first, so its code stands (DESIGN 12); the leftovers are reported beside it.
            assertEquals(3, r.exit(), why);
            assertEquals(1, r.stderrLines().size(), why);
            assertTrue(r.stderrLines().get(0).contains("deploy failed") && r.stderrLines().get(0).contains("unverified"), why);
            JsonNode v = verification(artifacts);
            assertTrue(unverified(v).contains("stack " + "renderproof-smoke-" + v.path("runId").asText()), v.toString());
            assertFalse(v.path("checked").findValuesAsText("status").contains("gone") && unverified(v).isEmpty(), v.toString());
            assertTrue(after < DEADLINE_S * 1000L + SLACK_MS, "ended " + after + " ms after the kill\n" + why);
        }
    }

    @Test
    void motoKilledDuringTeardownExits7WithinTheDeadline() throws Exception {
        Path artifacts = tmp.resolve("b");
        AtomicLong killedAt = new AtomicLong();
        try (MotoServer moto = MotoServer.start()) {
            ChildRun.Result r = deployOnly(moto, artifacts, "deleting stack", "KILL", killedAt);
            long after = sinceMs(killedAt);
            String why = r.transcript();
            assertEquals(7, r.exit(), why);
            assertEquals(1, r.stderrLines().size(), why);
            JsonNode v = verification(artifacts);
            assertFalse(unverified(v).isEmpty(), v.toString());
            for (JsonNode c : v.path("checked")) {
                assertEquals("unverified", c.path("status").asText(), "nothing can be proven gone without an endpoint: " + v);
            }
            assertTrue(after < DEADLINE_S * 1000L + SLACK_MS, "ended " + after + " ms after the kill\n" + why);
        }
    }

    @Test
    void motoStoppedAfterDeployEndsWithinTheDeadlineWithExit7() throws Exception {
        Path artifacts = tmp.resolve("c");
        AtomicLong stoppedAt = new AtomicLong();
        try (MotoServer moto = MotoServer.start()) {
            try {
                ChildRun.Result r = deployOnly(moto, artifacts, "outputs: ", "STOP", stoppedAt);
                long after = sinceMs(stoppedAt);
                String why = r.transcript();
                assertEquals(7, r.exit(), why);
                assertEquals(1, r.stderrLines().size(), why);
                JsonNode v = verification(artifacts);
                assertFalse(unverified(v).isEmpty(), v.toString());
                assertFalse(v.path("teardownUnfinished").isEmpty(), "the hung undos are listed: " + v);
                for (JsonNode c : v.path("checked")) {
                    assertEquals("unverified", c.path("status").asText(), v.toString());
                }
                assertTrue(after < DEADLINE_S * 1000L + SLACK_MS, "ended " + after + " ms after SIGSTOP\n" + why);
            } finally {
                ChildRun.signal(moto.pid(), "CONT");
            }
        }
    }
}
