package media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every decoded frame of a file's first video stream, shrunk to a 64x36 grey thumbnail (area
 * averaging), for aligning two renders by content. Shrinking averages away the encoder's noise (two
 * good encodes of the same picture differ by a mean squared error of about 0.1 here), while
 * consecutive frames of anything that moves differ by far more (3 to 300 on the fixtures), so "the same
 * picture" is a threshold well between the two.
 */
public record DecodedThumbnails(List<byte[]> frames) {
    public static final int WIDTH = 64;
    public static final int HEIGHT = 36;
    /** Below this mean squared error (8-bit grey), two thumbnails always count as the same picture. */
    public static final double MIN_SAME_MSE = 1.0;

    /** The filter that makes a thumbnail of a decoded frame. */
    static final String FILTER = "scale=" + WIDTH + ":" + HEIGHT + ":flags=area,format=gray";

    public static DecodedThumbnails of(Path file) {
        return fromRaw(Ffmpeg.forAnalysis().run(List.of("-i", file.toString(), "-map", "0:v:0", "-vsync", "passthrough",
                "-vf", FILTER, "-f", "rawvideo", "pipe:1")).stdout());
    }

    /** Thumbnails from {@link #FILTER}'s output as raw bytes, one frame after the other. */
    static DecodedThumbnails fromRaw(byte[] raw) {
        int size = WIDTH * HEIGHT;
        List<byte[]> frames = new ArrayList<>();
        for (int at = 0; at + size <= raw.length; at += size) {
            frames.add(Arrays.copyOfRange(raw, at, at + size));
        }
        return new DecodedThumbnails(frames);
    }

    public static double mse(byte[] a, byte[] b) {
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            int d = (a[k] & 0xff) - (b[k] & 0xff);
            sum += (long) d * d;
        }
        return sum / (double) a.length;
    }

    /**
     * The threshold for "the same picture": four times the typical distance between an output frame and
     * its nearest baseline frame among the same index and its neighbours (the encoders' noise, robust to
     * a few shifted frames), and at least {@link #MIN_SAME_MSE}.
     */
    public static double sameThreshold(DecodedThumbnails output, DecodedThumbnails baseline) {
        int n = output.frames.size();
        int m = baseline.frames.size();
        if (n == 0 || m == 0) {
            return MIN_SAME_MSE;
        }
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = Math.max(0, i - 1); j <= Math.min(m - 1, i + 1); j++) {
                best = Math.min(best, mse(output.frames.get(i), baseline.frames.get(j)));
            }
            nearest[i] = best;
        }
        Arrays.sort(nearest);
        return Math.max(MIN_SAME_MSE, 4 * nearest[n / 2]);
    }

    /** Aligns {@code output} with {@code baseline} by thumbnail content. */
    public static FrameAlignment align(DecodedThumbnails output, DecodedThumbnails baseline) {
        double threshold = sameThreshold(output, baseline);
        // The alignment asks about every (output, baseline) pair, and most pairs differ plainly. The sums
        // of runs of GROUP pixels bound a pair's squared error from below: (sum of a run's differences)^2
        // <= GROUP x (sum of their squares) (Cauchy-Schwarz). So a pair whose run sums are too far apart
        // is not the same picture, known at a sixteenth of the cost; only the others are compared pixel
        // by pixel. The slack keeps float rounding from ruling out a pair at the edge.
        long[][] o = groupSums(output);
        long[][] b = groupSums(baseline);
        int pixels = output.frames.isEmpty() ? 0 : output.frames.get(0).length;
        double bound = threshold * GROUP * (double) pixels * (1 + 1e-9);
        return FrameAlignment.align(output.frames.size(), baseline.frames.size(),
                (i, j) -> squaredDistance(o[i], b[j]) <= bound && mse(output.frames.get(i), baseline.frames.get(j)) <= threshold);
    }

    private static final int GROUP = 16;

    private static long[][] groupSums(DecodedThumbnails t) {
        long[][] out = new long[t.frames.size()][];
        for (int f = 0; f < out.length; f++) {
            byte[] px = t.frames.get(f);
            long[] sums = new long[(px.length + GROUP - 1) / GROUP];
            for (int k = 0; k < px.length; k++) {
                sums[k / GROUP] += px[k] & 0xff;
            }
            out[f] = sums;
        }
        return out;
    }

    private static long squaredDistance(long[] a, long[] b) {
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            long d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }
}
