package media;

import java.nio.file.Path;

/**
 * The facts a gate checks about an MP4 before comparing pictures: decoded video frame count, video
 * duration (first frame's pts to the last frame's end), frame rate from the container, size, and
 * whether there is an audio stream (with the decoded audio's length when there is).
 */
public record Probe(int frameCount, long durationMs, double fps, int width, int height,
                    boolean hasAudio, Long audioDurationMs) {
    public static Probe of(Path mp4) {
        return DecodedMedia.of(mp4).probe();
    }

    public String size() {
        return width + "x" + height;
    }
}
