package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import media.Ffmpeg;
import media.Psnr;
import media.Mp4SampleTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each gate layer pinned by a case that only it catches: a frame-failure budget (whose comparison a
 * flipped operator would break) and a timing difference with equal frame counts (which only the
 * per-frame duration check sees).
 */
class GateLayersTest {
    @TempDir
    Path tmp;

    /** 10 frames, mean well above a 40 dB floor, frames 3 and 7 below it. */
    private static final Psnr TWO_BELOW = new Psnr(10, 10, "64x36", "64x36",
            List.of(55.0, 55.0, 55.0, 38.0, 55.0, 55.0, 55.0, 39.5, 55.0, 55.0));

    @Test
    void theFrameFailureBudgetCountsFramesBelowTheFloorNotTheMean() {
        assertTrue(TWO_BELOW.mean() > 40, "the mean alone would pass: " + TWO_BELOW.mean());
        assertEquals(2, TWO_BELOW.framesBelow(40));
        assertFalse(TWO_BELOW.passes(40, 1), "two frames below with a budget of one fails");
        assertTrue(TWO_BELOW.passes(40, 2), "two frames below with a budget of two passes");
        assertTrue(TWO_BELOW.passes(40, 3), "two frames below with a budget of three passes");
        GateCheck over = GateResult.psnrCheck(TWO_BELOW, 40, 1, Set.of());
        assertTrue(over.failed());
        assertEquals("frame 3", over.first(), "the first frame below the floor is named");
        assertEquals(GateCheck.Status.PASS, GateResult.psnrCheck(TWO_BELOW, 40, 3, Set.of()).status());
    }

    @Test
    void equalFrameCountsAndPtsButALongerLastFrameFailTheTimestampCheck() {
        long[] base = IntStream.range(0, 30).mapToLong(i -> 512).toArray();
        long[] out = base.clone();
        out[29] = 517;
        GateResult.Seams seams = new GateResult.Seams(List.of(0, 15), 30);
        assertEquals(GateCheck.Status.PASS, GateResult.timestampCheck(VideoTracks.of(base), VideoTracks.of(base), seams).status());
        GateCheck c = GateResult.timestampCheck(VideoTracks.of(out), VideoTracks.of(base), seams);
        assertTrue(c.failed(), c.line());
        assertEquals("frame 29", c.first());
        assertTrue(c.detail().startsWith("frame 29 duration 517 != baseline 512"), c.detail());
    }

    @Test
    void aSeamFrameOfTheWrongLengthIsFlaggedAtTheSeam() {
        long[] base = IntStream.range(0, 30).mapToLong(i -> 512).toArray();
        long[] out = base.clone();
        out[14] = 517;
        GateCheck c = GateResult.timestampCheck(VideoTracks.of(out), VideoTracks.of(base), new GateResult.Seams(List.of(0, 15), 30));
        assertEquals("frame 14", c.first());
        assertTrue(c.detail().contains("(chunk seam)"), c.detail());
    }

    private Path encode(String name, String setpts) {
        Path out = tmp.resolve(name);
        Ffmpeg.bundled().run(List.of("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=30", "-frames:v", "30",
                "-vf", "settb=1/15360,setpts=" + setpts, "-vsync", "passthrough", "-enc_time_base", "-1", "-c:v", "libx264", "-crf", "18", "-bf", "0",
                "-threads", "1", "-pix_fmt", "yuv420p", "-video_track_timescale", "15360", "-y", out.toString()));
        return out;
    }

    @Test
    void aHalfFrameJitterOnARealFileIsNamedAtTheFrameBeforeIt() {
        Path base = encode("base.mp4", "N/30/TB");
        Path jitter = encode("jitter.mp4", "(N+0.5*eq(N\\,10))/30/TB");
        Mp4SampleTable b = Mp4SampleTable.video(base);
        Mp4SampleTable j = Mp4SampleTable.video(jitter);
        assertEquals(b.sampleCount(), j.sampleCount(), "same frame count");
        GateCheck c = GateResult.timestampCheck(j, b, new GateResult.Seams(List.of(0), 30));
        assertTrue(c.failed(), c.line());
        assertEquals("frame 9", c.first(), c.detail());
        assertTrue(c.detail().startsWith("frame 9 duration "), c.detail());
    }
}
