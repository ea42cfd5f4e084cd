package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The video gate's arithmetic on per-frame values written here (no ffmpeg): each comparison at the
 * boundary, one step over and one under, and the report line.
 */
class PsnrGateTest {
    static final double INF = Double.POSITIVE_INFINITY;

    static Psnr psnr(Double... perFrame) {
        return new Psnr(perFrame.length, perFrame.length, "2x2", "2x2", List.of(perFrame));
    }

    @Test
    void aMeanAboveTheFloorWithFramesBelowItPassesOnlyWithinTheFrameBudget() {
        Psnr p = psnr(60.0, 60.0, 60.0, 60.0, 38.0);
        assertEquals(44.88145185143742, p.mean(), 1e-9);
        assertEquals(1, p.framesBelow(40));
        assertTrue(p.passes(40, 1), "one frame below, one allowed");
        assertTrue(p.passes(40, 2));
        assertFalse(p.passes(40, 0), "one frame below, none allowed");
    }

    @Test
    void theMeanMustReachTheFloorAndAFrameAtTheFloorIsNotBelowIt() {
        Psnr p = psnr(40.0, 40.0);
        assertEquals(40.0, p.mean());
        assertEquals(0, p.framesBelow(40));
        assertEquals(2, p.framesBelow(Math.nextUp(40.0)));
        assertEquals(0, p.framesBelow(Math.nextDown(40.0)));
        assertTrue(p.passes(40, 0), "a mean exactly at the floor passes");
        assertFalse(p.passes(Math.nextUp(40.0), 2), "a mean just under the floor fails even with both frames in the budget");
    }

    @Test
    void aSizeOrCountMismatchOrNothingComparedFailsAtAnyThreshold() {
        assertFalse(new Psnr(2, 2, "2x2", "4x4", List.of(INF, INF)).passes(0, 9));
        assertFalse(new Psnr(2, 3, "2x2", "2x2", List.of(INF, INF)).passes(0, 9));
        assertFalse(new Psnr(3, 2, "2x2", "2x2", List.of(INF, INF)).passes(0, 9));
        assertFalse(new Psnr(0, 0, "2x2", "2x2", List.of()).passes(0, 9));
        assertTrue(new Psnr(2, 2, "2x2", "2x2", List.of(INF, INF)).passes(0, 0));
    }

    @Test
    void nothingComparedHasNoMeanOrMinAndIsNotIdentical() {
        Psnr none = psnr();
        assertTrue(Double.isNaN(none.mean()));
        assertTrue(Double.isNaN(none.min()));
        assertFalse(none.allIdentical());
        assertFalse(psnr(INF, 99.0).allIdentical());
        assertTrue(psnr(INF, INF).allIdentical());
        assertEquals(INF, psnr(INF, INF).mean());
        assertEquals(38.0, psnr(60.0, 38.0, 50.0).min());
    }

    @Test
    void theWorstFramesAreTheLowestFirstWithTiesInFrameOrder() {
        Psnr p = psnr(50.0, 40.0, 40.0, 60.0, INF);
        assertEquals(List.of(1, 2, 0), p.worstFrames(3));
        assertEquals(List.of(1, 2, 0, 3, 4), p.worstFrames(9));
    }

    @Test
    void theReportLineSaysWhatFailed() {
        assertEquals("mean 44.88 dB, min 38.00 dB, 1/5 frames < 40.0 dB, worst [4, 0, 1]",
                psnr(60.0, 60.0, 60.0, 60.0, 38.0).summary(40));
        assertEquals("mean identical, min identical, 0/2 frames < 40.0 dB, worst [0, 1]", psnr(INF, INF).summary(40));
        assertEquals("size mismatch 2x2 vs 4x4; frame count mismatch 3 vs 4 (compared 0); no frames compared",
                new Psnr(3, 4, "2x2", "4x4", List.of()).summary(40));
        assertEquals("frame count mismatch 2 vs 1 (compared 1); mean identical, min identical, 0/1 frames < 40.0 dB, worst [0]",
                new Psnr(2, 1, "2x2", "2x2", List.of(INF)).summary(40));
    }

    @Test
    void nothingIsDecodedWhenTheFilesCannotBeCompared() {
        Path nowhere = Path.of("does-not-exist.mp4");
        Probe small = new Probe(30, 1000, 30, 2, 2, false, null);
        Psnr size = Psnr.compare(nowhere, small, nowhere, new Probe(30, 1000, 30, 4, 2, false, null));
        assertEquals(new Psnr(30, 30, "2x2", "4x2", List.of()), size);
        assertTrue(size.sizeMismatch());
        Psnr empty = Psnr.compare(nowhere, new Probe(0, 0, 0, 2, 2, false, null), nowhere, small);
        assertEquals(new Psnr(0, 30, "2x2", "2x2", List.of()), empty);
        assertEquals(new Psnr(30, 0, "2x2", "2x2", List.of()),
                Psnr.compare(nowhere, small, nowhere, new Probe(0, 0, 0, 2, 2, false, null)));
    }

    @Test
    void statsLinesWithoutAFrameNumberOrValueAreSkipped() {
        assertEquals(List.of(30.5, INF), Psnr.parseStats("n:1 psnr_avg:30.5\nsomething else\nn:2 psnr_avg:INF\n"));
        assertEquals(List.of(), Psnr.parseStats(""));
    }

    @Test
    void everyCharacterSpecialToEitherParserIsEscaped() {
        assertEquals("a\\\\\\'b", Psnr.filterValue("a'b"), "' escaped for the option parser, then both for the graph parser");
        assertEquals("\\[\\]\\;", Psnr.filterValue("[];"));
        assertEquals("\\\\\\\\", Psnr.filterValue("\\"));
        assertEquals("plain/path", Psnr.filterValue("plain/path"));
    }
}
