package handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import contract.ErrorName;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import render.TestFault;
import s3.S3Uri;

/**
 * Which S3 URIs an event may name, rule by rule, on the library class directly (the hostile-event tests
 * in tests/stack go through the built artifact, which mutation testing cannot reach). Each refused
 * input is one that only that rule stops; each accepted input sits on the other side of the same
 * boundary.
 */
class HandlerUriRulesTest {
    private static final String BUCKET = "render-bucket";
    private static final HandlerConfig CONFIG = HandlerConfig.from(Map.of(HandlerConfig.RENDER_BUCKET, BUCKET));
    /** "s3://render-bucket/" is 19 bytes. */
    private static final int URI_OVERHEAD = ("s3://" + BUCKET + "/").length();

    private static ErrorName refusal(Runnable call) {
        return assertThrows(RenderFailure.class, call::run).name();
    }

    private static String key(int bytes) {
        return "k".repeat(bytes);
    }

    @Test
    void aUriOverOneKibibyteIsRefusedBeforeAnythingElse() {
        String atLimit = "s3://" + BUCKET + "/" + key(HandlerConfig.MAX_URI_BYTES - URI_OVERHEAD);
        assertEquals(1024, atLimit.length());
        assertEquals(new S3Uri(BUCKET, key(1024 - URI_OVERHEAD)), CONFIG.allowedObject("OutputS3Uri", atLimit));
        // Only the length rule refuses this: an object in the render bucket, no dot segments.
        RenderFailure over = assertThrows(RenderFailure.class, () -> CONFIG.allowedObject("OutputS3Uri", atLimit + "k"));
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, over.name());
        assertTrue(over.getMessage().startsWith("OutputS3Uri is 1025 bytes"), over.getMessage());
        // Bytes, not characters: 1023 characters, one of them two bytes in UTF-8.
        String multibyte = "s3://" + BUCKET + "/" + "\u00e9" + key(1022 - URI_OVERHEAD);
        assertEquals(1023, multibyte.length());
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedObject("OutputS3Uri", multibyte + "k")));
    }

    @Test
    void whatIsNotAnS3UriIsAnInvalidEvent() {
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedObject("ProjectS3Uri", null)));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedUri("PlanOutputS3Prefix", null)));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedObject("ProjectS3Uri", "https://" + BUCKET + "/p.tar.gz")));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedUri("PlanOutputS3Prefix", "s3:///renders")));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedUri("PlanOutputS3Prefix", "s3://")));
    }

    @Test
    void onlyTheRenderBucketIsAllowed() {
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedObject("ProjectS3Uri", "s3://other-bucket/p.tar.gz")));
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedUri("PlanOutputS3Prefix", "s3://" + BUCKET + "x/r")));
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedUri("PlanOutputS3Prefix", "s3://render/r")));
        assertEquals(new S3Uri(BUCKET, "p.tar.gz"), CONFIG.allowedObject("ProjectS3Uri", "s3://" + BUCKET + "/p.tar.gz"));
    }

    @Test
    void dotAndDotDotKeySegmentsAreRefusedWhereverTheyStand() {
        for (String key : new String[] {"..", ".", "../x", "./x", "a/../x", "a/./x", "a/..", "a/.", "a//../x"}) {
            assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedObject("OutputS3Uri", "s3://" + BUCKET + "/" + key)), key);
            assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedUri("ChunkOutputS3Prefix", "s3://" + BUCKET + "/" + key)), key);
        }
        // A prefix ending in ".." followed by the slash a prefix may carry: the empty last segment is kept.
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, refusal(() -> CONFIG.allowedUri("ChunkOutputS3Prefix", "s3://" + BUCKET + "/a/../")));
        for (String key : new String[] {"..x", ".x", "a/...", "a/..b/c", "a/b.", "a.b/c..d"}) {
            assertEquals(new S3Uri(BUCKET, key), CONFIG.allowedObject("OutputS3Uri", "s3://" + BUCKET + "/" + key), key);
        }
    }

    @Test
    void aPrefixMustLeaveSixtyFourBytesForTheKeysBelowIt() {
        int most = 1024 - HandlerConfig.PREFIX_HEADROOM_BYTES;
        assertEquals(new S3Uri(BUCKET, key(most)), CONFIG.allowedUri("ChunkOutputS3Prefix", "s3://" + BUCKET + "/" + key(most)));
        // Only the headroom rule refuses these: the URI is under 1 KiB, in the bucket, no dot segments.
        RenderFailure over = assertThrows(RenderFailure.class,
                () -> CONFIG.allowedUri("ChunkOutputS3Prefix", "s3://" + BUCKET + "/" + key(most + 1)));
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED, over.name());
        assertTrue(over.getMessage().contains("its key is 961 bytes; at most 960"), over.getMessage());
        assertEquals(ErrorName.S3_URI_NOT_ALLOWED,
                refusal(() -> CONFIG.allowedUri("ChunkOutputS3Prefix", "s3://" + BUCKET + "/\u00e9" + key(most - 1))));
        // An object's key has no such limit: nothing is written below it.
        assertEquals(new S3Uri(BUCKET, key(most + 1)), CONFIG.allowedObject("OutputS3Uri", "s3://" + BUCKET + "/" + key(most + 1)));
    }

    @Test
    void anObjectUriMustNameAnObjectNotAPrefix() {
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedObject("PlanS3Uri", "s3://" + BUCKET)));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedObject("PlanS3Uri", "s3://" + BUCKET + "/")));
        assertEquals(ErrorName.INVALID_EVENT, refusal(() -> CONFIG.allowedObject("PlanS3Uri", "s3://" + BUCKET + "/renders/r1/")));
        assertEquals(new S3Uri(BUCKET, "renders/r1/plan.json"), CONFIG.allowedObject("PlanS3Uri", "s3://" + BUCKET + "/renders/r1/plan.json"));
        // The same URIs are fine as prefixes.
        assertEquals(new S3Uri(BUCKET, ""), CONFIG.allowedUri("PlanOutputS3Prefix", "s3://" + BUCKET));
        assertEquals(new S3Uri(BUCKET, "renders/r1/"), CONFIG.allowedUri("PlanOutputS3Prefix", "s3://" + BUCKET + "/renders/r1/"));
    }

    @Test
    void keysBelowAPrefixJoinWithExactlyOneSlash() {
        assertEquals("s3://b/plan.json", new S3Uri("b", "").child("plan.json").toString());
        assertEquals("s3://b/r1/plan.json", new S3Uri("b", "r1").child("plan.json").toString());
        assertEquals("s3://b/r1/plan.json", new S3Uri("b", "r1/").child("plan.json").toString());
        assertEquals(new S3Uri("b", "a/b/c"), S3Uri.parse("s3://b/a/b/c"));
        assertEquals(new S3Uri("b", ""), S3Uri.parse("s3://b"));
    }

    @Test
    void theConfigurationComesFromTheGivenEnvironmentOnly() {
        assertThrows(IllegalStateException.class, () -> HandlerConfig.from(Map.of()));
        assertThrows(IllegalStateException.class, () -> HandlerConfig.from(Map.of(HandlerConfig.RENDER_BUCKET, " ")));

        HandlerConfig defaults = HandlerConfig.from(Map.of(HandlerConfig.RENDER_BUCKET, BUCKET,
                HandlerConfig.WORK_ROOT, "", HandlerConfig.MAX_ARCHIVE_BYTES, " ", HandlerConfig.MAX_ARCHIVE_ENTRIES, ""));
        assertEquals(BUCKET, defaults.renderBucket());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), defaults.workRoot());
        assertEquals(archive.SafeTarGzExtractor.DEFAULT_MAX_BYTES, defaults.maxArchiveBytes());
        assertEquals(archive.SafeTarGzExtractor.DEFAULT_MAX_ENTRIES, defaults.maxArchiveEntries());
        assertEquals(TestFault.NONE, defaults.testFault());
        assertEquals(archive.SafeTarGzExtractor.DEFAULT_MAX_BYTES,
                HandlerConfig.from(Map.of(HandlerConfig.RENDER_BUCKET, BUCKET)).maxArchiveBytes());

        Map<String, String> env = new HashMap<>(Map.of(HandlerConfig.RENDER_BUCKET, BUCKET, HandlerConfig.WORK_ROOT, "/srv/work",
                HandlerConfig.MAX_ARCHIVE_BYTES, "4096", HandlerConfig.MAX_ARCHIVE_ENTRIES, "7"));
        HandlerConfig set = HandlerConfig.from(env);
        env.put(HandlerConfig.RENDER_BUCKET, "changed-later");
        assertEquals(Path.of("/srv/work"), set.workRoot());
        assertEquals(4096, set.maxArchiveBytes());
        assertEquals(7, set.maxArchiveEntries());
        assertEquals(BUCKET, set.env().get(HandlerConfig.RENDER_BUCKET), "the handler keeps its own copy of the environment");
    }
}
