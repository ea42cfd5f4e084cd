package handler;

import contract.ErrorName;
import contract.RenderFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import render.TestFault;
import s3.S3Uri;

/**
 * The handler's configuration, read from an explicit environment map (never System.getenv directly)
 * so an in-process harness can configure a handler it loaded in an isolated class loader.
 */
public record HandlerConfig(String renderBucket, Path workRoot, long maxArchiveBytes, int maxArchiveEntries,
                            TestFault testFault,
                            Map<String, String> env) {
    public static final String RENDER_BUCKET = "RENDER_BUCKET";
    /** Where per-invocation work directories go; java.io.tmpdir (/tmp on Lambda) when unset. */
    public static final String WORK_ROOT = "RENDERPROOF_WORK_ROOT";
    /** Cap on the bytes a project archive may expand to; lowered by tests. */
    public static final String MAX_ARCHIVE_BYTES = "RENDERPROOF_MAX_ARCHIVE_BYTES";
    /** Cap on the entries of a project archive; lowered by tests. */
    public static final String MAX_ARCHIVE_ENTRIES = "RENDERPROOF_MAX_ARCHIVE_ENTRIES";
    /** S3 keys are at most 1,024 bytes, so no longer URI can name an object. */
    public static final int MAX_URI_BYTES = 1024;
    /** Room a prefix leaves for the names the handler writes below it (plan.json, chunks/NNNN.mp4...). */
    public static final int PREFIX_HEADROOM_BYTES = 64;
    private static final int S3_MAX_KEY_BYTES = 1024;
    /**
     * Test only: a fault to inject on purpose (render.TestFault, docs/faults.md), so tests can prove the
     * gates catch what a faulty distributed renderer produces, through this very handler. Harmless in
     * production: the template never sets it, a function's environment can only be changed by someone
     * who could as well replace its code, and an active fault is logged on every invocation
     * (handler_start carries "testFault"), so it cannot pass unnoticed.
     */
    public static final String TEST_FAULT = "RENDERPROOF_TEST_FAULT";

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
        String entries = env.get(MAX_ARCHIVE_ENTRIES);
        return new HandlerConfig(bucket,
                Path.of(root == null || root.isBlank() ? System.getProperty("java.io.tmpdir") : root),
                cap == null || cap.isBlank() ? archive.SafeTarGzExtractor.DEFAULT_MAX_BYTES : Long.parseLong(cap),
                entries == null || entries.isBlank() ? archive.SafeTarGzExtractor.DEFAULT_MAX_ENTRIES : Integer.parseInt(entries),
                TestFault.parse(env.get(TEST_FAULT)), env);
    }

    /**
     * Parses an event's S3 URI used as a prefix and insists it lies in the render bucket
     * (S3_URI_NOT_ALLOWED otherwise) and leaves room for the keys written below it.
     */
    public S3Uri allowedUri(String field, String uri) {
        S3Uri parsed = inRenderBucket(field, uri);
        if (bytes(parsed.key()) > S3_MAX_KEY_BYTES - PREFIX_HEADROOM_BYTES) {
            throw new RenderFailure(ErrorName.S3_URI_NOT_ALLOWED, field + " leaves no room for the keys written below it"
                    + " (its key is " + bytes(parsed.key()) + " bytes; at most " + (S3_MAX_KEY_BYTES - PREFIX_HEADROOM_BYTES) + ")");
        }
        return parsed;
    }

    /** As {@link #allowedUri} for a URI naming an object (non-empty key, not a "directory"). */
    public S3Uri allowedObject(String field, String uri) {
        S3Uri parsed = inRenderBucket(field, uri);
        if (parsed.key().isEmpty() || parsed.key().endsWith("/")) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, field + " must name an object, not a prefix: " + uri);
        }
        return parsed;
    }

    /**
     * Every URI of an event: at most 1 KiB, in the render bucket, and free of "." and ".." key segments,
     * which HTTP clients and servers may collapse into a different key than the one that was checked.
     * These are permanent: retrying the same event can only fail the same way.
     */
    private S3Uri inRenderBucket(String field, String uri) {
        if (uri != null && bytes(uri) > MAX_URI_BYTES) {
            throw new RenderFailure(ErrorName.S3_URI_NOT_ALLOWED,
                    field + " is " + bytes(uri) + " bytes, over the " + MAX_URI_BYTES + "-byte limit for an S3 URI");
        }
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
        for (String segment : parsed.key().split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new RenderFailure(ErrorName.S3_URI_NOT_ALLOWED,
                        field + " has a '" + segment + "' segment in its key: " + uri);
            }
        }
        return parsed;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
