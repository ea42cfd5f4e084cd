package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import contract.FrameHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import json.Json;
import media.BaselineManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3.S3Uri;

/**
 * Which raw-frame hashes the exact drawing check gets, from an execution history and a baseline
 * manifest, and every reason it is skipped instead. The chunks' records are served from a map in
 * place of the render bucket (the real download, over HTTP from the embedded S3, runs in
 * SmokeEmbeddedTest): what is decided here is which objects are fetched and how they are joined.
 */
class ChunkFrameHashesTest {
    private static final String ALG = FrameHashes.SHA256_BGR24;

    @TempDir
    Path dir;
    private Path baselineMp4;
    private final Map<String, FrameHashes> bucket = new LinkedHashMap<>();
    private final List<String> fetched = new ArrayList<>();
    private final BiConsumer<S3Uri, Path> download = (uri, file) -> {
        fetched.add("s3://" + uri.bucket() + "/" + uri.key() + " -> " + file.getFileName());
        try {
            Files.write(file, bucket.get("s3://" + uri.bucket() + "/" + uri.key()).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @BeforeEach
    void baselineDirectory() throws IOException {
        baselineMp4 = Files.createDirectories(dir.resolve("baselines/fx")).resolve("output.mp4");
    }

    private void manifest(FrameHashes raw) {
        new BaselineManifest("fx", "1", "4.4.1", "4.4.1", "test", "0", 6, 30, 64, 36, 200, false, null, "yuv420p", null, raw, List.of())
                .write(baselineMp4.resolveSibling(BaselineManifest.FILE_NAME));
    }

    /** A TaskSucceeded event whose output is the given JSON text (Step Functions stores it as a string). */
    private static Map<String, Object> succeeded(String output) {
        return Map.of("type", "TaskSucceeded", "taskSucceededEventDetails", Map.of("output", output));
    }

    private static String chunk(int index, String hashesUri) {
        return "{\"ChunkIndex\":" + index + ",\"ChunkS3Uri\":\"s3://b/chunks/" + index + ".mp4\""
                + (hashesUri == null ? "" : ",\"FrameHashesS3Uri\":\"" + hashesUri + "\"") + "}";
    }

    private static JsonNode history(Object... events) {
        return Json.MAPPER.valueToTree(Map.of("events", List.of(events)));
    }

    private GateResult.RawFrames collect(JsonNode history) {
        return ChunkFrameHashes.collect(history, download, baselineMp4, k -> dir.resolve("chunk" + k + ".frames.json"));
    }

    @Test
    void theChunksHashesAreJoinedInFrameOrderAndComparedWithTheBaselines() {
        manifest(new FrameHashes(ALG, 64, 36, 0, List.of("a", "b", "c", "d", "e", "f")));
        bucket.put("s3://b/h/0.json", new FrameHashes(ALG, 64, 36, 0, List.of("a", "b", "c")));
        bucket.put("s3://b/h/1.json", new FrameHashes(ALG, 64, 36, 3, List.of("d", "e", "x")));
        // The history lists chunk 1 first, and wraps chunk 0's result in a Lambda Payload.
        GateResult.RawFrames raw = collect(history(succeeded(chunk(1, "s3://b/h/1.json")),
                succeeded("{\"Payload\":" + chunk(0, "s3://b/h/0.json") + "}")));
        assertNull(raw.unavailable());
        assertEquals(List.of("a", "b", "c", "d", "e", "x"), raw.output());
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), raw.baseline());
        assertEquals(List.of("s3://b/h/0.json -> chunk0.frames.json", "s3://b/h/1.json -> chunk1.frames.json"), fetched);
        assertTrue(Files.isRegularFile(dir.resolve("chunk1.frames.json")), "each record is kept next to the render's artifacts");
    }

    @Test
    void withoutABaselineManifestTheCheckIsSkipped() {
        assertEquals("the baseline has no baseline.json with raw-frame hashes", collect(history()).unavailable());
        assertEquals("the baseline has no baseline.json with raw-frame hashes",
                ChunkFrameHashes.collect(history(), download, null, k -> dir.resolve("unused")).unavailable());
    }

    @Test
    void aManifestWithoutRawHashesSkipsTheCheck() {
        manifest(null);
        String why = collect(history(succeeded(chunk(0, "s3://b/h/0.json")))).unavailable();
        assertEquals(baselineMp4.resolveSibling("baseline.json") + " holds no raw-frame hashes", why);
        assertEquals(List.of(), fetched);
    }

    @Test
    void aStackWhoseChunksReportNoHashesIsSkippedWithTheReason() {
        manifest(new FrameHashes(ALG, 64, 36, 0, List.of("a")));
        assertEquals("this stack's chunks report no raw-frame hashes (no FrameHashesS3Uri in their results)",
                collect(history(succeeded(chunk(0, null)), succeeded(chunk(1, null)))).unavailable());
    }

    @Test
    void chunksThatReportNoHashesAreNamed() {
        manifest(new FrameHashes(ALG, 64, 36, 0, List.of("a")));
        GateResult.RawFrames raw = collect(history(succeeded(chunk(0, "s3://b/h/0.json")), succeeded(chunk(1, null)),
                succeeded(chunk(2, null))));
        assertEquals("chunks [1, 2] report no raw-frame hashes", raw.unavailable());
        assertNull(raw.output());
        assertEquals(List.of(), fetched, "nothing is fetched for a check that cannot run");
    }

    @Test
    void hashesOfAnotherAlgorithmAreNotCompared() {
        manifest(new FrameHashes(ALG, 64, 36, 0, List.of("a", "b")));
        bucket.put("s3://b/h/0.json", new FrameHashes(ALG, 64, 36, 0, List.of("a")));
        bucket.put("s3://b/h/1.json", new FrameHashes("md5-rgb", 64, 36, 1, List.of("b")));
        assertEquals("chunks hash with md5-rgb, the baseline with sha256-bgr24",
                collect(history(succeeded(chunk(0, "s3://b/h/0.json")), succeeded(chunk(1, "s3://b/h/1.json")))).unavailable());
    }

    @Test
    void onlySucceededChunkTasksCountAndARetriedChunkOnce() {
        String first = chunk(1, "s3://b/h/1a.json");
        List<JsonNode> results = ChunkFrameHashes.chunkResults(history(
                Map.of("type", "TaskFailed"),
                Map.of("type", "TaskScheduled", "taskSucceededEventDetails", Map.of("output", chunk(9, null))),
                succeeded(first),
                succeeded("not json"),
                succeeded("{\"ChunkIndex\":5}"),
                succeeded("{\"ChunkS3Uri\":\"s3://b/plan\"}"),
                succeeded(chunk(1, "s3://b/h/1b.json")),
                succeeded("{\"Payload\":" + chunk(0, null) + "}"),
                Map.of("type", "TaskSucceeded")));
        assertEquals(2, results.size(), results.toString());
        assertEquals(0, results.get(0).get("ChunkIndex").asInt(), "in chunk order");
        assertEquals("s3://b/h/1a.json", results.get(1).get("FrameHashesS3Uri").asText(), "the first success of a chunk stands");
    }

    @Test
    void aHistoryMayBeTheBareEventList() {
        JsonNode bare = Json.MAPPER.valueToTree(List.of(succeeded(chunk(3, null))));
        assertEquals(3, ChunkFrameHashes.chunkResults(bare).get(0).get("ChunkIndex").asInt());
    }
}
