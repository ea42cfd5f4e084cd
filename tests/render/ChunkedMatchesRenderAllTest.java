package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import contract.RenderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedMatchesRenderAllTest {
    /**
     * RGB PSNR between two x264 encodes whose keyframes sit at different frames, on a worst case:
     * testsrc2, scaled and rotated, at 160x90. Measured 34.3 dB minimum at 8 chunks (CRF 16); one
     * chunk is bit-identical. A lost or repeated frame is caught by the neighbour check, not this floor.
     */
    private static final double MIN_PSNR_DB = 32;

    @TempDir
    static Path tmp;
    static Path project;
    static RenderResult whole;
    static byte[] wholeFrames;
    static byte[] wholePcm;
    static int frameBytes;

    @BeforeAll
    static void renderAll() throws Exception {
        project = RenderFixtures.smallProject(tmp.resolve("src"));
        whole = RenderOps.renderAll(project, tmp.resolve("all.mp4"));
        wholeFrames = RenderFixtures.decodeRgb(whole.output());
        wholePcm = RenderFixtures.decodePcm(whole.output());
        frameBytes = 160 * 90 * 3;
    }

    @Test
    void renderAllHasEveryFrameAndAudioEndingWithTheVideo() {
        assertEquals(40, whole.frames());
        assertTrue(whole.hasAudio());
        assertEquals(40 * frameBytes, wholeFrames.length);
        // 40 frames at 30 fps = 64000 samples. ffmpeg 4.4's MP4 muxer writes the edit list in a fixed
        // 1/1000 s movie timescale (no -movie_timescale yet), so the container's audio ends on the
        // millisecond at or before that; ffmpeg decodes the last AAC frame whole, so the decoded PCM
        // may run up to one frame (1024 samples) longer.
        assertAudioEndsWithTheVideo(whole.output());
        assertTrue(wholePcm.length >= 64_000 * 4 && wholePcm.length < (64_000 + 1024) * 4, "decoded PCM bytes " + wholePcm.length);
    }

    @Test
    void oneChunk() throws Exception {
        chunkedMatches(1);
    }

    @Test
    void twoChunks() throws Exception {
        chunkedMatches(2);
    }

    @Test
    void threeChunks() throws Exception {
        chunkedMatches(3);
    }

    @Test
    void fourChunks() throws Exception {
        chunkedMatches(4);
    }

    @Test
    void eightChunks() throws Exception {
        chunkedMatches(8);
    }

    private static void assertAudioEndsWithTheVideo(Path mp4) {
        long end = RenderFixtures.audioEndSample(mp4);
        assertTrue(end <= 64_000 && end > 64_000 - 48, "audio ends at sample " + end + ", the video at 64000");
    }

    private static void chunkedMatches(int chunks) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("n" + chunks));
        int size = (40 + chunks - 1) / chunks;
        Plan plan = RenderOps.plan(project, new RenderConfig(30, 160, 90, "mp4", size, null));
        Path audio = RenderOps.renderAudio(project, plan, dir.resolve("audio.m4a")).output();
        assertEquals(chunks, plan.chunks().size());
        assertTrue(plan.hasAudio());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            ChunkOutput out = RenderOps.renderChunk(project, plan, i, dir.resolve(String.format("%04d.mp4", i)));
            assertEquals(plan.chunks().get(i).endExclusive() - plan.chunks().get(i).start(), out.framesEncoded());
            files.add(out.output());
        }
        AssembleOutput assembled = RenderOps.assemble(plan, files, audio, dir.resolve("out.mp4"));
        assertEquals(40, assembled.framesEncoded());
        assertEquals(Files.size(assembled.output()), assembled.fileSize());

        byte[] frames = RenderFixtures.decodeRgb(assembled.output());
        assertEquals(wholeFrames.length, frames.length, "decoded frame count");
        for (int f = 0; f < 40; f++) {
            double same = RenderFixtures.psnr(frames, f, wholeFrames, f, frameBytes);
            assertTrue(same >= MIN_PSNR_DB, "frame " + f + " of " + chunks + " chunks: PSNR " + same);
            // A dropped or repeated frame would match a neighbour better than its own index.
            for (int n : new int[] {f - 1, f + 1}) {
                if (n >= 0 && n < 40) {
                    double neighbour = RenderFixtures.psnr(frames, f, wholeFrames, n, frameBytes);
                    assertTrue(neighbour < same - 6, "frame " + f + " looks like frame " + n + " (" + neighbour + " vs " + same + " dB)");
                }
            }
        }
        assertAudioEndsWithTheVideo(assembled.output());
        assertArrayEquals(wholePcm, RenderFixtures.decodePcm(assembled.output()), "decoded PCM of " + chunks + " chunks");
    }
}
