package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import stack.BuildHandlerArtifact;
import teardown.Teardown;

/**
 * What a first run on a fresh account meets, on moto_server: the Lambda account settings (a stand-in
 * answers GetAccountSettings, which moto lacks), --architecture arm64, and AWS_DEFAULT_REGION.
 */
class FirstRunAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    /** smoke on the command line, with its stdout and stderr captured. */
    private static Run smoke(String endpoint, String... extra) {
        List<String> args = new ArrayList<>(List.of("--deploy-only", "--skip-build", "--endpoint-url", endpoint,
                "--region", MotoServer.REGION));
        args.addAll(List.of(extra));
        PrintStream out = System.out;
        PrintStream err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = ExitOnBadArguments.execute(new SmokeCommand(), args.toArray(String[]::new));
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            out.print(o.toString(StandardCharsets.UTF_8));
            err.print(e.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> bucketsOf(String runId) {
        return MOTO.session().s3().listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.contains(runId)).toList();
    }

    @Test
    void aReservationANewAccountCannotGrantIsRefusedBeforeAnythingIsCreated() throws Exception {
        pipeline.HandlerArtifactForTests.jar();
        try (StandInLambdaAccount account = StandInLambdaAccount.withConcurrency(MOTO.server().endpoint(), 10)) {
            Run r = smoke(account.endpoint().toString(), "--run-id", "quota1", "--reserved-concurrency", "16",
                    "--artifacts", tmp.resolve("refused").toString());

            assertEquals(ExitCode.USAGE, r.exit(), r.err());
            List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), r.err());
            assertTrue(errors.get(0).contains("--reserved-concurrency 16 cannot be granted")
                    && errors.get(0).contains("limit is 10") && errors.get(0).contains("leave 100 unreserved"), errors.get(0));
            assertTrue(r.out().contains("account limit 10, unreserved 10"), r.out());
            assertFalse(CheckNamesFree.stackExists(MOTO.session(), "renderproof-smoke-quota1"));
            assertEquals(List.of(), bucketsOf("quota1"));
        }
    }

    @Test
    void withoutAReservationANewAccountProceedsAndIsWarnedThatEightChunksQueue() throws Exception {
        pipeline.HandlerArtifactForTests.jar();
        try (StandInLambdaAccount account = StandInLambdaAccount.withConcurrency(MOTO.server().endpoint(), 10)) {
            Run r = smoke(account.endpoint().toString(), "--run-id", "quota2", "--chunk-counts", "2,4,8",
                    "--artifacts", tmp.resolve("proceeds").toString());

            assertEquals(ExitCode.OK, r.exit(), r.err());
            assertTrue(r.out().contains("reserved concurrency none"), r.out());
            List<String> warnings = (r.out() + r.err()).lines().filter(l -> l.startsWith("warning: N=")).toList();
            assertEquals(1, warnings.size(), r.out() + r.err());
            assertTrue(warnings.get(0).startsWith("warning: N=8 will queue"), warnings.get(0));
            assertTrue(r.out().contains("stack renderproof-smoke-quota2 is CREATE_COMPLETE"), r.out());
            assertEquals(List.of(), bucketsOf("quota2"));
        }
    }

    @Test
    void arm64DeploysAnArm64FunctionWithTheArm64Artifact() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        BuildHandlerArtifact.Artifact arm = BuildHandlerArtifact.build(root,
                BuildHandlerArtifact.defaultOutput(media.FfmpegBuild.LINUX_ARM64), media.FfmpegBuild.LINUX_ARM64,
                BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, line -> { });
        assertEquals(List.of("ws/schild/jave/nativebin/ffmpeg-aarch64"), arm.ffmpegEntries(), "only the arm64 ffmpeg is bundled");
        BuildHandlerArtifact.Artifact x86 = BuildHandlerArtifact.measure(pipeline.HandlerArtifactForTests.jar());
        assertEquals(List.of("ws/schild/jave/nativebin/ffmpeg-amd64"), x86.ffmpegEntries());

        Run r = smoke(MOTO.server().endpoint().toString(), "--run-id", "armone1", "--architecture", "arm64", "--keep-stack",
                "--artifacts", tmp.resolve("arm").toString());
        RunNames names = RunNames.of(null, "armone1");
        try {
            assertEquals(ExitCode.OK, r.exit(), r.err());
            // moto 5.2.1 drops Architectures when CloudFormation creates a function (GetFunction says
            // x86_64 whatever the template asks), so the stack's parameter is what is checked here;
            // TemplateContractTest checks that the function's Architectures is that parameter.
            var stack = MOTO.session().cloudFormation().describeStacks(d -> d.stackName(names.stackName())).stacks().get(0);
            assertEquals("arm64", stack.parameters().stream().filter(p -> p.parameterKey().equals("Architecture"))
                    .findFirst().orElseThrow().parameterValue());
            var fn = MOTO.session().lambda().getFunction(g -> g.functionName(names.projectName() + "-render"));
            String sha = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(arm.jar())));
            assertEquals(sha, fn.configuration().codeSha256(), "the function runs the arm64 artifact");
            assertTrue(r.out().contains("uploaded " + arm.jar().getFileName()), r.out());
        } finally {
            RunResources resources = new RunResources(names);
            resources.add(RunResources.Kind.stack, names.stackName());
            bucketsOf("armone1").forEach(b -> resources.add(RunResources.Kind.bucket, b));
            DestroyStack.run(MOTO.session(), resources, line -> { });
            PurgeBucket.run(MOTO.session().s3(), names.inAccount(MotoSessions.ACCOUNT, MotoServer.REGION).artifactBucket(), names,
                    n -> { });
        }
        assertEquals(List.of(), bucketsOf("armone1"));
    }

    @Test
    void awsDefaultRegionAloneDeploysToThatRegion() throws Exception {
        ProfileFile noProfiles = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
                .content(new java.io.ByteArrayInputStream(new byte[0])).build();
        RunResources resources = new RunResources(RunNames.create("region"));
        RunNames names = resources.names();
        try (AwsSession session = AwsSession.resolve(null, null, MOTO.server().endpoint().toString(),
                Map.of("AWS_DEFAULT_REGION", "eu-west-1"), () -> noProfiles);
             Teardown teardown = new Teardown(line -> { })) {
            assertEquals(Region.EU_WEST_1, session.region());
            String account = Preflight.run(session).account();
            CheckNamesFree.run(session, names, account);
            String bucket = CreateArtifactBucket.run(session, names, teardown, line -> { });
            resources.add(RunResources.Kind.bucket, bucket);
            session.s3().putObject(p -> p.bucket(bucket).key("handler.zip"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(smallZip()));
            DeployStack.Deployed d = DeployStack.run(session, resources, Files.readString(Path.of("stack/template.yaml")),
                    new DeployStack.Parameters(bucket, "handler.zip", 1024, -1), teardown, line -> { }, Duration.ofMinutes(5));

            assertTrue(d.stackId().startsWith("arn:aws:cloudformation:eu-west-1:"), d.stackId());
            assertTrue(d.outputs().renderBucketName().endsWith("-eu-west-1"), d.outputs().renderBucketName());
            assertTrue(d.outputs().renderStateMachineArn().startsWith("arn:aws:states:eu-west-1:"), d.outputs().renderStateMachineArn());
        }
    }

    private static byte[] smallZip() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("stack/RenderHandler.class"));
            zip.write("placeholder; moto never runs it".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
