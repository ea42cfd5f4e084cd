package render;

import java.awt.Paint;
import java.nio.file.Path;
import java.util.List;

/** A validated composition (docs/composition.md); asset paths are resolved against the project directory. */
record Composition(Path file, int width, int height, int fps, int durationFrames, int background,
                   List<Layer> layers, List<AudioTrack> audio) {

    static final int SAMPLE_RATE = 48_000;

    /** The first audio sample of composition frame {@code frame}. */
    long sampleAt(long frame) {
        return frame * SAMPLE_RATE / fps;
    }

    long totalSamples() {
        return sampleAt(durationFrames);
    }

    record Transform(Animated x, Animated y, Animated scale, Animated rotation, Animated opacity) {}

    sealed interface Layer permits Rect, Ellipse, Text, Image, Video {
        int from();

        int to();

        Transform transform();
    }

    record Rect(int from, int to, double width, double height, double cornerRadius, Paint fill,
                Transform transform) implements Layer {}

    record Ellipse(int from, int to, double width, double height, Paint fill, Transform transform) implements Layer {}

    /** {@code font} null means the bundled DejaVu Sans Bold. */
    record Text(int from, int to, String text, double size, Path font, Paint fill, Transform transform) implements Layer {}

    record Image(int from, int to, Path src, int width, int height, Transform transform) implements Layer {}

    record Video(int from, int to, Path src, int sourceStartFrame, int width, int height,
                 Transform transform) implements Layer {}

    sealed interface AudioTrack permits Tone, WavTrack {
        int startFrame();

        double volume();

        int fadeInFrames();

        int fadeOutFrames();
    }

    record Tone(double frequency, int startFrame, int durationFrames, double volume, int fadeInFrames,
                int fadeOutFrames) implements AudioTrack {}

    record WavTrack(Path src, int startFrame, double volume, int fadeInFrames, int fadeOutFrames) implements AudioTrack {}
}
