package render;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import media.Ffmpeg;
import media.Mp4SampleTable;

/**
 * Frame count and frame rate of an MP4's first video stream. Read from the MP4's sample table in pure
 * Java when it is plain (every sample at or after the start of the edit, so the demuxer drops none):
 * no process per clip, which mattered because every chunk reads the composition. Anything else goes
 * to the bundled ffmpeg (there is no ffprobe), counting stream-copied packets through the framecrc
 * muxer, which is exact and decodes nothing.
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
        Info fromTable = fromSampleTable(mp4);
        return fromTable != null ? fromTable : withFfmpeg(mp4);
    }

    /** The average frame rate (frames over their presentation span), as ffmpeg reports it; null when the table will not do. */
    static Info fromSampleTable(Path mp4) {
        Mp4SampleTable video;
        try {
            video = Mp4SampleTable.video(mp4);
        } catch (RuntimeException notPlainMp4) {
            return null;
        }
        if (video.sampleCount() == 0 || video.presentationSpan() <= 0 || video.timescale() <= 0
                || video.samples().stream().anyMatch(s -> s.pts() < 0)) {
            return null;
        }
        return new Info(video.sampleCount(), (double) video.sampleCount() * video.timescale() / video.presentationSpan());
    }

    static Info withFfmpeg(Path mp4) {
        Ffmpeg.Result r = Ffmpeg.bundled().run(List.of("-i", mp4.toString(), "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"));
        Matcher m = FPS.matcher(r.stderr());
        if (!m.find()) {
            throw new IllegalStateException("no frame rate in ffmpeg's description of " + mp4);
        }
        return new Info(packets(r.stdoutText()), Double.parseDouble(m.group(1)));
    }

    private static int packets(String framecrc) {
        return (int) framecrc.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }
}
