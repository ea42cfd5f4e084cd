package aws;

import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import teardown.Teardown;

/**
 * The per-run bucket that holds the handler artifact (and the template's inputs): private, tagged with
 * the run id, and registered for purge before it is created.
 */
public final class CreateArtifactBucket {
    private CreateArtifactBucket() {}

    public static String run(AwsSession session, RunNames names, Teardown teardown, Consumer<String> log) {
        S3Client s3 = session.s3();
        String bucket = names.artifactBucket();
        // Registered before CreateBucket: a signal during the call still finds it in the registry.
        teardown.register("artifact bucket " + bucket, () -> removeOwnOrUntagged(s3, bucket, names));
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
        log.accept("created artifact bucket " + bucket);
        return bucket;
    }

    /**
     * The undo. Pre-flight proved the name free, so a bucket under it that is still untagged was
     * created by this run and interrupted before tagging; it is still empty, and DeleteBucket refuses
     * a non-empty bucket, so deleting it cannot take anyone's objects.
     */
    private static void removeOwnOrUntagged(S3Client s3, String bucket, RunNames names) {
        try {
            if (BucketTags.of(s3, bucket).isEmpty()) {
                s3.deleteBucket(r -> r.bucket(bucket));
                return;
            }
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException gone) {
            return;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw e;
        }
        PurgeBucket.run(s3, bucket, names, n -> {});
    }
}
