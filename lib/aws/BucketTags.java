package aws;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** A bucket's tags as a map; an untagged bucket answers NoSuchTagSet, which is just "no tags". */
final class BucketTags {
    private BucketTags() {}

    static Map<String, String> of(S3Client s3, String bucket) {
        try {
            return s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        } catch (S3Exception e) {
            if (e.awsErrorDetails() != null && "NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) {
                return Map.of();
            }
            throw e;
        }
    }
}
