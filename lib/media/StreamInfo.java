package media;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the container says about its first video and audio streams, read from ffmpeg's input banner
 * (there is no ffprobe in the bundled build). Stream-copying to the null muxer reads the header
 * without decoding, so this is cheap enough to call before every analysis.
 */
public record StreamInfo(boolean hasVideo, boolean hasAudio, int width, int height, double fps) {
    private static final Pattern STREAM = Pattern.compile("^\\s*Stream #\\d+:\\d+.*?: (Video|Audio): (.*)$");
    // Stops at a delimiter so codec tags such as "0x31637661" are never taken for a size.
    private static final Pattern SIZE = Pattern.compile("(?<![\\dx])(\\d{1,5})x(\\d{1,5})(?=[\\s,\\]]|$)");
    private static final Pattern FPS = Pattern.compile("([\\d.]+)(k?) fps");
    private static final Pattern TBR = Pattern.compile("([\\d.]+)(k?) tbr");

    public static StreamInfo of(Path file) {
        return parse(MediaFacts.banner(file));
    }

    /** Parses the "Input #0" section of a {@link MediaFacts#banner} only: the "Output #0" section repeats the streams. */
    public static StreamInfo parse(String ffmpegStderr) {
        boolean inInput = false;
        boolean video = false;
        boolean audio = false;
        int width = 0;
        int height = 0;
        double fps = 0;
        for (String line : ffmpegStderr.split("\\R")) {
            if (line.startsWith("Input #")) {
                inInput = true;
                continue;
            }
            if (line.startsWith("Output #") || line.startsWith("Stream mapping")) {
                break;
            }
            Matcher m = STREAM.matcher(line);
            if (!inInput || !m.find()) {
                continue;
            }
            if (m.group(1).equals("Audio")) {
                audio = true;
            } else if (!video) {
                video = true;
                String desc = m.group(2);
                Matcher size = SIZE.matcher(desc);
                if (size.find()) {
                    width = Integer.parseInt(size.group(1));
                    height = Integer.parseInt(size.group(2));
                }
                fps = rate(FPS.matcher(desc));
                if (fps == 0) {
                    fps = rate(TBR.matcher(desc));
                }
            }
        }
        return new StreamInfo(video, audio, width, height, fps);
    }

    private static double rate(Matcher m) {
        if (!m.find()) {
            return 0;
        }
        double v = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? v : v * 1000;
    }
}
