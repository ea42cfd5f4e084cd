//DEPS software.amazon.awssdk:iam:2.41.17
package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The deploy and teardown path run by a caller holding only stack/caller-iam-policy.json, on a
 * moto_server that enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT): moto refuses every request whose
 * action the caller's policy does not allow (see CallerPolicy.forMoto for what moto can and cannot check).
 */
class CallerPolicyAwsTest {
    /** Requests moto serves before enforcing: creating the admin user, its policy and its key. */
    private static final int SETUP_REQUESTS = 3;
    private static MotoServer moto;
    private static IamClient iam;
    private static AwsSession admin;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startEnforcingMoto() {
        boolean present = MotoServer.locate().isPresent();
        if (!present) {
            System.out.println("SKIP: " + MotoServer.EXECUTABLE + " is not on PATH; the caller policy is not run under IAM enforcement here");
        }
        assumeTrue(present, MotoServer.EXECUTABLE + " is not on PATH");
        HandlerArtifactForTests.jar();
        moto = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(SETUP_REQUESTS)));
        AccessKey adminKey;
        try (IamClient bootstrap = iamClient(AwsBasicCredentials.create("testing", "testing"))) {
            bootstrap.createUser(u -> u.userName("renderproof-test-admin"));
            bootstrap.putUserPolicy(p -> p.userName("renderproof-test-admin").policyName("everything")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            adminKey = bootstrap.createAccessKey(k -> k.userName("renderproof-test-admin")).accessKey();
        }
        var adminCredentials = AwsBasicCredentials.create(adminKey.accessKeyId(), adminKey.secretAccessKey());
        iam = iamClient(adminCredentials);
        admin = AwsSession.of(StaticCredentialsProvider.create(adminCredentials), Region.of(MotoServer.REGION), moto.endpoint());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (admin != null) {
            admin.close();
        }
        if (iam != null) {
            iam.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static IamClient iamClient(AwsBasicCredentials credentials) {
        return IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A user holding only this policy, whose keys the next smoke run uses (the SDK's system properties). */
    private static void actAs(String user, String policyJson) {
        iam.createUser(u -> u.userName(user));
        iam.putUserPolicy(p -> p.userName(user).policyName("renderproof-caller").policyDocument(policyJson));
        AccessKey key = iam.createAccessKey(k -> k.userName(user)).accessKey();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
    }

    record Run(int exit, String err) {}

    private Run smokeDeployOnly(String runId) {
        PrintStream err = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = ExitOnBadArguments.execute(new SmokeCommand(), "--deploy-only", "--skip-build", "--endpoint-url",
                    moto.endpoint().toString(), "--region", MotoServer.REGION, "--run-id", runId,
                    "--artifacts", tmp.resolve(runId).toString());
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            err.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> bucketsOf(String runId) {
        return admin.s3().listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.contains(runId)).toList();
    }

    @Test
    void theCallerPolicyDeploysAndTearsDownEverything() throws Exception {
        actAs("renderproof-caller", CallerPolicy.forMoto(CallerPolicy.read(CallerPolicy.POLICY), MotoSessions.ACCOUNT));

        Run r = smokeDeployOnly("policy1");

        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("policy1/cleanup-verification.json").toFile());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertFalse(CheckNamesFree.stackExists(admin, "renderproof-smoke-policy1"));
        assertEquals(List.of(), bucketsOf("policy1"));
    }

    @Test
    void aCopyWithoutOneNeededActionFailsTheRun() throws Exception {
        String weakened = CallerPolicy.forMoto(CallerPolicy.without(CallerPolicy.read(CallerPolicy.POLICY),
                "cloudformation:DescribeStackEvents"), MotoSessions.ACCOUNT);
        actAs("renderproof-weakened", weakened);

        Run r = smokeDeployOnly("policy2");

        assertEquals(ExitCode.DEPLOY, r.exit(), r.err());
        assertTrue(r.err().contains("deploy failed: a call was refused (HTTP 403)"), r.err());
        // The weakened caller may still delete what it made; whatever it could not is removed here.
        RunNames names = RunNames.of(null, "policy2").inAccount(MotoSessions.ACCOUNT, MotoServer.REGION);
        RunResources resources = new RunResources(names);
        resources.add(RunResources.Kind.stack, names.stackName());
        bucketsOf("policy2").forEach(b -> resources.add(RunResources.Kind.bucket, b));
        DestroyStack.run(admin, resources, line -> { });
        assertEquals(List.of(), bucketsOf("policy2"));
    }
}
