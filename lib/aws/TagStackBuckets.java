package aws;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Adds this run's tag to the buckets the run's stack created, keeping their own tags. AWS propagates
 * the stack's tags to them anyway; moto does not, and a template other than ours may tag its bucket
 * with nothing of ours, so without this the teardown (which purges only buckets carrying the run's
 * tag) would refuse the stack's own retained bucket.
 */
final class TagStackBuckets {
    private TagStackBuckets() {}

    static void run(AwsSession session, RunNames names, String stackId) {
        for (var res : session.cloudFormation().describeStackResources(r -> r.stackName(stackId)).stackResources()) {
            if (!"AWS::S3::Bucket".equals(res.resourceType()) || res.physicalResourceId() == null) {
                continue;
            }
            String bucket = res.physicalResourceId();
            Map<String, String> tags = new LinkedHashMap<>(BucketTags.of(session.s3(), bucket));
            if (names.owns(tags)) {
                continue;
            }
            tags.put(RunNames.RUN_ID_TAG, names.runId());
            session.s3().putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(
                    tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        }
    }
}
