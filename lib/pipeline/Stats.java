package pipeline;

import java.util.List;

/** Small statistics shared by smoke and eval. */
public final class Stats {
    private Stats() {}

    /** The median; an even count takes the mean of the two middle values. */
    public static double median(List<? extends Number> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("median of no samples");
        }
        double[] s = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
}
