package media;

import java.util.ArrayList;
import java.util.List;

/**
 * Every video frame's presentation time and duration in the output's own time base against the
 * baseline's, exactly: two times are equal when they are the same rational number of seconds (cross
 * multiplied, so differing time bases are compared without rounding). The total duration is the span
 * from the first frame's pts to the end of the last frame, also exact.
 */
public record TimestampCompare(long outputTimescale, long baselineTimescale, int outputFrames, int baselineFrames,
                               List<Difference> differences, long outputSpan, long baselineSpan) {
    /** A frame's pts and duration in its track's timescale (ticks per second). */
    public record Frame(long pts, long duration) {}

    /** The first frames whose pts or duration differ; values in each file's own timescale. */
    public record Difference(int frame, String field, long value, long baseline) {}

    /** At most this many differences are kept: the first one is what a person looks at. */
    public static final int KEEP = 20;

    public static TimestampCompare compare(long outputTimescale, List<Frame> output, long baselineTimescale, List<Frame> baseline) {
        List<Difference> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(output.size(), baseline.size()) && diffs.size() < KEEP; i++) {
            Frame o = output.get(i);
            Frame b = baseline.get(i);
            if (!same(o.pts(), outputTimescale, b.pts(), baselineTimescale)) {
                diffs.add(new Difference(i, "pts", o.pts(), b.pts()));
            }
            if (!same(o.duration(), outputTimescale, b.duration(), baselineTimescale) && diffs.size() < KEEP) {
                diffs.add(new Difference(i, "duration", o.duration(), b.duration()));
            }
        }
        return new TimestampCompare(outputTimescale, baselineTimescale, output.size(), baseline.size(), List.copyOf(diffs),
                span(output), span(baseline));
    }

    private static long span(List<Frame> frames) {
        if (frames.isEmpty()) {
            return 0;
        }
        long first = frames.stream().mapToLong(Frame::pts).min().orElse(0);
        long end = frames.stream().mapToLong(f -> f.pts() + f.duration()).max().orElse(0);
        return end - first;
    }

    static boolean same(long a, long aScale, long b, long bScale) {
        return Math.multiplyExact(a, bScale) == Math.multiplyExact(b, aScale);
    }

    public boolean countMatches() {
        return outputFrames == baselineFrames;
    }

    public boolean spanMatches() {
        return same(outputSpan, outputTimescale, baselineSpan, baselineTimescale);
    }

    public boolean passes() {
        return countMatches() && spanMatches() && differences.isEmpty();
    }

    /** A baseline value in the output's timescale when it converts exactly, else as ticks of its own. */
    public String baselineTicks(long value) {
        if (Math.multiplyExact(value, outputTimescale) % baselineTimescale == 0) {
            return String.valueOf(value * outputTimescale / baselineTimescale);
        }
        return value + "/" + baselineTimescale + " s";
    }

    public String describe(Difference d) {
        return "frame " + d.frame() + " " + d.field() + " " + d.value() + " != baseline " + baselineTicks(d.baseline())
                + " (time base 1/" + outputTimescale + ")";
    }

    public String describeSpan() {
        return String.format(java.util.Locale.ROOT, "duration %d != baseline %s ticks of 1/%d (%.6f s vs %.6f s)",
                outputSpan, baselineTicks(baselineSpan), outputTimescale, outputSpan / (double) outputTimescale,
                baselineSpan / (double) baselineTimescale);
    }
}
