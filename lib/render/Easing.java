package render;

/** How a keyframe segment progresses; the easing belongs to the keyframe that ends the segment. */
enum Easing {
    LINEAR, EASE_IN, EASE_OUT, EASE_IN_OUT, HOLD;

    static Easing named(String name) {
        return switch (name) {
            case "linear" -> LINEAR;
            case "easeIn" -> EASE_IN;
            case "easeOut" -> EASE_OUT;
            case "easeInOut" -> EASE_IN_OUT;
            case "hold" -> HOLD;
            default -> null;
        };
    }

    /** Progress in [0,1] for t in [0,1). */
    double apply(double t) {
        return switch (this) {
            case LINEAR -> t;
            case EASE_IN -> t * t * t;
            case EASE_OUT -> 1 - Math.pow(1 - t, 3);
            case EASE_IN_OUT -> t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
            case HOLD -> 0;
        };
    }
}
