package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import media.EncodedStreamCompare;
import media.FrameAlignment;
import media.Psnr;
import org.junit.jupiter.api.Test;

/**
 * The video gate's checks fed crafted data (no rendering): each verdict and each message's first frame,
 * with inputs on both sides of every comparison, so a flipped or loosened comparison fails here.
 */
class GateVideoChecksTest {
    /** Two chunks of 30 fps video, the second starting at frame 15 (0.5 s). */
    private static final GateResult.Seams SEAM_AT_15 = new GateResult.Seams(List.of(0, 15), 30);

    @Test
    void aSeamIsTheFirstFrameOfALaterChunkAndTheFrameBeforeIt() {
        assertTrue(SEAM_AT_15.frame(15));
        assertTrue(SEAM_AT_15.frame(14));
        assertFalse(SEAM_AT_15.frame(13));
        assertFalse(SEAM_AT_15.frame(16));
        assertFalse(SEAM_AT_15.frame(0), "the first chunk's start is no seam");
        assertFalse(new GateResult.Seams(List.of(0), 30).frame(0));
        assertEquals(" (chunk seam)", SEAM_AT_15.frameNote(14));
        assertEquals("", SEAM_AT_15.frameNote(16));
    }

    @Test
    void aTimeIsAtASeamWhenWithinTheWindowOfIt() {
        assertTrue(SEAM_AT_15.time(0.5, 0.01));
        assertTrue(SEAM_AT_15.time(0.49, 0.01));
        assertTrue(SEAM_AT_15.time(0.51, 0.01), "one window after, give or take the rounding of 0.51 - 0.5");
        assertFalse(SEAM_AT_15.time(0.52, 0.01));
        assertFalse(SEAM_AT_15.time(0.48, 0.01));
        assertFalse(SEAM_AT_15.time(0.0, 0.01), "the start of the file is no seam");
        double window = 0.25 - 1e-9;
        assertEquals(0.25, window + 1e-9, "precondition: the window plus its tolerance is exactly the distance");
        assertTrue(SEAM_AT_15.time(0.25, window), "exactly at the window's edge counts");
        assertFalse(new GateResult.Seams(List.of(15), 0).time(0.5, 0.01), "no frame rate, no seam time");
        assertEquals(" (chunk seam)", SEAM_AT_15.timeNote(0.5, 0.01));
        assertEquals("", SEAM_AT_15.timeNote(0.7, 0.01));
    }

    private static List<String> hashes(int n) {
        return IntStream.range(0, n).mapToObj(i -> "h" + i).toList();
    }

    @Test
    void rawHashesAreSkippedWithTheReasonWhenEitherSideHasNone() {
        GateCheck none = GateResult.rawHashCheck(null, SEAM_AT_15);
        assertEquals(GateCheck.Status.SKIPPED, none.status());
        assertEquals("not reported", none.detail());
        assertEquals("not reported", GateResult.rawHashCheck(new GateResult.RawFrames(null, null, null), SEAM_AT_15).detail());
        assertEquals("the stack reports none",
                GateResult.rawHashCheck(GateResult.RawFrames.unavailable("the stack reports none"), SEAM_AT_15).detail());
        assertEquals(GateCheck.Status.SKIPPED,
                GateResult.rawHashCheck(new GateResult.RawFrames(hashes(3), null, "no baseline"), SEAM_AT_15).status());
        assertEquals(GateCheck.Status.SKIPPED,
                GateResult.rawHashCheck(new GateResult.RawFrames(null, hashes(3), "no output"), SEAM_AT_15).status());
        assertEquals(GateCheck.Gate.VIDEO, none.gate());
    }

    @Test
    void equalRawHashesPassAndOneDifferentHashFailsAtItsFrame() {
        GateCheck same = GateResult.rawHashCheck(new GateResult.RawFrames(hashes(30), hashes(30), null), SEAM_AT_15);
        assertEquals(GateCheck.Status.PASS, same.status(), same.line());
        assertEquals("30 drawn frames' hashes against the baseline's 30", same.compared());

        List<String> drawn = new ArrayList<>(hashes(30));
        drawn.set(20, "other");
        GateCheck differs = GateResult.rawHashCheck(new GateResult.RawFrames(drawn, hashes(30), null), SEAM_AT_15);
        assertTrue(differs.failed());
        assertEquals("frame 20", differs.first());
        assertEquals("frame 20 differs", differs.detail());

        drawn = new ArrayList<>(hashes(30));
        drawn.set(15, "other");
        GateCheck atSeam = GateResult.rawHashCheck(new GateResult.RawFrames(drawn, hashes(30), null), SEAM_AT_15);
        assertEquals("frame 15 differs (chunk seam)", atSeam.detail());
    }

    @Test
    void theAlignmentPassesWhenCleanAndNamesItsFirstEvent() {
        GateCheck clean = GateResult.alignmentCheck(new FrameAlignment(30, 30, List.of()), SEAM_AT_15);
        assertEquals(GateCheck.Status.PASS, clean.status());
        assertEquals("30 decoded frames against the baseline's 30, by content", clean.compared());
        assertEquals("30 frames, each the baseline's frame of the same index", clean.detail());

        var missing = new FrameAlignment.Event(FrameAlignment.Kind.MISSING, 15, 15, -1, -1, -1);
        GateCheck failed = GateResult.alignmentCheck(new FrameAlignment(29, 30, List.of(missing)), SEAM_AT_15);
        assertTrue(failed.failed());
        assertEquals("frame 15", failed.first());
        assertEquals("frame 15 missing (chunk seam)", failed.detail());
        var extra = new FrameAlignment.Event(FrameAlignment.Kind.EXTRA, -1, -1, 7, 7, -1);
        assertEquals("frame 7", GateResult.alignmentCheck(new FrameAlignment(31, 30, List.of(extra)), SEAM_AT_15).first(),
                "an extra frame is named by its output frame");
    }

    private static EncodedStreamCompare.Difference diff(int chunk, int frame, String field) {
        return new EncodedStreamCompare.Difference(chunk, frame, field, "1", "0");
    }

    @Test
    void theStreamCheckNamesTheChunkCountAndTheFirstDifference() {
        GateCheck one = GateResult.streamCheck(List.of(), 1);
        assertEquals(GateCheck.Status.PASS, one.status());
        assertTrue(one.compared().endsWith(" of 1 chunk"), one.compared());
        assertTrue(GateResult.streamCheck(List.of(), 4).compared().endsWith(" of 4 chunks"));
        String none = GateResult.streamCheck(List.of(), 0).compared();
        assertTrue(none.endsWith(" of 1 chunk"), "a history without chunk starts is one stream: " + none);

        GateCheck chunk = GateResult.streamCheck(List.of(diff(2, 30, "crf"), diff(3, 45, "crf")), 4);
        assertTrue(chunk.failed());
        assertEquals("frame 30", chunk.first());
        assertEquals("chunk 2 (frame 30): crf 1 != baseline 0; chunk 3 (frame 45): crf 1 != baseline 0", chunk.detail());
        GateCheck container = GateResult.streamCheck(List.of(diff(-1, 99, "time base")), 4);
        assertEquals("frame 0", container.first(), "a whole-file difference is named at frame 0");
        GateCheck midChunk = GateResult.streamCheck(List.of(new EncodedStreamCompare.Difference(0, 5, "x264 settings", "present", "absent")), 2);
        assertEquals("frame 5", midChunk.first(), "a settings string inside the first chunk is named at its own frame");
    }

    @Test
    void theStreamCheckShowsEightDifferencesAndCountsTheRest() {
        List<EncodedStreamCompare.Difference> eight = IntStream.range(0, GateResult.SHOWN_STREAM_DIFFERENCES)
                .mapToObj(i -> diff(0, 0, "f" + i)).toList();
        String shown = GateResult.streamCheck(eight, 1).detail();
        assertTrue(shown.endsWith("f7 1 != baseline 0"), shown);
        List<EncodedStreamCompare.Difference> ten = IntStream.range(0, 10).mapToObj(i -> diff(0, 0, "f" + i)).toList();
        String cut = GateResult.streamCheck(ten, 1).detail();
        assertTrue(cut.endsWith("f7 1 != baseline 0; and 2 more"), cut);
        assertFalse(cut.contains("f8"), cut);
    }

    private static long[] frames(int n) {
        return IntStream.range(0, n).mapToLong(i -> 512).toArray();
    }

    @Test
    void oneTimingDifferenceIsNamedAloneAndMoreAreCounted() {
        long[] last = frames(30);
        last[29] = 511;
        GateCheck one = GateResult.timestampCheck(VideoTracks.of(last), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertEquals("frame 29", one.first());
        assertEquals("frame 29 duration 511 != baseline 512 (time base 1/15360)", one.detail(), "one difference: no 'more'");

        long[] longer = frames(30);
        longer[28] = 513;
        GateCheck two = GateResult.timestampCheck(VideoTracks.of(longer), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertEquals("frame 28 duration 513 != baseline 512 (time base 1/15360) (and 1 more)", two.detail(),
                "frame 28 lasts longer, so frame 29 starts later");

        longer = frames(30);
        longer[27] = 513;
        assertTrue(GateResult.timestampCheck(VideoTracks.of(longer), VideoTracks.of(frames(30)), SEAM_AT_15).detail().endsWith(" (and 2 more)"));
    }

    @Test
    void aFullListOfDifferencesSaysThereMayBeMore() {
        long[] out = frames(30);
        out[0] = 513;
        GateCheck c = GateResult.timestampCheck(VideoTracks.of(out), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertTrue(c.detail().endsWith(" (and 19+ more)"), c.detail());
    }

    @Test
    void aFrameCountDifferenceIsNamedWithOrWithoutTimingDifferences() {
        GateCheck extra = GateResult.timestampCheck(VideoTracks.of(frames(31)), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertTrue(extra.failed());
        assertEquals("frame 30", extra.first());
        assertEquals("frame count 31 != baseline 30", extra.detail());
        GateCheck fewer = GateResult.timestampCheck(VideoTracks.of(frames(29)), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertEquals("frame 29", fewer.first());
        assertEquals("frame count 29 != baseline 30", fewer.detail());

        long[] out = frames(31);
        out[29] = 513;
        GateCheck both = GateResult.timestampCheck(VideoTracks.of(out), VideoTracks.of(frames(30)), SEAM_AT_15);
        assertEquals("frame 29", both.first());
        assertEquals("frame 29 duration 513 != baseline 512 (time base 1/15360); frame count 31 != baseline 30", both.detail());
    }

    private static Psnr psnr(double... perFrame) {
        return new Psnr(perFrame.length, perFrame.length, "64x36", "64x36", java.util.Arrays.stream(perFrame).boxed().toList());
    }

    @Test
    void thePsnrCheckNamesTheFirstFrameBelowTheFloorNotOneAtIt() {
        GateCheck c = GateResult.psnrCheck(psnr(55, 40, 55, 30, 55), 40, 0, Set.of());
        assertTrue(c.failed());
        assertEquals("frame 3", c.first(), "frame 1 is exactly at the floor, which passes");
        assertEquals("5 frames paired by index, floor 40.0 dB, at most 0 below", c.compared());
        assertTrue(c.detail().startsWith("1 frames below 40.0 dB (allowed 0): mean "), c.detail());
        assertFalse(c.detail().contains("unexplained"), c.detail());
        assertEquals("frame 0", GateResult.psnrCheck(psnr(30, 55, 55), 40, 0, Set.of()).first());
    }

    @Test
    void aPsnrFailureWithNoFrameBelowTheFloorIsNamedWhereTheShorterFileEnds() {
        Psnr countMismatch = new Psnr(10, 12, "64x36", "64x36", IntStream.range(0, 10).mapToObj(i -> 55.0).toList());
        GateCheck c = GateResult.psnrCheck(countMismatch, 40, 0, Set.of());
        assertTrue(c.failed(), c.line());
        assertEquals("frame 10", c.first());
        Psnr lowMean = psnr(40.5, 40.5, 40.5);
        GateCheck mean = GateResult.psnrCheck(lowMean, 40.6, 3, Set.of());
        assertTrue(mean.failed(), "every frame below a floor of 40.6, within a budget of 3: the mean fails it");
        assertEquals("frame 0", mean.first());
    }

    @Test
    void aPsnrFailureNamesTheWorstFramesTheAlignmentDoesNotExplain() {
        GateCheck c = GateResult.psnrCheck(psnr(55, 20, 30, 10, 35), 40, 0, Set.of(3));
        assertTrue(c.detail().endsWith("; unexplained worst [1, 2, 4]"), c.detail());
        assertEquals(List.of(1, 2, 4), GateResult.worstExcluding(psnr(55, 20, 30, 10, 35), Set.of(3), 3));
        assertEquals(List.of(3, 1), GateResult.worstExcluding(psnr(55, 20, 30, 10, 35), Set.of(), 2));
    }

    @Test
    void seamFramesBelowTheFloorAreThoseTouchingAChunkStartThatNoAlignmentEventExplains() {
        // Chunks start at 0, 3 and 6: frames 2, 3, 5 and 6 touch a seam.
        Psnr p = psnr(30, 55, 30, 30, 30, 40, 30, 30);
        List<Integer> starts = List.of(0, 3, 6);
        assertEquals(List.of(2, 3, 6), GateResult.seamFramesBelowFloor(p, 40, starts, Set.of()),
                "frame 5 is at the floor, frames 0, 4 and 7 are away from a seam");
        assertEquals(List.of(2, 6), GateResult.seamFramesBelowFloor(p, 40, starts, Set.of(3)));
        assertEquals(List.of(), GateResult.seamFramesBelowFloor(p, 30, starts, Set.of()));
    }

    @Test
    void aCheckThatPassesNamesNoFrame() {
        assertNull(GateResult.psnrCheck(psnr(55, 55), 40, 0, Set.of()).first());
    }
}
