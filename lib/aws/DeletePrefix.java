package aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Deletes every object version and delete marker under one key prefix of a bucket that is not ours
 * (a --stack run's prefix), leaving the rest of the bucket and the bucket itself alone.
 */
public final class DeletePrefix {
    private DeletePrefix() {}

    /** @return how many versions and markers were deleted */
    public static int run(S3Client s3, String bucket, String prefix) {
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("refusing to delete under '" + prefix + "': a run prefix ends with '/'");
        }
        int deleted = 0;
        while (true) {
            var page = s3.listObjectVersions(r -> r.bucket(bucket).prefix(prefix).maxKeys(PurgeBucket.BATCH));
            List<ObjectIdentifier> batch = new ArrayList<>();
            page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
            if (batch.isEmpty()) {
                return deleted;
            }
            var out = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (!out.errors().isEmpty()) {
                var e = out.errors().get(0);
                throw new IllegalStateException("deleting " + e.key() + " from " + bucket + ": " + e.code() + " " + e.message());
            }
            deleted += batch.size();
        }
    }

    /** Whether anything remains under the prefix. */
    public static boolean empty(S3Client s3, String bucket, String prefix) {
        var page = s3.listObjectVersions(r -> r.bucket(bucket).prefix(prefix).maxKeys(1));
        return page.versions().isEmpty() && page.deleteMarkers().isEmpty();
    }
}
