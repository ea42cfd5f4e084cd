package aws;

import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import teardown.Teardown;

/**
 * The per-run bucket that holds the handler artifact (and the template's inputs): private, tagged with
 * the run id, and registered for purge the moment it is tagged.
 */
public final class CreateArtifactBucket {
    private CreateArtifactBucket() {}

    public static String run(AwsSession session, RunNames names, Teardown teardown, Consumer<String> log) {
        S3Client s3 = session.s3();
        String bucket = names.artifactBucket();
        s3.createBucket(r -> {
            r.bucket(bucket);
            // us-east-1 rejects an explicit LocationConstraint naming itself.
            if (!Region.US_EAST_1.equals(session.region())) {
                r.createBucketConfiguration(c -> c.locationConstraint(session.region().id()));
            }
        });
        try {
            s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(
                    Tag.builder().key(RunNames.RUN_ID_TAG).value(names.runId()).build())));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
        } catch (RuntimeException e) {
            // Untagged, the bucket could never pass PurgeBucket's ownership check; it is still empty,
            // so delete it here rather than leave it behind.
            s3.deleteBucket(r -> r.bucket(bucket));
            throw e;
        }
        teardown.register("artifact bucket " + bucket, () -> PurgeBucket.run(s3, bucket, names, n -> {}));
        log.accept("created artifact bucket " + bucket);
        return bucket;
    }
}
