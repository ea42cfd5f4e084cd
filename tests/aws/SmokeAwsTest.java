package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import contract.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pipeline.Deployment;
import pipeline.HandlerArtifactForTests;
import pipeline.RenderTarget;
import pipeline.RunningExecution;
import pipeline.Smoke;
import teardown.Teardown;

/**
 * smoke on the aws target against moto_server on loopback: the real template deployed through
 * CloudFormation, torn down, and verified gone. moto cannot run a Java Lambda, so renders are not
 * exercised here (they are on --embedded); credentials are moto's dummies, set by MotoSessions as
 * the SDK's system properties because a JVM cannot change its environment.
 */
class SmokeAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildTheArtifactOnce() {
        HandlerArtifactForTests.jar();
    }

    private int smoke(String... extra) {
        String[] base = {"--deploy-only", "--skip-build", "--endpoint-url", MOTO.server().endpoint().toString(), "--region", MotoServer.REGION};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return ExitOnBadArguments.execute(new SmokeCommand(), args);
    }

    private static boolean stackExists(String name) {
        return CheckNamesFree.stackExists(MOTO.session(), name);
    }

    private static List<String> bucketsOf(String runId) {
        return MOTO.session().s3().listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.contains(runId)).toList();
    }

    @Test
    void deployOnlyDeploysTheRealTemplateAndLeavesNothing() throws Exception {
        Path artifacts = tmp.resolve("a");
        assertEquals(ExitCode.OK, smoke("--run-id", "motoone1", "--artifacts", artifacts.toString()));
        JsonNode v = Json.MAPPER.readTree(artifacts.resolve("cleanup-verification.json").toFile());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertTrue(v.path("checked").size() >= 5, v.toString());
        assertFalse(stackExists("renderproof-smoke-motoone1"));
        assertEquals(List.of(), bucketsOf("motoone1"));
    }

    @Test
    void aFailureAfterDeployStillTearsEverythingDown() throws Exception {
        Path artifacts = tmp.resolve("b");
        RunNames names = RunNames.of(null, "mototwo2");
        AwsTarget real = new AwsTarget(null, MotoServer.REGION, MOTO.server().endpoint().toString(), names,
                Path.of("stack/template.yaml"), 1024, -1);
        RenderTarget failing = new RenderTarget() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public void preflight(Console console) {
                real.preflight(console);
            }

            @Override
            public Deployment deploy(Path artifact, Teardown teardown, Console console) {
                Deployment d = real.deploy(artifact, teardown, console);
                return new Deployment() {
                    public String bucket() { return d.bucket(); }
                    public int memoryMb() { return d.memoryMb(); }
                    public void upload(Path file, String key) { d.upload(file, key); }
                    public void download(String key, Path target) { d.download(key, target); }
                    public RunningExecution start(String name, Events.ExecutionInput input) {
                        throw new IllegalStateException("injected failure after deploy");
                    }
                    public List<String> inspectHints() { return d.inspectHints(); }
                };
            }

            @Override
            public List<Deployment.CleanupCheck> verifyGone(Duration budget) {
                return real.verifyGone(budget);
            }
        };
        var err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        var options = new Smoke.Options("mp4-h264-sdr", List.of(2), null, 1, artifacts, false, Duration.ofMinutes(1), false);
        int exit = new Smoke(options, Path.of("").toAbsolutePath(), failing, console, names.runId()).run(HandlerArtifactForTests::jar);
        assertEquals(ExitCode.RENDER_FAILED, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("injected failure after deploy"));
        JsonNode v = Json.MAPPER.readTree(artifacts.resolve("cleanup-verification.json").toFile());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertFalse(stackExists(names.stackName()));
        assertEquals(List.of(), bucketsOf("mototwo2"));
    }

    @Test
    void aSecondRunReusingTheFirstRunsNamesIsRefusedAndLeavesTheFirstAlone() throws Exception {
        Path first = tmp.resolve("first");
        assertEquals(ExitCode.OK, smoke("--run-id", "mototri3", "--keep-stack", "--artifacts", first.toString()));
        try {
            assertTrue(stackExists("renderproof-smoke-mototri3"));
            List<String> buckets = bucketsOf("mototri3");
            assertEquals(2, buckets.size(), buckets.toString());
            Path second = tmp.resolve("second");
            assertEquals(ExitCode.USAGE, smoke("--run-id", "mototri3", "--artifacts", second.toString()));
            assertTrue(stackExists("renderproof-smoke-mototri3"), "the first run's stack was touched");
            assertEquals(buckets, bucketsOf("mototri3"));
            JsonNode v = Json.MAPPER.readTree(second.resolve("cleanup-verification.json").toFile());
            assertEquals(0, v.path("checked").size(), "a refused run created nothing: " + v);
            assertEquals("nothing was created, nothing left behind", v.path("summary").asText());
        } finally {
            RunNames names = RunNames.of(null, "mototri3");
            RunResources resources = new RunResources(names);
            resources.add(RunResources.Kind.stack, names.stackName());
            bucketsOf("mototri3").forEach(b -> resources.add(RunResources.Kind.bucket, b));
            DestroyStack.run(MOTO.session(), resources, line -> { });
            PurgeBucket.run(MOTO.session().s3(), names.inAccount(MotoSessions.ACCOUNT, MotoServer.REGION).artifactBucket(), names,
                    n -> { });
        }
        assertEquals(List.of(), bucketsOf("mototri3"));
    }
}
