package render;

import contract.ErrorName;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import media.Ffmpeg;

/**
 * Frame count and frame rate of an MP4's first video stream, with the bundled ffmpeg (there is no
 * ffprobe). Counting stream-copied packets through the framecrc muxer is exact and decodes nothing.
 */
final class VideoProbe {
    private static final Pattern FPS = Pattern.compile("Video: .*?(\\d+(?:\\.\\d+)?) fps");

    record Info(int frames, double fps) {}

    private VideoProbe() {}

    /** For a composition's clip: problems are composition errors naming {@code field}. */
    static Info probe(Path mp4, String file, String field) {
        try {
            return probe(mp4);
        } catch (RuntimeException e) {
            throw new CompositionException(file, field, "cannot read " + mp4.getFileName() + " as a video: " + e.getMessage());
        }
    }

    static Info probe(Path mp4) {
        Ffmpeg.Result r = Ffmpeg.bundled().run(List.of("-i", mp4.toString(), "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"));
        Matcher m = FPS.matcher(r.stderr());
        if (!m.find()) {
            throw new IllegalStateException("no frame rate in ffmpeg's description of " + mp4);
        }
        return new Info(packets(r.stdoutText()), Double.parseDouble(m.group(1)));
    }

    /** Frames in an output we wrote; a mismatch with what was sent is a render failure. */
    static int countFrames(Path mp4) {
        try {
            Ffmpeg.Result r = Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-map", "0:v:0",
                    "-c", "copy", "-f", "framecrc", "-"));
            return packets(r.stdoutText());
        } catch (RuntimeException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot count the frames of " + mp4 + ": " + e.getMessage(), e);
        }
    }

    private static int packets(String framecrc) {
        return (int) framecrc.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }
}
