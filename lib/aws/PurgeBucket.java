package aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Empties a bucket of every object version and delete marker, then deletes it. With versioning
 * Suspended a plain delete only adds a marker and the bucket stays non-empty, so versions are what
 * must go. Refuses a bucket that does not carry this run's tag.
 */
public final class PurgeBucket {
    /** DeleteObjects' limit per request. */
    public static final int BATCH = 1000;

    private PurgeBucket() {}

    /**
     * @param batchSizes told the size of each DeleteObjects batch (tests count them)
     * @return false if the bucket was already gone
     */
    public static boolean run(S3Client s3, String bucket, RunNames owner, IntConsumer batchSizes) {
        try {
            var tags = BucketTags.of(s3, bucket);
            if (!owner.owns(tags)) {
                throw new IllegalStateException("bucket " + bucket + " does not carry run " + owner.runId()
                        + "'s tag (" + RunNames.RUN_ID_TAG + "); not purging it");
            }
            List<ObjectIdentifier> pending = new ArrayList<>();
            while (true) {
                ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(BATCH));
                page.versions().forEach(v -> pending.add(id(v.key(), v.versionId())));
                page.deleteMarkers().forEach(m -> pending.add(id(m.key(), m.versionId())));
                if (pending.isEmpty()) {
                    break;
                }
                // Listing restarts from the top after each delete instead of following markers, so
                // nothing written meanwhile by a straggling chunk is skipped.
                while (!pending.isEmpty()) {
                    List<ObjectIdentifier> batch = new ArrayList<>(pending.subList(0, Math.min(BATCH, pending.size())));
                    pending.subList(0, batch.size()).clear();
                    DeleteObjectsResponse out = s3.deleteObjects(r -> r.bucket(bucket)
                            .delete(d -> d.objects(batch).quiet(true)));
                    batchSizes.accept(batch.size());
                    if (!out.errors().isEmpty()) {
                        var e = out.errors().get(0);
                        throw new IllegalStateException("deleting " + e.key() + " from " + bucket + ": "
                                + e.code() + " " + e.message() + " (" + out.errors().size() + " errors)");
                    }
                }
            }
            s3.deleteBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && e.awsErrorDetails() != null
                    && "NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw e;
        }
    }

    private static ObjectIdentifier id(String key, String versionId) {
        // Objects written while versioning is Suspended have the literal version id "null", and it
        // must be passed back as such: a delete without it only stacks another marker on the key.
        return ObjectIdentifier.builder().key(key).versionId(versionId).build();
    }
}
