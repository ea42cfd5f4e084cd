package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PsnrTest {
    @TempDir
    static Path dir;
    static Path reference;

    @BeforeAll
    static void makeReference() {
        reference = TestMedia.make(dir, "ref.mp4", 0, 0, null);
    }

    @Test
    void identicalFilesAreIdenticalOnEveryFrameNeverZero() throws Exception {
        Path copy = Files.copy(reference, dir.resolve("copy.mp4"));
        Psnr psnr = Psnr.compare(copy, reference);
        assertEquals(TestMedia.FRAMES, psnr.comparedFrames());
        assertFalse(psnr.frameCountMismatch());
        assertTrue(psnr.perFrame().stream().allMatch(p -> p == Double.POSITIVE_INFINITY), psnr.perFrame().toString());
        assertTrue(psnr.allIdentical());
        assertEquals(Double.POSITIVE_INFINITY, psnr.mean());
        assertEquals(Double.POSITIVE_INFINITY, psnr.min());
        assertEquals(0, psnr.framesBelow(99));
        assertTrue(psnr.passes(40, 0));
    }

    @Test
    void aDroppedFrameIsReportedAsACountMismatchNotTruncated() {
        Path dropped = TestMedia.make(dir, "dropped.mp4", 0, 0, "select='not(eq(n\\,10))',setpts=N/FRAME_RATE/TB",
                TestMedia.FRAMES - 1);
        Psnr psnr = Psnr.compare(dropped, reference);
        assertTrue(psnr.frameCountMismatch(), psnr.summary(40));
        assertEquals(TestMedia.FRAMES - 1, psnr.candidateFrames());
        assertEquals(TestMedia.FRAMES, psnr.referenceFrames());
        assertFalse(psnr.passes(0, Integer.MAX_VALUE), "a frame count mismatch must fail the gate at any threshold");
        assertTrue(psnr.summary(40).contains("frame count mismatch 29 vs 30"), psnr.summary(40));
        // Paired by index: frames before the drop match, frames after it are one step off.
        assertEquals(Double.POSITIVE_INFINITY, psnr.perFrame().get(5));
        assertTrue(psnr.perFrame().get(15) < 40, "frame 15 compared against the wrong reference frame: " + psnr.perFrame().get(15));
    }

    @Test
    void aNoisierEncodeHasFinitePsnrAndCountsFramesBelowAFloor() {
        Path noisy = TestMedia.make(dir, "noisy.mp4", 0, 45, null);
        Psnr psnr = Psnr.compare(noisy, reference);
        assertFalse(psnr.frameCountMismatch());
        assertEquals(TestMedia.FRAMES, psnr.comparedFrames());
        assertTrue(psnr.perFrame().stream().allMatch(p -> Double.isFinite(p) && p > 10), psnr.perFrame().toString());
        double mean = psnr.mean();
        assertTrue(Double.isFinite(mean) && mean >= psnr.min(), "mean " + mean + " min " + psnr.min());
        assertEquals(TestMedia.FRAMES, psnr.framesBelow(60));
        assertFalse(psnr.passes(60, 0));
        List<Integer> worst = psnr.worstFrames(3);
        assertEquals(3, worst.size());
        assertEquals(psnr.min(), psnr.perFrame().get(worst.get(0)));
    }

    @Test
    void statsParseKeepsInfAsInfinityAndOrdersByFrameNumber() {
        String stats = "n:2 mse_avg:1.00 mse_y:1.00 psnr_avg:48.13 psnr_y:48.13 \n"
                + "n:1 mse_avg:0.00 mse_y:0.00 psnr_avg:inf psnr_y:inf \n";
        assertEquals(List.of(Double.POSITIVE_INFINITY, 48.13), Psnr.parseStats(stats));
    }

    @Test
    void meanIsPsnrOfTheMeanMseSoIdenticalFramesCountAsIdentical() {
        Psnr halfIdentical = new Psnr(2, 2, "2x2", "2x2", List.of(Double.POSITIVE_INFINITY, 40.0));
        // MSE halves when one of two frames is perfect: +3.01 dB over the imperfect frame.
        assertEquals(40 + 10 * Math.log10(2), halfIdentical.mean(), 1e-9);
        assertEquals(40.0, halfIdentical.min());
    }

    @Test
    void framesOnEitherSideOfAChunkStartAreFlagged() {
        Psnr psnr = new Psnr(6, 6, "2x2", "2x2", List.of(50.0, 50.0, 50.0, 50.0, 50.0, 50.0));
        assertEquals(List.of(false, true, true, false, true, true), psnr.nextToBoundary(List.of(0, 2, 5)));
    }

    @Test
    void filterOptionValuesAreEscapedForBothParsers() {
        assertEquals("/tmp/a\\\\:b\\,c", Psnr.filterValue("/tmp/a:b,c"));
    }
}
