package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import org.junit.jupiter.api.Test;
import pipeline.Deployment;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import teardown.Teardown;

/** Tag-scoped, versions-aware cleanup against moto_server. */
class CleanupAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    @Test
    void purgeDeletes1001ObjectsInBatchesOf1000And1ThenTheBucket() throws Exception {
        RunNames names = RunNames.create("purge");
        List<String> log = new ArrayList<>();
        try (Teardown teardown = new Teardown(log::add)) {
            String bucket = CreateArtifactBucket.run(MOTO.session(), names, teardown, log::add);
            S3Client s3 = MOTO.session().s3();
            for (int i = 0; i < 1001; i++) {
                String key = String.format("renders/N8/chunks/%04d.mp4", i);
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"));
            }
            List<Integer> batches = new ArrayList<>();

            assertTrue(PurgeBucket.run(s3, bucket, names, batches::add));

            assertEquals(List.of(1000, 1), batches);
            assertFalse(CheckNamesFree.bucketExists(MOTO.session(), bucket));
            assertFalse(PurgeBucket.run(s3, bucket, names, batches::add), "a second purge finds nothing");
        }
        assertEquals(List.of(), log.stream().filter(l -> l.startsWith("teardown failed")).toList());
    }

    @Test
    void cleanupRefusesResourcesTaggedForAnotherRun(@TempDir Path dir) throws Exception {
        RunNames ours = RunNames.create("ours");
        RunNames theirs = RunNames.create("theirs");
        S3Client s3 = MOTO.session().s3();
        String bucket = theirs.artifactBucket();
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(
                Tag.builder().key(RunNames.RUN_ID_TAG).value(theirs.runId()).build())));
        s3.putObject(r -> r.bucket(bucket).key("keep.txt"), RequestBody.fromString("theirs"));

        var e = assertThrows(IllegalStateException.class, () -> PurgeBucket.run(s3, bucket, ours, n -> {}));
        assertTrue(e.getMessage().contains("does not carry run " + ours.runId()), e.getMessage());
        assertEquals("theirs", s3.getObjectAsBytes(r -> r.bucket(bucket).key("keep.txt")).asUtf8String());

        // A stack under our name but carrying another run's tag is not deleted either.
        String stackName = ours.stackName();
        MOTO.session().cloudFormation().createStack(r -> r.stackName(stackName).templateBody(MINIMAL_TEMPLATE)
                .tags(software.amazon.awssdk.services.cloudformation.model.Tag.builder()
                        .key(RunNames.RUN_ID_TAG).value(theirs.runId()).build()));
        assertThrows(IllegalStateException.class,
                () -> DeleteStack.run(MOTO.session().cloudFormation(), ours, java.time.Duration.ofSeconds(30), l -> {}));
        assertTrue(CheckNamesFree.stackExists(MOTO.session(), stackName));

        // ...and verification reports both as left behind.
        RunResources resources = new RunResources(ours);
        resources.add(RunResources.Kind.stack, stackName);
        resources.add(RunResources.Kind.bucket, bucket);
        List<Deployment.CleanupCheck> checks = VerifyCleanup.run(MOTO.session(), resources, java.time.Duration.ofSeconds(60));
        assertEquals(List.of("stack " + stackName, "bucket " + bucket), checks.stream()
                .filter(c -> c.status() == Deployment.CleanupCheck.Status.left).map(c -> c.kind() + " " + c.name()).toList());
    }

    static final String MINIMAL_TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """;
}
