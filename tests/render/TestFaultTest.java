package render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import contract.RenderConfig;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import media.Ffmpeg;
import media.Mp4SampleTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test-only fault (docs/faults.md) really changes what the renderer produces, in the way its
 * name says. Not a gate test: the gates' tests inject these through the real handler on --embedded.
 * Kept cheap: a 160x90, 40-frame project in four chunks of 10, rendered clean once; each fault
 * re-renders only the chunk it affects, or only re-assembles.
 */
class TestFaultTest {
    private static final int CHUNK = 10;

    @TempDir
    static Path tmp;
    static Path project;
    static Plan plan;
    static List<ChunkOutput> clean = new ArrayList<>();
    static Path cleanOutput;

    @BeforeAll
    static void renderClean() throws Exception {
        project = RenderFixtures.smallProject(tmp.resolve("src"));
        plan = RenderOps.plan(project, new RenderConfig(30, 160, 90, "mp4", CHUNK, null));
        for (int i = 0; i < plan.chunks().size(); i++) {
            clean.add(RenderOps.renderChunk(project, plan, i, tmp.resolve("clean-" + i + ".mp4")));
        }
        cleanOutput = assemble("clean", TestFault.NONE, List.of()).output();
    }

    @Test
    void specsAreParsedStrictly() {
        assertEquals("drop-frame:30", TestFault.parse("drop-frame:30").toString());
        assertEquals("corrupt-block:4;no-frame-hashes", TestFault.parse(" corrupt-block:4 ; no-frame-hashes").toString());
        assertTrue(TestFault.parse(null).isNone());
        assertTrue(TestFault.parse(" ").isNone());
        assertThrows(IllegalArgumentException.class, () -> TestFault.parse("drop-frames:3"));
        assertThrows(IllegalArgumentException.class, () -> TestFault.parse("drop-frame"));
        assertThrows(IllegalArgumentException.class, () -> TestFault.parse("seam-drift:2"));
        assertThrows(IllegalArgumentException.class, () -> TestFault.parse("audio-click:x"));
    }

    @Test
    void dropAndDuplicateChangeTheFramesEncodedAndTheOutputLength() {
        ChunkOutput dropped = chunk(1, "drop-frame:15");
        List<String> expected = new ArrayList<>(hashes(1));
        expected.remove(5);
        assertEquals(9, dropped.framesEncoded());
        assertEquals(expected, dropped.frameHashes().frames());
        Mp4SampleTable video = Mp4SampleTable.video(assemble("dropped", TestFault.parse("drop-frame:15"), List.of(dropped)).output());
        assertEquals(39, video.sampleCount());
        assertEquals(38 * 512, video.samples().get(38).pts(), "the frames after the dropped one move one frame earlier");

        ChunkOutput duplicated = chunk(1, "duplicate-frame:15");
        expected = new ArrayList<>(hashes(1));
        expected.add(5, expected.get(5));
        assertEquals(11, duplicated.framesEncoded());
        assertEquals(expected, duplicated.frameHashes().frames());
    }

    @Test
    void corruptBlockChangesOnlyItsFrameAsDrawn() {
        ChunkOutput corrupt = chunk(1, "corrupt-block:15");
        assertEquals(List.of(5), differingIndexes(hashes(1), corrupt.frameHashes().frames()));
        double[] diff = meanAbsYuvDifference(clean.get(1).output(), corrupt.output(), 5);
        assertTrue(diff[0] > 0.1, "luma of the corrupted frame differs: " + diff[0]);
    }

    @Test
    void chromaShiftChangesChromaButNotLuma() {
        ChunkOutput shifted = chunk(1, "chroma-shift:15");
        assertEquals(List.of(5), differingIndexes(hashes(1), shifted.frameHashes().frames()));

        Composition c = CompositionReader.read(project);
        BufferedImage drawn = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (FrameDrawer drawer = FrameDrawer.open(c, new FrameRange(15, 16))) {
            drawer.draw(15, drawn);
        }
        byte[] before = ((DataBufferByte) drawn.getRaster().getDataBuffer()).getData().clone();
        TestFault.parse("chroma-shift:15").alterDrawn(15, drawn);
        byte[] after = ((DataBufferByte) drawn.getRaster().getDataBuffer()).getData();
        double[] drawnDiff = new double[3];
        for (int i = 0; i < before.length; i += 3) {
            double[] a = ycbcr709(before, i);
            double[] b = ycbcr709(after, i);
            for (int k = 0; k < 3; k++) {
                drawnDiff[k] += Math.abs(a[k] - b[k]) * 3 / before.length;
            }
        }
        assertTrue(drawnDiff[0] < 0.05, "drawn luma unchanged: " + drawnDiff[0]);
        assertTrue(drawnDiff[1] > 1 && drawnDiff[2] > 0.5, "drawn chroma moved: Cb " + drawnDiff[1] + ", Cr " + drawnDiff[2]);

        double[] encoded = meanAbsYuvDifference(clean.get(1).output(), shifted.output(), 5);
        assertTrue(encoded[1] > 2 * encoded[0] && encoded[2] > 2 * encoded[0],
                "after encoding, chroma differs far more than luma (encoder noise): Y " + encoded[0] + ", Cb " + encoded[1]
                        + ", Cr " + encoded[2]);
    }

    /** BT.709 Y, Cb, Cr (full scale, 0..255) of the bgr24 pixel at byte offset {@code i}. */
    private static double[] ycbcr709(byte[] bgr, int i) {
        double b = bgr[i] & 0xff;
        double g = bgr[i + 1] & 0xff;
        double r = bgr[i + 2] & 0xff;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return new double[] {y, (b - y) / 1.8556, (r - y) / 1.5748};
    }

    @Test
    void encoderSettingsChangeTheX264SettingsButNotTheDrawing() throws Exception {
        ChunkOutput other = chunk(0, "encoder-settings");
        assertEquals(hashes(0), other.frameHashes().frames());
        assertEquals("crf=16.0", x264Option(clean.get(0).output(), "crf"));
        assertEquals("crf=18.0", x264Option(other.output(), "crf"));
    }

    @Test
    void seamShiftMakesTheSecondChunkDrawOneFrameEarly() {
        assertEquals(hashes(0), chunk(0, "seam-shift").frameHashes().frames(), "the first chunk is untouched");
        List<String> expected = new ArrayList<>(hashes(0).subList(CHUNK - 1, CHUNK));
        expected.addAll(hashes(1).subList(0, CHUNK - 1));
        assertEquals(expected, chunk(1, "seam-shift").frameHashes().frames());
    }

    @Test
    void animationRestartDrawsEveryChunkFromFrameZero() {
        assertEquals(hashes(0), chunk(2, "animation-restart").frameHashes().frames());
    }

    @Test
    void ptsJitterStampsOneFrameHalfAFrameLate() {
        ChunkOutput jittered = chunk(1, "pts-jitter:15");
        assertEquals(hashes(1), jittered.frameHashes().frames());
        Mp4SampleTable video = Mp4SampleTable.video(assemble("jitter", TestFault.NONE, List.of(jittered)).output());
        assertEquals(List.of("14: 768", "15: 256"), irregular(video));
        assertEquals(15 * 512 + 256, video.samples().get(15).pts());
    }

    @Test
    void seamDriftMakesEveryFrameBeforeASeamLastLonger() {
        Mp4SampleTable video = Mp4SampleTable.video(assemble("drift", TestFault.parse("seam-drift"), List.of()).output());
        assertEquals(List.of("9: 527", "19: 528", "29: 527"), irregular(video));
        assertEquals(List.of(), irregular(Mp4SampleTable.video(cleanOutput)), "the clean chunked render has exact timestamps");
    }

    @Test
    void audioDelayShiftsTheAudioByOneMillisecond() {
        short[] base = left(cleanOutput);
        short[] delayed = left(assemble("delay", TestFault.parse("audio-delay-1ms"), List.of()).output());
        int best = -1;
        double bestError = Double.MAX_VALUE;
        for (int lag = 0; lag <= 96; lag++) {
            double error = 0;
            for (int i = 4800; i < 40000; i++) {
                double d = base[i] - delayed[i + lag];
                error += d * d;
            }
            if (error < bestError) {
                bestError = error;
                best = lag;
            }
        }
        assertEquals(48, best, "the delayed audio lines up with the clean one 48 samples later");
    }

    @Test
    void audioClickSpikesOneInstant() {
        short[] base = left(cleanOutput);
        short[] clicked = left(assemble("click", TestFault.parse("audio-click:500"), List.of()).output());
        int at = 500 * 48;
        int near = 0;
        int far = 0;
        for (int i = 0; i < base.length; i++) {
            int d = Math.abs(base[i] - clicked[i]);
            if (Math.abs(i - at) <= 1024) {
                near = Math.max(near, d);
            } else if (Math.abs(i - at) > 4096) {
                far = Math.max(far, d);
            }
        }
        assertTrue(near > 3000, "a click near 500 ms: " + near);
        assertTrue(far < near / 10, "nothing comparable away from it: " + far + " vs " + near);
    }

    @Test
    void audioShortEndsTheAudioEarly() {
        long cleanEnd = audioEnd(cleanOutput);
        assertEquals(cleanEnd - 20 * 48, audioEnd(assemble("short", TestFault.parse("audio-short:20"), List.of()).output()));
    }

    private static ChunkOutput chunk(int index, String spec) {
        return RenderOps.renderChunk(project, plan, index, tmp.resolve(spec.replace(':', '-') + "-" + index + ".mp4"),
                TestFault.parse(spec));
    }

    private static List<String> hashes(int chunk) {
        return clean.get(chunk).frameHashes().frames();
    }

    /**
     * Encodes the audio under {@code fault} (the last chunk's job) and assembles the clean chunks, with
     * {@code replaced} standing in for the clean chunk of the same start.
     */
    private static AssembleOutput assemble(String name, TestFault fault, List<ChunkOutput> replaced) {
        List<Path> files = new ArrayList<>();
        for (ChunkOutput c : clean) {
            files.add(replaced.stream().filter(r -> r.frameHashes().firstFrame() == c.frameHashes().firstFrame())
                    .findFirst().orElse(c).output());
        }
        Path audio = RenderOps.renderAudio(project, plan, tmp.resolve(name + ".m4a"), fault).output();
        return RenderOps.assemble(plan, files, audio, tmp.resolve(name + ".mp4"), fault);
    }

    private static List<Integer> differingIndexes(List<String> a, List<String> b) {
        assertEquals(a.size(), b.size());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** Frames whose duration is not one frame (512 ticks), as "index: duration". */
    private static List<String> irregular(Mp4SampleTable video) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < video.sampleCount(); i++) {
            if (video.samples().get(i).duration() != 512) {
                out.add(i + ": " + video.samples().get(i).duration());
            }
        }
        return out;
    }

    /** Mean absolute difference of Y, Cb and Cr between frame {@code frame} of two 160x90 files. */
    private static double[] meanAbsYuvDifference(Path a, Path b, int frame) {
        byte[] x = yuv(a);
        byte[] y = yuv(b);
        int luma = 160 * 90;
        int chroma = luma / 4;
        int base = frame * (luma + 2 * chroma);
        int[][] planes = {{base, luma}, {base + luma, chroma}, {base + luma + chroma, chroma}};
        double[] out = new double[3];
        for (int p = 0; p < 3; p++) {
            long sum = 0;
            for (int i = planes[p][0]; i < planes[p][0] + planes[p][1]; i++) {
                sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
            }
            out[p] = (double) sum / planes[p][1];
        }
        return out;
    }

    private static byte[] yuv(Path mp4) {
        return Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"))
                .stdout();
    }

    /** The option as x264 wrote it into the stream's settings string (its user-data SEI). */
    private static String x264Option(Path mp4, String name) throws Exception {
        String bytes = new String(Files.readAllBytes(mp4), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("x264 - core .*? options: ([^\\x00]*)").matcher(bytes);
        assertTrue(m.find(), "no x264 settings string in " + mp4);
        Matcher option = Pattern.compile("(?:^| )(" + name + "=[^ ]+)").matcher(m.group(1));
        assertTrue(option.find(), name + " not in " + m.group(1));
        return option.group(1);
    }

    private static short[] left(Path mp4) {
        byte[] pcm = RenderFixtures.decodePcm(mp4);
        short[] out = new short[pcm.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[4 * i] & 0xff) | (pcm[4 * i + 1] << 8));
        }
        return out;
    }

    private static long audioEnd(Path mp4) {
        Mp4SampleTable audio = Mp4SampleTable.audio(mp4).orElseThrow();
        assertNotEquals(0, audio.sampleCount());
        return audio.mediaDuration();
    }
}
