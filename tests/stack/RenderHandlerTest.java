package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.TarGzPacker;
import com.fasterxml.jackson.databind.JsonNode;
import contract.FrameHashes;
import contract.RenderConfig;
import handler.HandlerConfig;
import handler.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import media.Psnr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import render.RenderOps;
import render.RenderResult;
import s3.DownloadObject;
import s3.S3Uri;

/**
 * The whole distributed pipeline through the handler's public entry (JSON in, JSON out) against a
 * real S3 API over HTTP, exactly as the state machine would drive it: plan, every chunk, assemble.
 * The result must match the in-process render frame for frame.
 */
class RenderHandlerTest {
    private static final double MIN_FRAME_PSNR_DB = 40;

    @TempDir
    Path tmp;

    @Test
    void planChunksAndAssembleMatchTheInProcessRender() throws IOException {
        Path project = tinyProject(tmp.resolve("src"));
        Path workRoot = Files.createDirectories(tmp.resolve("work"));
        try (HandlerHarness h = new HandlerHarness(workRoot, 64L << 20)) {
            Path tgz = tmp.resolve("project.tar.gz");
            TarGzPacker.pack(project, tgz);
            String projectUri = h.put("projects/tiny.tar.gz", tgz);
            String prefix = HandlerHarness.uri("renders/run-1");

            JsonNode plan = h.invoke(Map.of("Action", "plan", "ProjectS3Uri", projectUri, "PlanOutputS3Prefix", prefix,
                    "Config", new RenderConfig(10, 64, 36, "mp4", 8, null)));
            assertEquals(24, plan.path("TotalFrames").asInt());
            assertEquals(3, plan.path("ChunkCount").asInt());
            assertEquals(prefix + "/plan.json", plan.path("PlanS3Uri").asText());
            assertTrue(plan.path("HasAudio").asBoolean());
            assertEquals(prefix + "/audio.m4a", plan.path("AudioS3Uri").asText());
            byte[] planJson = DownloadObject.toBytes(h.s3, S3Uri.parse(plan.path("PlanS3Uri").asText()));
            assertEquals(Sha256.of(planJson), plan.path("PlanHash").asText());
            assertEquals(1, extractions(workRoot), "after plan the work root holds only the project, extracted once");
            assertTrue(h.lastPhases().has("projectExtract"), "plan extracted the project: " + h.lastPhases());

            List<JsonNode> chunks = new ArrayList<>();
            List<String> rawHashes = new ArrayList<>();
            int frames = 0;
            for (int i = plan.path("ChunkCount").asInt() - 1; i >= 0; i--) {
                JsonNode c = h.invoke(Map.of("Action", "renderChunk", "ChunkIndex", i, "PlanS3Uri", plan.path("PlanS3Uri").asText(),
                        "PlanHash", plan.path("PlanHash").asText(), "ChunkOutputS3Prefix", prefix, "Format", "mp4"));
                assertEquals(String.format("%s/chunks/%04d.mp4", prefix, i), c.path("ChunkS3Uri").asText());
                assertEquals(i, c.path("ChunkIndex").asInt());
                assertEquals(64, c.path("Sha256").asText().length());
                assertEquals(String.format("%s/chunks/%04d.frames.json", prefix, i), c.path("FrameHashesS3Uri").asText());
                FrameHashes drawn = FrameHashes.fromJson(DownloadObject.toBytes(h.s3, S3Uri.parse(c.path("FrameHashesS3Uri").asText())));
                assertEquals(FrameHashes.SHA256_BGR24, drawn.algorithm());
                assertEquals(8 * i, drawn.firstFrame());
                assertEquals(c.path("FramesEncoded").asInt(), drawn.frames().size());
                rawHashes.addAll(0, drawn.frames());
                frames += c.path("FramesEncoded").asInt();
                chunks.add(0, c);
                assertTrue(h.lastPhases().has("projectCached"), "chunk " + i + " reused the extraction: " + h.lastPhases());
                assertFalse(h.lastPhases().has("projectExtract"), "chunk " + i + " extracted again: " + h.lastPhases());
            }
            assertEquals(24, frames);
            assertEquals(1, extractions(workRoot), "work directory cleaned after the chunks, the extraction kept");

            String outputUri = HandlerHarness.uri("renders/run-1/output.mp4");
            JsonNode assembled = h.invoke(Map.of("Action", "assemble", "PlanS3Uri", plan.path("PlanS3Uri").asText(),
                    "PlanHash", plan.path("PlanHash").asText(), "Chunks", chunks, "OutputS3Uri", outputUri));
            assertEquals(outputUri, assembled.path("OutputS3Uri").asText());
            assertEquals(24, assembled.path("FramesEncoded").asInt());
            Path distributed = DownloadObject.toFile(h.s3, S3Uri.parse(outputUri), tmp.resolve("distributed.mp4"));
            assertEquals(Files.size(distributed), assembled.path("FileSize").asLong());
            assertEquals(1, extractions(workRoot), "work directory cleaned after assemble, the extraction kept");
            assertFalse(h.lastPhases().has("audio"), "assemble encodes nothing: " + h.lastPhases());

            RenderResult local = RenderOps.renderAll(project, tmp.resolve("local.mp4"));
            assertEquals(local.frameHashes().frames(), rawHashes, "the chunks drew exactly the frames the in-process render drew");
            Psnr psnr = Psnr.compare(distributed, local.output());
            assertFalse(psnr.frameCountMismatch(), psnr.candidateFrames() + " vs " + psnr.referenceFrames());
            assertEquals(24, psnr.comparedFrames());
            assertEquals(0, psnr.framesBelow(MIN_FRAME_PSNR_DB), "frames below " + MIN_FRAME_PSNR_DB + " dB: " + psnr.perFrame());
            System.out.printf("handler pipeline: 3 chunks, 24 frames, per-frame PSNR min %.1f dB, mean %.1f dB%n",
                    psnr.min(), psnr.mean());
        }
    }

    @Test
    void aTestFaultInTheHandlerEnvironmentIsAppliedAndABadOneRefused() throws IOException {
        Path project = tinyProject(tmp.resolve("src"));
        RenderConfig config = new RenderConfig(10, 64, 36, "mp4", 8, null);
        try (HandlerHarness h = new HandlerHarness(Files.createDirectories(tmp.resolve("work")), 64L << 20,
                Map.of(HandlerConfig.TEST_FAULT, "corrupt-block:3;no-frame-hashes"))) {
            Path tgz = tmp.resolve("project.tar.gz");
            TarGzPacker.pack(project, tgz);
            String prefix = HandlerHarness.uri("renders/faulty");
            JsonNode plan = h.invoke(Map.of("Action", "plan", "ProjectS3Uri", h.put("projects/tiny.tar.gz", tgz),
                    "PlanOutputS3Prefix", prefix, "Config", config));
            JsonNode chunk = h.invoke(Map.of("Action", "renderChunk", "ChunkIndex", 0, "PlanS3Uri", plan.path("PlanS3Uri").asText(),
                    "PlanHash", plan.path("PlanHash").asText(), "ChunkOutputS3Prefix", prefix, "Format", "mp4"));
            assertFalse(chunk.has("FrameHashesS3Uri"), "no-frame-hashes: the result names no hashes: " + chunk);

            render.Plan local = RenderOps.plan(project, config);
            Path cleanChunk = RenderOps.renderChunk(project, local, 0, tmp.resolve("clean-0.mp4")).output();
            assertNotEquals(Sha256.of(cleanChunk), chunk.path("Sha256").asText(), "corrupt-block:3 changed the chunk");
        }
        Map<String, String> env = Map.of(HandlerConfig.RENDER_BUCKET, "b", HandlerConfig.TEST_FAULT, "drop-everything");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new handler.RenderRequestHandler(env));
        assertTrue(e.getMessage().contains("drop-everything"), e.getMessage());
    }

    @Test
    void aChangedArchiveIsExtractedAgainAndAMissingExtractionIsNotTrusted() throws IOException {
        Path project = tinyProject(tmp.resolve("changing"));
        Path workRoot = Files.createDirectories(tmp.resolve("work-changing"));
        try (HandlerHarness h = new HandlerHarness(workRoot, 64L << 20)) {
            Path tgz = tmp.resolve("changing.tar.gz");
            TarGzPacker.pack(project, tgz);
            String uri = h.put("projects/changing.tar.gz", tgz);
            Map<String, Object> planEvent = Map.of("Action", "plan", "ProjectS3Uri", uri,
                    "PlanOutputS3Prefix", HandlerHarness.uri("renders/changing"), "Config", new RenderConfig(10, 64, 36, "mp4", 8, null));
            assertEquals(24, h.invoke(planEvent).path("TotalFrames").asInt());
            assertEquals(24, h.invoke(planEvent).path("TotalFrames").asInt());
            assertTrue(h.lastPhases().has("projectCached"), "the same archive again: " + h.lastPhases());

            Path composition = project.resolve("composition.json");
            Files.writeString(composition, Files.readString(composition).replace("\"durationFrames\": 24", "\"durationFrames\": 30"));
            TarGzPacker.pack(project, tgz);
            h.put("projects/changing.tar.gz", tgz);
            assertEquals(30, h.invoke(planEvent).path("TotalFrames").asInt(), "the new archive's composition");
            assertTrue(h.lastPhases().has("projectExtract"), "a new version under the same key: " + h.lastPhases());

            try (Stream<Path> cache = Files.list(workRoot); Stream<Path> walk = Files.walk(cache.findFirst().orElseThrow())) {
                walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.getParent().equals(workRoot))
                        .forEach(p -> p.toFile().delete());
            }
            assertEquals(30, h.invoke(planEvent).path("TotalFrames").asInt());
            assertTrue(h.lastPhases().has("projectExtract"), "a vanished extraction is made again: " + h.lastPhases());

            for (int k = 0; k < 4; k++) {
                Files.writeString(composition, Files.readString(composition).replace("\"volume\"", "\"volume\" ").strip());
                TarGzPacker.pack(project, tgz);
                h.invoke(Map.of("Action", "plan", "ProjectS3Uri", h.put("projects/other-" + k + ".tar.gz", tgz),
                        "PlanOutputS3Prefix", HandlerHarness.uri("renders/other"), "Config", new RenderConfig(10, 64, 36, "mp4", 8, null)));
            }
            assertTrue(extractions(workRoot) <= 2, "unused extractions are evicted beyond the newest two: " + extractions(workRoot));
        }
    }

    /** Extracted projects in the environment's cache directory, asserting the work root holds nothing else. */
    private static int extractions(Path workRoot) throws IOException {
        List<String> top = list(workRoot);
        assertEquals(1, top.size(), "the work root holds only the project cache: " + top);
        assertTrue(top.get(0).startsWith("renderproof-projects-"), top.get(0));
        return list(workRoot.resolve(top.get(0))).size();
    }

    private static Path tinyProject(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("composition.json"), """
                {"width": 64, "height": 36, "fps": 10, "durationFrames": 24, "background": "#102030",
                 "layers": [
                   {"type": "rect", "width": 10, "height": 36, "fill": {"color": "#ff3300"},
                    "transform": {"x": [{"frame": 0, "value": 0}, {"frame": 23, "value": 64}], "y": 18}},
                   {"type": "text", "text": "{frame}", "size": 14, "fill": {"color": "#ffffff"}, "transform": {"x": 40, "y": 24}}
                 ],
                 "audio": [{"type": "tone", "frequency": 440, "durationFrames": 24, "volume": 0.4, "fadeInFrames": 2, "fadeOutFrames": 2}]}
                """);
        return dir;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
