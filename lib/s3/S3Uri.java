package s3;

import java.util.Objects;

/** An s3://bucket/key address, the form every URI in the render contract takes. */
public record S3Uri(String bucket, String key) {
    public S3Uri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** Parses s3://bucket/key (key may be empty); throws IllegalArgumentException with the reason. */
    public static S3Uri parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("s3 URI without a bucket: " + uri);
        }
        return new S3Uri(bucket, key);
    }

    /** A key below this one treated as a prefix ("a/b" + "c" -> "a/b/c"). */
    public S3Uri child(String name) {
        if (key.isEmpty()) {
            return new S3Uri(bucket, name);
        }
        return new S3Uri(bucket, key.endsWith("/") ? key + name : key + "/" + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
