package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ownstack.ColourStack;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * --stack NAME on moto_server: a stack deployed beforehand (the colour stack, kept) is rendered against
 * and left exactly as it was, including an object of its owner's; the run's own objects under its
 * prefix are removed and verified gone. moto cannot run the function, so the render itself fails
 * (exit 4) after the fixture was written under the prefix, which is what teardown must clean.
 */
class ExistingStackAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    private static final String GIVEN = "renderproof-smoke-givenstk";

    @TempDir
    static Path tmp;

    private String stderr = "";
    private String stdout = "";

    @BeforeAll
    static void deployTheirStackBeforehand() {
        List<String> args = new ArrayList<>(ColourStack.stackArguments("correct"));
        args.addAll(List.of("--deploy-only", "--keep-stack", "--endpoint-url", MOTO.server().endpoint().toString(), "--region",
                MotoServer.REGION, "--run-id", "givenstk", "--artifacts", tmp.resolve("given").toString(),
                "--fixtures-dir", ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--baseline", "self"));
        assertEquals(ExitCode.OK, ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new)));
    }

    private int smoke(String... extra) {
        List<String> args = new ArrayList<>(List.of("--endpoint-url", MOTO.server().endpoint().toString(), "--region", MotoServer.REGION,
                "--fixtures-dir", ColourStack.FIXTURES.toString(), "--fixture", ColourStack.FIXTURE, "--baseline", "self",
                "--chunk-counts", "2", "--timeout", "5s"));
        args.addAll(List.of(extra));
        var err = new ByteArrayOutputStream();
        var out = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            stderr = err.toString(StandardCharsets.UTF_8);
            stdout = out.toString(StandardCharsets.UTF_8);
            originalOut.print(stdout);
            originalErr.print(stderr);
        }
    }

    private static List<String> keys(String bucket) {
        return MOTO.session().s3().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
    }

    @Test
    void aRunAgainstAnExistingStackLeavesItUntouchedAndRemovesOnlyItsPrefix() throws Exception {
        var before = DeleteStack.find(MOTO.session().cloudFormation(), GIVEN);
        String bucket = before.outputs().stream().filter(o -> o.outputKey().equals("RenderBucketName")).findFirst().orElseThrow().outputValue();
        MOTO.session().s3().putObject(r -> r.bucket(bucket).key("theirs/keep.txt"), RequestBody.fromString("the owner's"));

        int exit = smoke("--stack", GIVEN, "--run-id", "stackrun1", "--artifacts", tmp.resolve("run").toString());
        assertEquals(ExitCode.RENDER_FAILED, exit, "moto cannot run the function: " + stderr);
        assertTrue(stdout.contains("s3://" + bucket + "/renderproof-runs/stackrun1/projects/"), "the fixture went under the prefix: " + stdout);

        var after = DeleteStack.find(MOTO.session().cloudFormation(), GIVEN);
        assertEquals(before.stackStatusAsString(), after.stackStatusAsString());
        assertEquals(before.lastUpdatedTime(), after.lastUpdatedTime());
        assertEquals(List.of("theirs/keep.txt"), keys(bucket));
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("run/cleanup-verification.json").toFile());
        assertEquals(1, v.path("checked").size(), v.toString());
        assertEquals("s3://" + bucket + "/renderproof-runs/stackrun1/", v.path("checked").get(0).path("name").asText());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
    }

    @Test
    void aMissingStackIsRefusedInOneLine() {
        int exit = smoke("--stack", "renderproof-no-such-stack", "--run-id", "stackrun2", "--artifacts", tmp.resolve("missing").toString());
        assertEquals(ExitCode.USAGE, exit, stderr);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).contains("--stack renderproof-no-such-stack: no such stack"), errors.get(0));
    }
}
