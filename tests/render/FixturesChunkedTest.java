package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import contract.RenderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import json.Json;
import media.BaselineManifest;
import media.DecodedMedia;
import media.Mp4SampleTable;
import media.Psnr;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed fixture: its in-process render reproduces the committed baseline exactly (decoded
 * frames and PCM, what `baseline.java --check` checks, and the raw-frame hashes), and the chunked
 * path (plan, every chunk, assemble) at 1, 2, 3, 4, 5 and 8 chunks matches the baseline:
 * <ul>
 *   <li>the chunks drew exactly the baseline's frames (their raw-frame hashes, in order, are the
 *       baseline's), so no frame is lost, repeated or drawn differently;</li>
 *   <li>every video and audio sample has the baseline's presentation time and duration, exactly, in
 *       the track's own timescale (read from the sample tables, no rounding);</li>
 *   <li>every frame is at or above the fixture's minPsnr (the gate's YUV PSNR) and the PCM is identical.</li>
 * </ul>
 */
class FixturesChunkedTest {
    private static final int[] CHUNK_COUNTS = {1, 2, 3, 4, 5, 8};

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mp4-h264-sdr", "many-cuts", "typography", "media-assets", "silent"})
    void fixtureMatchesItsBaselineAndEveryChunkingMatchesItExactly(String fixture) throws Exception {
        Path src = Path.of("fixtures", fixture, "src");
        JsonNode meta = Json.MAPPER.readTree(Path.of("fixtures", fixture, "meta.json").toFile());
        double minPsnr = meta.path("thresholds").path("minPsnr").asDouble(40);
        RenderConfig config = Json.MAPPER.treeToValue(meta.path("renderConfig"), RenderConfig.class);
        Path baselineMp4 = Path.of("baselines", fixture, "output.mp4");
        BaselineManifest baseline = BaselineManifest.read(Path.of("baselines", fixture, BaselineManifest.FILE_NAME));

        RenderResult whole = RenderOps.renderAll(src, tmp.resolve("all.mp4"));
        assertEquals(List.of(), baseline.differences(DecodedMedia.of(whole.output())), fixture + " no longer renders its baseline");
        assertEquals(baseline.rawFrameHashes(), whole.frameHashes().frames(), fixture + ": raw frames as drawn");

        Mp4SampleTable baselineVideo = Mp4SampleTable.video(baselineMp4);
        Optional<Mp4SampleTable> baselineAudio = Mp4SampleTable.audio(baselineMp4);
        byte[] baselinePcm = baselineAudio.isPresent() ? RenderFixtures.decodePcm(baselineMp4) : null;
        for (int n : CHUNK_COUNTS) {
            Path dir = Files.createDirectories(tmp.resolve("n" + n));
            Plan plan = RenderOps.plan(src, config.withChunking(null, n));
            Path encodedAudio = RenderOps.renderAudio(src, plan, dir.resolve("audio.m4a")).output();
            List<Path> chunks = new ArrayList<>();
            List<String> drawn = new ArrayList<>();
            for (int i = 0; i < plan.chunks().size(); i++) {
                ChunkOutput chunk = RenderOps.renderChunk(src, plan, i, dir.resolve(String.format("%04d.mp4", i)));
                assertEquals(plan.chunks().get(i).start(), chunk.frameHashes().firstFrame());
                drawn.addAll(chunk.frameHashes().frames());
                chunks.add(chunk.output());
            }
            Path out = RenderOps.assemble(plan, chunks, encodedAudio, dir.resolve("out.mp4")).output();
            String label = fixture + " at " + n + " chunks (" + plan.chunks().size() + " rendered)";

            assertEquals(baseline.rawFrameHashes(), drawn, label + ": raw frames as drawn");
            Mp4SampleTable video = Mp4SampleTable.video(out);
            assertEquals(baselineVideo.timescale(), video.timescale(), label + ": video timescale");
            assertEquals(baselineVideo.samples(), video.samples(), label + ": every frame's pts and duration");
            Optional<Mp4SampleTable> audio = Mp4SampleTable.audio(out);
            assertEquals(baselineAudio.isPresent(), audio.isPresent(), label + ": audio track present");
            if (audio.isPresent()) {
                assertEquals(baselineAudio.get().timescale(), audio.get().timescale(), label + ": audio timescale");
                assertEquals(baselineAudio.get().edits(), audio.get().edits(), label + ": audio edit list");
                assertEquals(baselineAudio.get().samples(), audio.get().samples(), label + ": every audio packet's pts and duration");
                assertArrayEquals(baselinePcm, RenderFixtures.decodePcm(out), label + ": decoded PCM");
            }

            Psnr psnr = Psnr.compare(out, baselineMp4);
            assertFalse(psnr.frameCountMismatch(), label + ": frame count " + psnr.candidateFrames());
            assertEquals(0, psnr.framesBelow(minPsnr), label + ": " + psnr.summary(minPsnr));
        }
    }
}
