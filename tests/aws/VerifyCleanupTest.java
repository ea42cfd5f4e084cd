package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import embedded.EmbeddedS3Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pipeline.Deployment.CleanupCheck;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The verification against endpoints that answer for real: "could not check" must never read as
 * "gone" (against an endpoint where nothing listens, every kind of resource comes back unverified),
 * and a bucket is "left" while a real S3 API (the embedded s3proxy) still has it, "gone" once deleted.
 */
class VerifyCleanupTest {
    @Test
    void aBucketIsLeftWhileTheS3ApiHasItAndGoneOnceDeleted() {
        RunNames names = RunNames.of(null, "realsthree");
        RunResources resources = new RunResources(names);
        resources.add(RunResources.Kind.bucket, names.artifactBucket());
        try (EmbeddedS3Server s3 = EmbeddedS3Server.startInMemory();
             AwsSession session = AwsSession.of(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                     EmbeddedS3Server.ACCESS_KEY, EmbeddedS3Server.SECRET_KEY)), Region.US_EAST_1, s3.endpoint())) {
            s3.createBucket(names.artifactBucket());
            CleanupCheck before = VerifyCleanup.run(session, resources, Duration.ofSeconds(60)).get(0);
            assertEquals(new CleanupCheck("bucket", names.artifactBucket(), CleanupCheck.Status.left, null), before);

            session.s3().deleteBucket(r -> r.bucket(names.artifactBucket()));
            CleanupCheck after = VerifyCleanup.run(session, resources, Duration.ofSeconds(60)).get(0);
            assertEquals(new CleanupCheck("bucket", names.artifactBucket(), CleanupCheck.Status.gone, null), after);
        }
    }

    @Test
    void aCheckThatCannotReachTheEndpointIsUnverifiedNeverGone() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RunNames names = RunNames.of(null, "deadend1");
        RunResources resources = new RunResources(names);
        resources.add(RunResources.Kind.stack, names.stackName());
        resources.add(RunResources.Kind.bucket, names.artifactBucket());
        resources.addFunction(names.projectName() + "-render");
        resources.add(RunResources.Kind.stateMachine, "arn:aws:states:us-east-1:123456789012:stateMachine:rp-deadend1-render");
        resources.add(RunResources.Kind.role, names.projectName() + "-render-fn");
        resources.add(RunResources.Kind.alarm, names.projectName() + "-render-function-errors");
        try (AwsSession session = AwsSession.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")),
                Region.US_EAST_1, URI.create("http://127.0.0.1:" + port))) {
            List<CleanupCheck> checks = VerifyCleanup.run(session, resources, Duration.ofSeconds(60));

            assertEquals(resources.all().size() + 7, checks.size(), "each resource, and each kind the sweep could not list: " + checks);
            for (CleanupCheck c : checks) {
                assertEquals(CleanupCheck.Status.unverified, c.status(), c.toString());
                assertFalse(c.gone(), c.toString());
                assertTrue(c.note() != null && !c.note().isBlank(), "says why: " + c);
            }
        }
    }
}
