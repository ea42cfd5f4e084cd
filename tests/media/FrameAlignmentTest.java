package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alignment by content names what happened to frames in a person's terms. Frames are integers here (the
 * picture a frame shows), so each case states its sequence exactly; one case aligns real decoded video.
 */
class FrameAlignmentTest {
    private static final int N = 90;

    private static List<Integer> baseline() {
        return IntStream.range(0, N).boxed().toList();
    }

    private static FrameAlignment align(List<Integer> output) {
        List<Integer> base = baseline();
        return FrameAlignment.align(output.size(), base.size(), (i, j) -> output.get(i).equals(base.get(j)));
    }

    private static List<String> described(FrameAlignment a) {
        return a.events().stream().map(FrameAlignment.Event::describe).toList();
    }

    @Test
    void identicalSequencesAreClean() {
        FrameAlignment a = align(baseline());
        assertTrue(a.clean(), a.summary(5));
        assertEquals(Set.of(), a.explainedOutputFrames());
    }

    @Test
    void aDroppedFrameIsMissingAndTheRestShiftedNotACascadeOfBadFrames() {
        List<Integer> out = new ArrayList<>(baseline());
        out.remove(Integer.valueOf(30));
        FrameAlignment a = align(out);
        assertEquals(List.of("frame 30 missing", "frames 31-89 shifted by minus one (shown at output frames 30-88)"), described(a));
        assertEquals(30, a.events().get(0).firstFrame());
        assertTrue(a.explainedOutputFrames().containsAll(List.of(30, 88)));
        assertTrue(!a.explainedOutputFrames().contains(29));
    }

    @Test
    void anInsertedDuplicateIsNamedAndTheFollowingFramesShiftedByOne() {
        List<Integer> out = new ArrayList<>(baseline());
        out.add(45, 44);
        assertEquals(List.of("frame 44 duplicated (again at output frame 45)", "frames 45-89 shifted by one (shown at output frames 46-90)"),
                described(align(out)));
    }

    @Test
    void aDuplicateInPlaceOfTheNextFrameIsADuplicateAndAMissingFrame() {
        List<Integer> out = new ArrayList<>(baseline());
        out.set(45, 44);
        assertEquals(List.of("frame 44 duplicated (again at output frame 45)", "frame 45 missing"), described(align(out)));
    }

    @Test
    void aChangedFrameStaysPairedAndIsReportedAsDiffering() {
        List<Integer> out = new ArrayList<>(baseline());
        out.set(44, -1);
        FrameAlignment a = align(out);
        assertEquals(List.of("frame 44 differs"), described(a));
        assertEquals(Set.of(), a.explainedOutputFrames(), "a changed frame is not explained away");
    }

    @Test
    void aChunkWhoseAnimationRestartedShowsTheFirstChunksFrames() {
        List<Integer> out = new ArrayList<>(baseline().subList(0, 45));
        out.addAll(baseline().subList(0, 45));
        assertEquals(List.of("frames 45-89 differ (output frames 45-89 show baseline frames 0-44)"), described(align(out)));
    }

    @Test
    void aOneFrameShiftAtASeamIsAMissingFrameAShiftAndARepeatedLastFrame() {
        List<Integer> out = new ArrayList<>(baseline().subList(0, 45));
        out.addAll(baseline().subList(46, 90));
        out.add(89);
        assertEquals(List.of("frame 45 missing", "frames 46-89 shifted by minus one (shown at output frames 45-88)",
                "frame 89 duplicated (again at output frame 89)"), described(align(out)));
    }

    @Test
    void anExtraFrameMatchesNothingAndTheRestShiftByOne() {
        List<Integer> out = new ArrayList<>(baseline());
        out.add(45, -1);
        FrameAlignment a = align(out);
        assertEquals(List.of("output frame 45 matches no baseline frame (extra)",
                "frames 45-89 shifted by one (shown at output frames 46-90)"), described(a));
        assertEquals(45, a.events().get(0).firstFrame(), "an extra frame is found at its output frame");
        assertEquals(91, a.outputFrames());
        assertEquals(90, a.baselineFrames());
    }

    @Test
    void extraFramesAtTheStartTheEndAndInARunAreEachOneEvent() {
        List<Integer> first = new ArrayList<>(baseline());
        first.add(0, -1);
        assertEquals(List.of("output frame 0 matches no baseline frame (extra)",
                "frames 0-89 shifted by one (shown at output frames 1-90)"), described(align(first)));
        List<Integer> last = new ArrayList<>(baseline());
        last.add(-1);
        assertEquals(List.of("output frame 90 matches no baseline frame (extra)"), described(align(last)));
        List<Integer> two = new ArrayList<>(baseline());
        two.addAll(45, List.of(-1, -2));
        assertEquals(List.of("output frames 45-46 match no baseline frame (extra)",
                "frames 45-89 shifted by 2 (shown at output frames 47-91)"), described(align(two)));
        List<Integer> apart = new ArrayList<>(baseline());
        apart.add(-1);
        apart.add(10, -2);
        assertEquals(List.of("output frame 10 matches no baseline frame (extra)",
                "frames 10-89 shifted by one (shown at output frames 11-90)", "output frame 91 matches no baseline frame (extra)"),
                described(align(apart)));
    }

    @Test
    void aRepeatOfTheFirstFrameIsADuplicateNotAnExtra() {
        List<Integer> out = new ArrayList<>(baseline());
        out.add(1, 0);
        assertEquals(List.of("frame 0 duplicated (again at output frame 1)", "frames 1-89 shifted by one (shown at output frames 2-90)"),
                described(align(out)));
    }

    @Test
    void droppedRunsMergeAndSeparateDropsStaySeparate() {
        List<Integer> run = new ArrayList<>(baseline());
        run.removeAll(List.of(30, 31, 32));
        assertEquals(List.of("frames 30-32 missing", "frames 33-89 shifted by -3 (shown at output frames 30-86)"), described(align(run)));
        List<Integer> apart = new ArrayList<>(baseline());
        apart.removeAll(List.of(30, 60));
        assertEquals(List.of("frame 30 missing", "frames 31-59 shifted by minus one (shown at output frames 30-58)",
                "frame 60 missing", "frames 61-89 shifted by -2 (shown at output frames 59-87)"), described(align(apart)));
        List<Integer> lastTwo = new ArrayList<>(baseline());
        lastTwo.removeAll(List.of(88, 89));
        assertEquals(List.of("frames 88-89 missing"), described(align(lastTwo)));
    }

    @Test
    void aShiftThatChangesByAnExtraFrameIsTwoShifts() {
        List<Integer> out = new ArrayList<>(baseline());
        out.add(60, -2);
        out.add(30, -1);
        assertEquals(List.of("output frame 30 matches no baseline frame (extra)",
                "frames 30-59 shifted by one (shown at output frames 31-60)",
                "frames 60-89 shifted by 2 (shown at output frames 62-91)", "output frame 61 matches no baseline frame (extra)"),
                described(align(out)), "events are in order of their first frame: baseline 60 before output 61");
    }

    @Test
    void changedFramesInARunMergeUnlessOneShowsAnotherBaselineFrame() {
        List<Integer> run = new ArrayList<>(baseline());
        run.set(10, -1);
        run.set(11, -2);
        run.set(20, -3);
        assertEquals(List.of("frames 10-11 differ", "frame 20 differs"), described(align(run)));
        List<Integer> mixed = new ArrayList<>(baseline());
        mixed.set(10, 50);
        mixed.set(11, -1);
        assertEquals(List.of("frame 10 differs (output frame 10 show baseline frame 50)", "frame 11 differs"), described(align(mixed)));
        List<Integer> elsewhere = new ArrayList<>(baseline());
        elsewhere.set(10, 50);
        elsewhere.set(11, 51);
        assertEquals(List.of("frames 10-11 differ (output frames 10-11 show baseline frames 50-51)"), described(align(elsewhere)));
    }

    @Test
    void eachKindDescribesItselfAndPointsAtItsFirstFrame() {
        assertEquals("frames 3-4 missing", new FrameAlignment.Event(FrameAlignment.Kind.MISSING, 3, 4, -1, -1, -1).describe());
        assertEquals("frame 3 duplicated (again at output frames 4-5)",
                new FrameAlignment.Event(FrameAlignment.Kind.DUPLICATED, 3, 3, 4, 5, -1).describe());
        assertEquals("frames 7-9 shifted by -3 (shown at output frames 4-6)",
                new FrameAlignment.Event(FrameAlignment.Kind.SHIFTED, 7, 9, 4, 6, -1).describe());
        assertEquals("frame 7 shifted by 3 (shown at output frame 10)",
                new FrameAlignment.Event(FrameAlignment.Kind.SHIFTED, 7, 7, 10, 10, -1).describe());
        assertEquals("frame 2 differs (output frame 2 show baseline frame 0)",
                new FrameAlignment.Event(FrameAlignment.Kind.DIFFERS, 2, 2, 2, 2, 0).describe());
        assertEquals(0, new FrameAlignment.Event(FrameAlignment.Kind.MISSING, 0, 0, -1, -1, -1).firstFrame());
        assertEquals(6, new FrameAlignment.Event(FrameAlignment.Kind.EXTRA, -1, -1, 6, 6, -1).firstFrame());
    }

    @Test
    void explainedFramesAreTheShiftedDuplicatedAndExtraOutputFramesOnly() {
        FrameAlignment a = new FrameAlignment(10, 10, List.of(
                new FrameAlignment.Event(FrameAlignment.Kind.MISSING, 1, 1, -1, -1, -1),
                new FrameAlignment.Event(FrameAlignment.Kind.SHIFTED, 2, 3, 1, 2, -1),
                new FrameAlignment.Event(FrameAlignment.Kind.DUPLICATED, 3, 3, 3, 3, -1),
                new FrameAlignment.Event(FrameAlignment.Kind.DIFFERS, 5, 6, 5, 6, -1),
                new FrameAlignment.Event(FrameAlignment.Kind.EXTRA, -1, -1, 8, 9, -1)));
        assertEquals(Set.of(1, 2, 3, 8, 9), a.explainedOutputFrames());
        FrameAlignment first = new FrameAlignment(2, 1, List.of(new FrameAlignment.Event(FrameAlignment.Kind.EXTRA, -1, -1, 0, 0, -1)));
        assertEquals(Set.of(0), first.explainedOutputFrames(), "output frame 0 counts");
        assertTrue(!a.clean());
    }

    @Test
    void theSummaryListsAtMostMaxEventsAndCountsTheRest() {
        assertEquals("90 frames, each the baseline's frame of the same index", align(baseline()).summary(2));
        List<Integer> out = new ArrayList<>(baseline());
        out.set(10, -1);
        out.set(20, -1);
        out.set(30, -1);
        FrameAlignment a = align(out);
        assertEquals("frame 10 differs; frame 20 differs; and 1 more", a.summary(2));
        assertEquals("frame 10 differs; frame 20 differs; frame 30 differs", a.summary(3));
        assertEquals("frame 10 differs; and 2 more", a.summary(1));
    }

    @Test
    void aRepeatedFrameOnlyCountsAsADuplicateWhenItsNeighbourShowsThatFrame() {
        // Output frame 45 shows baseline 43 while its neighbours show 44 and 46: not a repeat of a
        // neighbour, so a difference that shows another baseline frame.
        List<Integer> out = new ArrayList<>(baseline());
        out.set(45, 43);
        assertEquals(List.of("frame 45 differs (output frame 45 show baseline frame 43)"), described(align(out)));
        // A repeat of the next frame in place of this one.
        List<Integer> early = new ArrayList<>(baseline());
        early.set(45, 46);
        assertEquals(List.of("frame 45 missing", "frame 46 duplicated (again at output frame 45)"), described(align(early)));
    }

    @Test
    void anEmptySideMakesEveryFrameOfTheOtherMissingOrExtra() {
        assertEquals(List.of("frames 0-2 missing"), described(FrameAlignment.align(0, 3, (i, j) -> true)));
        assertEquals(List.of("output frames 0-1 match no baseline frame (extra)"), described(FrameAlignment.align(2, 0, (i, j) -> true)));
        assertTrue(FrameAlignment.align(0, 0, (i, j) -> false).clean());
    }

    @Test
    void aShortOutputAgainstALongBaselineAndTheReverse() {
        // Row and column 0 of the cost table: one output frame against three baseline frames, and back.
        assertEquals(List.of("frames 1-2 missing"), described(FrameAlignment.align(1, 3, (i, j) -> j == 0)));
        assertEquals(List.of("output frames 1-2 match no baseline frame (extra)"), described(FrameAlignment.align(3, 1, (i, j) -> i == 0)));
        assertEquals(List.of("frame 0 missing", "frames 1-2 shifted by minus one (shown at output frames 0-1)"),
                described(FrameAlignment.align(2, 3, (i, j) -> j == i + 1)));
    }

    @Test
    void theFirstFrameShownAgainInPlaceOfTheSecondIsADuplicateAndAMissingFrame() {
        List<Integer> out = new ArrayList<>(baseline());
        out.set(1, 0);
        assertEquals(List.of("frame 0 duplicated (again at output frame 1)", "frame 1 missing"), described(align(out)));
    }

    @Test
    void missingFramesFoundBothWaysStillMergeIntoOneRun() {
        // Frames 45 and 46 never shown, 44 shown again between: one missing frame is left unpaired, the
        // other is paired with the repeat; both are one run.
        List<Integer> out = new ArrayList<>(baseline());
        out.set(45, 44);
        out.remove(Integer.valueOf(46));
        assertEquals(List.of("frame 44 duplicated (again at output frame 45)", "frames 45-46 missing",
                "frames 47-89 shifted by minus one (shown at output frames 46-88)"), described(align(out)));
    }

    @Test
    void aChangedFrameShowingNothingDoesNotMergeWithOneShowingTheFirstBaselineFrame() {
        List<Integer> out = new ArrayList<>(baseline());
        out.set(10, -1);
        out.set(11, 0);
        assertEquals(List.of("frame 10 differs", "frame 11 differs (output frame 11 show baseline frame 0)"), described(align(out)));
    }

    @TempDir
    static Path dir;

    @Test
    void decodedThumbnailsOfARealEncodeAlignADroppedFrame() {
        Path reference = TestMedia.make(dir, "ref.mp4", 0, 18, null);
        Path dropped = TestMedia.make(dir, "dropped.mp4", 0, 23, "select='not(eq(n\\,10))',setpts=N/FRAME_RATE/TB",
                TestMedia.FRAMES - 1);
        FrameAlignment a = DecodedThumbnails.align(DecodedThumbnails.of(dropped), DecodedThumbnails.of(reference));
        assertEquals(List.of("frame 10 missing", "frames 11-29 shifted by minus one (shown at output frames 10-28)"), described(a));
        FrameAlignment same = DecodedThumbnails.align(DecodedThumbnails.of(TestMedia.make(dir, "other-crf.mp4", 0, 23, null)),
                DecodedThumbnails.of(reference));
        assertTrue(same.clean(), "another crf of the same frames aligns index to index: " + same.summary(5));
    }
}
