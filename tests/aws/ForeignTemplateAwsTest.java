package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ownstack.ColourStack;

/**
 * Someone else's plain template on the aws target against moto_server: the colour stack (other
 * resource names, no ProjectName, its own code parameter names) deploys with --artifact and tears down
 * with nothing left; without the contract's outputs it is a deploy failure naming the output, still
 * torn down; a --parameter the template does not declare is refused before anything is created.
 */
class ForeignTemplateAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    @TempDir
    Path tmp;

    private String stderr = "";

    private int deployOnly(String runId, Path template, String... extra) {
        List<String> args = new ArrayList<>(ColourStack.stackArguments("correct"));
        args.set(args.indexOf("--template") + 1, template.toString());
        args.addAll(List.of("--deploy-only", "--endpoint-url", MOTO.server().endpoint().toString(), "--region", MotoServer.REGION,
                "--run-id", runId, "--artifacts", tmp.resolve(runId).toString(), "--fixtures-dir", ColourStack.FIXTURES.toString(),
                "--fixture", ColourStack.FIXTURE, "--baseline", "self"));
        args.addAll(List.of(extra));
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(original);
            stderr = err.toString(StandardCharsets.UTF_8);
            original.print(stderr);
        }
    }

    private static List<String> bucketsOf(String runId) {
        return MOTO.session().s3().listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.contains(runId)).toList();
    }

    /** Asked of moto itself, since a run whose deploy failed writes no cleanup-verification.json. */
    private void assertNothingLeft(String runId) {
        assertFalse(CheckNamesFree.stackExists(MOTO.session(), "renderproof-smoke-" + runId));
        assertEquals(List.of(), bucketsOf(runId));
        assertEquals(List.of(), MOTO.session().lambda().listFunctions().functions().stream()
                .map(f -> f.functionName()).filter(n -> n.contains(runId)).toList());
    }

    @Test
    void aForeignPlainTemplateWithAnArtifactDeploysAndLeavesNothing() throws Exception {
        assertEquals(ExitCode.OK, deployOnly("colourok1", ColourStack.TEMPLATE), stderr);
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("colourok1/cleanup-verification.json").toFile());
        String checked = v.path("checked").toString();
        assertTrue(checked.contains("framestore"), "the stack's own bucket was checked: " + checked);
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertNothingLeft("colourok1");
    }

    @Test
    void aTemplateWithoutTheContractOutputsFailsTheDeployNamingItAndLeavesNothing() throws Exception {
        Path template = tmp.resolve("no-function-output.yaml");
        String text = Files.readString(ColourStack.TEMPLATE);
        Files.writeString(template, text.substring(0, text.indexOf("  RenderFunctionArn:")));
        assertEquals(ExitCode.DEPLOY, deployOnly("colourno2", template), stderr);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).contains("lack the contract's RenderFunctionArn"), errors.get(0));
        assertNothingLeft("colourno2");
    }

    @Test
    void aParameterTheTemplateDoesNotDeclareIsRefusedBeforeAnythingExists() throws Exception {
        assertEquals(ExitCode.USAGE, deployOnly("colourbad3", ColourStack.TEMPLATE, "--parameter", "Colour=red"), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertTrue(stderr.contains("--parameter Colour"), stderr);
        // cleanup-verification.json is written on every path; here it must prove that nothing was created.
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("colourbad3/cleanup-verification.json").toFile());
        assertEquals(0, v.path("checked").size(), "a refused run created nothing: " + v);
        assertEquals("nothing was created, nothing left behind", v.path("summary").asText());
        assertEquals(List.of(), bucketsOf("colourbad3"));
    }
}
