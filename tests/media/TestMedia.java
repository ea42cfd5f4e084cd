package media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic MP4s made with the bundled ffmpeg from lavfi sources, for analysis tests. */
final class TestMedia {
    static final int FRAMES = 30;
    private static final String VIDEO = "testsrc2=size=320x180:rate=30";

    private TestMedia() {}

    /**
     * 30 frames of moving test pattern (crf 0: lossless, so frames with the same source decode
     * identically whatever the encoder's lookahead saw later); a sine of {@code toneHz} unless it is
     * 0 (then no audio stream).
     */
    static Path make(Path dir, String name, int toneHz, int crf, String videoFilter) {
        return make(dir, name, toneHz, crf, videoFilter, FRAMES);
    }

    static Path make(Path dir, String name, int toneHz, int crf, String videoFilter, int frames) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", VIDEO));
        if (toneHz > 0) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=48000"));
        }
        if (videoFilter != null) {
            args.addAll(List.of("-vf", videoFilter));
        }
        args.addAll(List.of("-frames:v", String.valueOf(frames), "-t", "1", "-c:v", "libx264", "-crf", String.valueOf(crf),
                "-pix_fmt", "yuv420p", "-threads", "1"));
        args.addAll(toneHz > 0 ? List.of("-c:a", "aac", "-ac", "2") : List.of("-an"));
        args.addAll(List.of("-y", out.toString()));
        Ffmpeg.bundled().run(args);
        return out;
    }
}
