package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import contract.RenderConfig;
import handler.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile events through the built handler artifact (loaded in isolation, as --embedded and Lambda run
 * it), against a real S3 API: each must fail with its contract error type before any rendering
 * happens, and leave nothing in or beside the work root.
 */
class RenderHandlerSecurityTest {
    private static final int CAP = 4096;
    private static final RenderConfig CONFIG = new RenderConfig(10, 64, 36, "mp4", 10, null);

    @TempDir
    static Path sandbox;
    static HandlerHarness h;
    static Path workRoot;

    @BeforeAll
    static void start() throws IOException {
        workRoot = Files.createDirectories(sandbox.resolve("work"));
        h = new HandlerHarness(workRoot, CAP);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Map<String, Object> planEvent(String projectUri, String prefix) {
        return Map.of("Action", "plan", "ProjectS3Uri", projectUri, "PlanOutputS3Prefix", prefix, "Config", CONFIG);
    }

    @Test
    void hostileArchivesFailAsInvalidProjectArchiveAndWriteNothingOutside() throws IOException {
        Path outside = sandbox.resolve("outside-target");
        for (var c : MaliciousArchives.cases(outside, CAP + 1).entrySet()) {
            Path tgz = MaliciousArchives.build(Files.createTempFile(sandbox, c.getKey(), ".tar.gz"), c.getValue());
            String uri = h.put("projects/" + c.getKey() + ".tar.gz", tgz);
            Files.delete(tgz);
            assertEquals("INVALID_PROJECT_ARCHIVE", h.errorType(planEvent(uri, HandlerHarness.uri("renders/r1"))), c.getKey());
            assertFalse(Files.exists(outside), c.getKey() + " wrote " + outside);
            assertEquals(List.of(), leftovers(workRoot), c.getKey() + " left files in the work root");
            assertEquals(List.of("work"), list(sandbox), c.getKey() + " wrote beside the work root");
        }
    }

    @Test
    void urisOutsideTheRenderBucketAreRefused() {
        String foreign = "s3://" + HandlerHarness.OTHER_BUCKET + "/x";
        assertEquals("S3_URI_NOT_ALLOWED", h.errorType(planEvent(foreign + ".tar.gz", HandlerHarness.uri("r"))));
        assertEquals("S3_URI_NOT_ALLOWED", h.errorType(planEvent(HandlerHarness.uri("p.tar.gz"), foreign)));
        assertEquals("S3_URI_NOT_ALLOWED", h.errorType(Map.of("Action", "renderChunk", "ChunkIndex", 0,
                "PlanS3Uri", foreign + "/plan.json", "PlanHash", "00", "ChunkOutputS3Prefix", HandlerHarness.uri("r"),
                "Format", "mp4")));
        assertEquals("S3_URI_NOT_ALLOWED", h.errorType(Map.of("Action", "assemble", "PlanS3Uri", HandlerHarness.uri("r/plan.json"),
                "PlanHash", "00", "Chunks", List.of(Map.of("ChunkS3Uri", foreign, "ChunkIndex", 0, "Sha256", "00")),
                "OutputS3Uri", HandlerHarness.uri("r/out.mp4"))));
        assertEquals("S3_URI_NOT_ALLOWED", h.errorType(Map.of("Action", "assemble", "PlanS3Uri", HandlerHarness.uri("r/plan.json"),
                "PlanHash", "00", "Chunks", List.of(), "OutputS3Uri", foreign + "/out.mp4")));
    }

    @Test
    void aTamperedPlanHashIsRefused() {
        byte[] plan = """
                {"ProjectS3Uri":"s3://renders/p.tar.gz","AudioS3Uri":null,"Plan":{"totalFrames":20,"fps":10,
                "width":64,"height":36,"format":"mp4","chunkSize":10,"chunks":[{"start":0,"endExclusive":10},
                {"start":10,"endExclusive":20}],"hasAudio":false}}""".getBytes(StandardCharsets.UTF_8);
        String planUri = h.putBytes("renders/t/plan.json", plan);
        String tampered = Sha256.of((new String(plan, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));
        assertEquals("PLAN_HASH_MISMATCH", h.errorType(Map.of("Action", "renderChunk", "ChunkIndex", 0, "PlanS3Uri", planUri,
                "PlanHash", tampered, "ChunkOutputS3Prefix", HandlerHarness.uri("renders/t"), "Format", "mp4")));
        assertEquals("PLAN_HASH_MISMATCH", h.errorType(Map.of("Action", "assemble", "PlanS3Uri", planUri, "PlanHash", tampered,
                "Chunks", List.of(), "OutputS3Uri", HandlerHarness.uri("renders/t/out.mp4"))));
        String real = Sha256.of(plan);
        assertEquals("CHUNK_COUNT_MISMATCH", h.errorType(Map.of("Action", "assemble", "PlanS3Uri", planUri, "PlanHash", real,
                "Chunks", List.of(Map.of("ChunkS3Uri", HandlerHarness.uri("renders/t/chunks/0000.mp4"), "ChunkIndex", 0,
                        "Sha256", "00")), "OutputS3Uri", HandlerHarness.uri("renders/t/out.mp4"))));
        assertEquals("INVALID_EVENT", h.errorType(Map.of("Action", "renderChunk", "ChunkIndex", 7, "PlanS3Uri", planUri,
                "PlanHash", real, "ChunkOutputS3Prefix", HandlerHarness.uri("renders/t"), "Format", "mp4")));
    }

    @Test
    void malformedEventsFailAsInvalidEventWithAClearMessage() {
        assertEquals("INVALID_EVENT", h.errorType(Map.of("Action", "explode")));
        assertEquals("INVALID_EVENT", h.errorType(Map.of("NoAction", true)));
        assertEquals("INVALID_EVENT", h.errorType(Map.of("Action", "plan", "ProjectS3Uri", HandlerHarness.uri("p.tar.gz"))));
        assertEquals("INVALID_EVENT", h.errorType(planEvent("https://example.com/p.tar.gz", HandlerHarness.uri("r"))));
        assertEquals("INVALID_EVENT", h.errorType(planEvent(HandlerHarness.uri("missing.tar.gz"), HandlerHarness.uri("r"))));
        var missingField = assertThrows(HandlerHarness.InvocationFailed.class,
                () -> h.invoke(Map.of("Action", "renderChunk", "PlanS3Uri", HandlerHarness.uri("x"))));
        assertEquals("INVALID_EVENT", missingField.errorType);
        assertEquals("event field ChunkIndex is required for Action renderChunk", missingField.getMessage());
    }

    /**
     * What the work root holds besides the environment's (empty) project cache directory: a refused
     * archive must leave no partial extraction there either.
     */
    private static List<String> leftovers(Path workRoot) throws IOException {
        try (Stream<Path> s = Files.walk(workRoot)) {
            return s.filter(p -> !p.equals(workRoot))
                    .filter(p -> !(p.getParent().equals(workRoot) && p.getFileName().toString().startsWith("renderproof-projects-")))
                    .map(p -> workRoot.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
