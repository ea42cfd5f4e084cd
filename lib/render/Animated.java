package render;

/** A transform property: a constant or keyframes with strictly increasing frames. */
record Animated(int[] frames, double[] values, Easing[] easings) {
    static Animated constant(double value) {
        return new Animated(new int[] {0}, new double[] {value}, new Easing[] {Easing.LINEAR});
    }

    double at(int frame) {
        int last = frames.length - 1;
        if (frame <= frames[0]) {
            return values[0];
        }
        if (frame >= frames[last]) {
            return values[last];
        }
        int k = 1;
        while (frames[k] <= frame) {
            k++;
        }
        double t = (double) (frame - frames[k - 1]) / (frames[k] - frames[k - 1]);
        return values[k - 1] + (values[k] - values[k - 1]) * easings[k].apply(t);
    }
}
