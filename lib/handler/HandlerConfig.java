package handler;

import contract.ErrorName;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.Map;
import s3.S3Uri;

/**
 * The handler's configuration, read from an explicit environment map (never System.getenv directly)
 * so an in-process harness can configure a handler it loaded in an isolated class loader.
 */
public record HandlerConfig(String renderBucket, Path workRoot, long maxArchiveBytes, Map<String, String> env) {
    public static final String RENDER_BUCKET = "RENDER_BUCKET";
    /** Where per-invocation work directories go; java.io.tmpdir (/tmp on Lambda) when unset. */
    public static final String WORK_ROOT = "RENDERPROOF_WORK_ROOT";
    /** Cap on the bytes a project archive may expand to; lowered by tests. */
    public static final String MAX_ARCHIVE_BYTES = "RENDERPROOF_MAX_ARCHIVE_BYTES";

    public HandlerConfig {
        env = Map.copyOf(env);
    }

    public static HandlerConfig from(Map<String, String> env) {
        String bucket = env.get(RENDER_BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(RENDER_BUCKET + " is not set: the handler only reads and writes its render bucket");
        }
        String root = env.get(WORK_ROOT);
        String cap = env.get(MAX_ARCHIVE_BYTES);
        return new HandlerConfig(bucket,
                Path.of(root == null || root.isBlank() ? System.getProperty("java.io.tmpdir") : root),
                cap == null || cap.isBlank() ? archive.SafeTarGzExtractor.DEFAULT_MAX_BYTES : Long.parseLong(cap),
                env);
    }

    /** Parses an event's S3 URI and insists it lies in the render bucket (S3_URI_NOT_ALLOWED otherwise). */
    public S3Uri allowedUri(String field, String uri) {
        S3Uri parsed;
        try {
            parsed = S3Uri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, field + ": " + e.getMessage());
        }
        if (!parsed.bucket().equals(renderBucket)) {
            throw new RenderFailure(ErrorName.S3_URI_NOT_ALLOWED,
                    field + " points outside the render bucket " + renderBucket + ": " + uri);
        }
        return parsed;
    }

    /** As {@link #allowedUri} for a URI naming an object (non-empty key, not a "directory"). */
    public S3Uri allowedObject(String field, String uri) {
        S3Uri parsed = allowedUri(field, uri);
        if (parsed.key().isEmpty() || parsed.key().endsWith("/")) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, field + " must name an object, not a prefix: " + uri);
        }
        return parsed;
    }
}
