package render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import media.Ffmpeg;

/**
 * Small projects and decoding helpers for the render tests. The PSNR and PCM helpers are deliberately
 * tiny; lib/media's Psnr and DecodedHashes could replace them.
 */
final class RenderFixtures {
    private RenderFixtures() {}

    /** A testsrc2 clip (a moving pattern with a frame counter) encoded with the bundled ffmpeg. */
    static void encodeClip(Path out, int width, int height, int fps, int frames) {
        Ffmpeg.bundled().run(List.of("-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-frames:v", String.valueOf(frames),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", out.toString()));
    }

    /**
     * 160x90, 30 fps, 40 frames: a static backdrop until frame 25 (baked into the background by
     * chunks that lie inside it, drawn per frame by others), a bar moving 4 px per frame (so neighbouring frames differ), a fading
     * ellipse, the frame number as text, a clip visible from frame 5 to 35 starting at its frame 3,
     * and two tones with fades.
     */
    static Path smallProject(Path dir) throws IOException {
        project(dir, """
                {"width": 160, "height": 90, "fps": 30, "durationFrames": 40, "background": "#102030",
                 "layers": [
                   {"type": "rect", "to": 25, "width": 160, "height": 90,
                    "fill": {"linearGradient": {"x0": -80, "y0": 0, "x1": 80, "y1": 0,
                             "stops": [{"offset": 0, "color": "#203a43"}, {"offset": 1, "color": "#2c5364"}]}}},
                   {"type": "rect", "width": 12, "height": 90, "cornerRadius": 3,
                    "fill": {"linearGradient": {"x0": 0, "y0": -45, "x1": 0, "y1": 45,
                             "stops": [{"offset": 0, "color": "#ff0000"}, {"offset": 1, "color": "#ffff00"}]}},
                    "transform": {"x": [{"frame": 0, "value": 0}, {"frame": 39, "value": 156}], "y": 45}},
                   {"type": "video", "from": 5, "to": 35, "src": "clip.mp4", "sourceStartFrame": 3, "width": 80, "height": 44,
                    "transform": {"x": 60, "y": 40, "rotation": [{"frame": 5, "value": 0}, {"frame": 34, "value": 30, "easing": "easeInOut"}]}},
                   {"type": "ellipse", "width": 30, "height": 20, "fill": {"color": "#ffcc00"},
                    "transform": {"x": 130, "y": 20, "opacity": [{"frame": 0, "value": 0}, {"frame": 20, "value": 1, "easing": "easeOut"}]}},
                   {"type": "text", "text": "f{frame}", "size": 20, "transform": {"x": 120, "y": 70, "scale": 1.2}}
                 ],
                 "audio": [
                   {"type": "tone", "frequency": 440, "durationFrames": 40, "volume": 0.5, "fadeInFrames": 3, "fadeOutFrames": 5},
                   {"type": "tone", "frequency": 660, "startFrame": 12, "durationFrames": 60, "volume": 0.7, "fadeInFrames": 4}
                 ]}
                """);
        encodeClip(dir.resolve("clip.mp4"), 96, 54, 30, 40);
        return dir;
    }

    static Path project(Path dir, String compositionJson) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("composition.json"), compositionJson);
        return dir;
    }

    /** Every frame as packed rgb24, in decode order. */
    static byte[] decodeRgb(Path mp4) {
        return Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-map", "0:v:0",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-")).stdout();
    }

    /** The first audio stream decoded to 48 kHz stereo s16le. */
    static byte[] decodePcm(Path mp4) {
        return Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-map", "0:a:0",
                "-f", "s16le", "-ac", "2", "-ar", "48000", "-")).stdout();
    }

    /** Where the container says the audio ends, in 48 kHz samples: the last packet's pts + duration. */
    static long audioEndSample(Path mp4) {
        String crc = Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-map", "0:a:0", "-c", "copy",
                "-f", "framecrc", "-")).stdoutText();
        String last = crc.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).reduce((a, b) -> b).orElseThrow();
        String[] cols = last.split(",");
        return Long.parseLong(cols[2].trim()) + Long.parseLong(cols[3].trim());
    }

    /** PSNR in dB between frame {@code i} of {@code a} and frame {@code j} of {@code b}; identical frames give +inf. */
    static double psnr(byte[] a, int i, byte[] b, int j, int frameBytes) {
        long sum = 0;
        int ai = i * frameBytes;
        int bj = j * frameBytes;
        for (int k = 0; k < frameBytes; k++) {
            int d = (a[ai + k] & 0xff) - (b[bj + k] & 0xff);
            sum += (long) d * d;
        }
        if (sum == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = (double) sum / frameBytes;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
