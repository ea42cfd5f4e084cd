package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "same picture" threshold on thumbnails written by hand: four-byte frames of one grey level each,
 * ten levels apart, so every distance below is exact.
 */
class DecodedThumbnailsTest {
    private static byte[] grey(int level) {
        byte[] b = new byte[4];
        Arrays.fill(b, (byte) level);
        return b;
    }

    /** Frames of grey levels 0, 10, 20, ... plus {@code noise[i]} on frame i. */
    private static DecodedThumbnails frames(int n, int... noise) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(grey(10 * i + (i < noise.length ? noise[i] : 0)));
        }
        return new DecodedThumbnails(out);
    }

    @Test
    void mseIsTheMeanSquaredDifferenceOfUnsignedBytes() {
        assertEquals(0.0, DecodedThumbnails.mse(grey(7), grey(7)));
        assertEquals(36100.0, DecodedThumbnails.mse(grey(200), grey(10)), "200 is a byte above 127: unsigned");
        assertEquals(1.5, DecodedThumbnails.mse(new byte[] {1, 2, 0, 0}, new byte[] {0, 0, 0, 1}));
    }

    @Test
    void theThresholdIsFourTimesTheMedianNearestDistanceAndAtLeastTheFloor() {
        assertEquals(DecodedThumbnails.MIN_SAME_MSE, DecodedThumbnails.sameThreshold(frames(5), frames(5)), "identical: the floor");
        assertEquals(DecodedThumbnails.MIN_SAME_MSE, DecodedThumbnails.sameThreshold(new DecodedThumbnails(List.of()), frames(5)));
        assertEquals(DecodedThumbnails.MIN_SAME_MSE, DecodedThumbnails.sameThreshold(frames(5), new DecodedThumbnails(List.of())));
        // Nearest distances 0, 1, 4, 9, 16: the median (index 2 of 5) is 4.
        assertEquals(16.0, DecodedThumbnails.sameThreshold(frames(5, 0, 1, 2, 3, 4), frames(5)));
        // Nearest distances 16, 0, 1, 9, 4 in frame order: the median is taken after sorting.
        assertEquals(16.0, DecodedThumbnails.sameThreshold(frames(5, 4, 0, 1, 3, 2), frames(5)));
        // Nearest distances 1, 1, 4, 9: index 2 of 4 is 4.
        assertEquals(16.0, DecodedThumbnails.sameThreshold(frames(4, 1, 1, 2, 3), frames(4)));
    }

    @Test
    void theNearestDistanceLooksAtTheNeighbouringBaselineFramesToo() {
        // The output is the baseline one frame late: each output frame equals the baseline frame after
        // its index, and the last equals the frame before.
        List<byte[]> late = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            late.add(grey(10 * i));
        }
        assertEquals(DecodedThumbnails.MIN_SAME_MSE, DecodedThumbnails.sameThreshold(new DecodedThumbnails(late), frames(6)));
        List<byte[]> early = new ArrayList<>();
        early.add(grey(0));
        for (int i = 0; i < 5; i++) {
            early.add(grey(10 * i));
        }
        assertEquals(DecodedThumbnails.MIN_SAME_MSE, DecodedThumbnails.sameThreshold(new DecodedThumbnails(early), frames(5)));
        // Two frames away is not a neighbour: every nearest distance is 100.
        List<byte[]> far = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            far.add(grey(10 * i));
        }
        assertEquals(400.0, DecodedThumbnails.sameThreshold(new DecodedThumbnails(far), frames(5)));
    }

    @Test
    void aFrameExactlyAtTheThresholdIsTheSamePicture() {
        // Noise 1 on three frames puts the threshold at 4; noise 2 (distance exactly 4) on the last is still the same.
        FrameAlignment a = DecodedThumbnails.align(frames(4, 1, 1, 1, 2), frames(4));
        assertTrue(a.clean(), a.summary(5));
        FrameAlignment over = DecodedThumbnails.align(frames(5, 1, 1, 1, 1, 3), frames(5));
        assertEquals(List.of("frame 4 differs"), over.events().stream().map(FrameAlignment.Event::describe).toList());
    }

    @Test
    void thePruningBoundNeverRulesOutAPairAtTheThreshold() {
        // Sixteen-pixel frames: one whole run of the pruning's sums. Every pixel of the last frame is 2
        // off, so its run sum is off by exactly 32 and 32^2 meets the bound threshold x 16 x 16 (threshold 4)
        // with no room: a bound any tighter would call this frame different while its MSE is at the threshold.
        List<byte[]> out = new ArrayList<>();
        List<byte[]> base = new ArrayList<>();
        int[] noise = {1, 1, 1, 2};
        for (int i = 0; i < noise.length; i++) {
            byte[] b = new byte[16];
            Arrays.fill(b, (byte) (40 * i));
            base.add(b);
            byte[] o = b.clone();
            Arrays.fill(o, (byte) (40 * i + noise[i]));
            out.add(o);
        }
        DecodedThumbnails output = new DecodedThumbnails(out);
        DecodedThumbnails baseline = new DecodedThumbnails(base);
        assertEquals(4.0, DecodedThumbnails.sameThreshold(output, baseline));
        assertEquals(4.0, DecodedThumbnails.mse(out.get(3), base.get(3)));
        FrameAlignment a = DecodedThumbnails.align(output, baseline);
        assertTrue(a.clean(), a.summary(5));
    }
}
