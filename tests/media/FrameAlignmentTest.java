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
