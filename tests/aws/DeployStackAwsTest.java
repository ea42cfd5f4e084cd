package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import pipeline.Deployment;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.core.sync.RequestBody;
import teardown.Teardown;

/**
 * The real stack/template.yaml deployed through DeployStack on moto_server, torn down through the
 * teardown registry, and proven gone by VerifyCleanup; also when the run fails right after deploying.
 */
class DeployStackAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    private static final Path TEMPLATE = Path.of(System.getProperty("renderproof.template", "stack/template.yaml"));

    /** Creates the artifact bucket, uploads a stand-in artifact and deploys; everything joins the registry. */
    private static DeployStack.Deployed deploy(RunResources resources, Teardown teardown, List<String> log, Path dir)
            throws Exception {
        RunNames names = resources.names();
        CheckNamesFree.run(MOTO.session(), names, MotoSessions.ACCOUNT);
        String bucket = CreateArtifactBucket.run(MOTO.session(), names, teardown, log::add);
        resources.add(RunResources.Kind.bucket, bucket);
        Path zip = dir.resolve("handler.zip");
        Files.write(zip, smallZip());
        S3Uri code = UploadObject.fromFile(MOTO.session().s3(), new S3Uri(bucket, "handler/handler.zip"), zip, "application/zip");
        return DeployStack.run(MOTO.session(), resources, Files.readString(TEMPLATE),
                new DeployStack.Parameters(code.bucket(), code.key(), 1024, -1), teardown, log::add, Duration.ofMinutes(5));
    }

    @Test
    void deployReadsOutputsAndTeardownLeavesNothing(@TempDir Path dir) throws Exception {
        RunResources resources = new RunResources(RunNames.create("deploy"));
        RunNames names = resources.names();
        List<String> log = new ArrayList<>();
        try (Teardown teardown = new Teardown(log::add)) {
            DeployStack.Deployed d = deploy(resources, teardown, log, dir);

            assertEquals(CheckNamesFree.renderBucketName(names, MotoSessions.ACCOUNT, MotoServer.REGION),
                    d.outputs().renderBucketName());
            assertTrue(d.outputs().renderStateMachineArn().endsWith(":stateMachine:" + names.projectName() + "-render"),
                    d.outputs().renderStateMachineArn());
            assertEquals(names.projectName() + "-render", d.outputs().renderFunctionName());
            // moto reports stack-level events only; AWS adds one per resource.
            assertTrue(log.stream().anyMatch(l -> l.contains("AWS::CloudFormation::Stack") && l.contains("CREATE_COMPLETE")),
                    "stack events streamed: " + log);
            // A render's leftovers in the retained bucket must not keep it alive.
            MOTO.session().s3().putObject(r -> r.bucket(d.outputs().renderBucketName()).key("renders/N2/output.mp4"),
                    RequestBody.fromString("mp4"));
            assertEquals(2, teardown.pending().size());
            // Before teardown, each kind's question must see its resource: none may read as gone.
            List<Deployment.CleanupCheck> live = VerifyCleanup.run(MOTO.session(), resources, Duration.ofSeconds(60));
            assertEquals(Set.of("stack", "bucket", "function", "stateMachine", "logGroup", "role"),
                    live.stream().filter(c -> c.status() == Deployment.CleanupCheck.Status.left)
                            .map(Deployment.CleanupCheck::kind).collect(Collectors.toSet()), live.toString());
            assertEquals(List.of(), live.stream().filter(c -> c.status() != Deployment.CleanupCheck.Status.left).toList());
        }
        assertVerifiedClean(resources, dir, log);
    }

    @Test
    void aFailureAfterDeployStillTearsEverythingDown(@TempDir Path dir) {
        RunResources resources = new RunResources(RunNames.create("inject"));
        List<String> log = new ArrayList<>();
        var e = assertThrows(IllegalStateException.class, () -> {
            try (Teardown teardown = new Teardown(log::add)) {
                deploy(resources, teardown, log, dir);
                throw new IllegalStateException("injected failure after deploy");
            }
        });
        assertEquals("injected failure after deploy", e.getMessage());
        assertVerifiedClean(resources, dir, log);
    }

    private static void assertVerifiedClean(RunResources resources, Path dir, List<String> log) {
        assertEquals(List.of(), log.stream().filter(l -> l.startsWith("teardown failed")).toList());
        List<Deployment.CleanupCheck> checks = VerifyCleanup.run(MOTO.session(), resources, Duration.ofSeconds(60));
        Set<String> kinds = checks.stream().map(Deployment.CleanupCheck::kind).collect(Collectors.toSet());
        // moto 5.2.1 creates no AWS::CloudWatch::Alarm from a template, so alarms appear only through the sweep.
        assertEquals(Set.of("stack", "bucket", "function", "stateMachine", "logGroup", "role"), kinds, checks.toString());
        assertEquals(List.of(), checks.stream().filter(c -> !c.gone()).toList(), "left behind; log: " + log);
    }

    private static byte[] smallZip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("stack/RenderHandler.class"));
            zip.write("not a real class; moto never runs it".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
