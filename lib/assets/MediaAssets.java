package assets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import media.Ffmpeg;

/**
 * The binary assets the fixtures use (fixtures/media-assets/src/): logo.png, music.wav and clip.mp4.
 * Everything is drawn or synthesized here from fixed parameters and a fixed seed, with no fonts
 * (Java2D shapes only: the renderer's world has no AWT fonts), and the clip is encoded by the bundled
 * ffmpeg single-threaded with bitexact flags, so writing them again reproduces the committed bytes
 * (tests/render/MediaAssetsTest checks it). Run through ./jbang fixtures/make-assets.java.
 */
public final class MediaAssets {
    static final int FPS = 30;
    static final int CLIP_W = 320;
    static final int CLIP_H = 180;
    static final int CLIP_FRAMES = 90;
    static final int RATE = 48_000;
    static final long SEED = 20240611L;

    /** The files {@link #write} makes. */
    public static final List<String> FILES = List.of("logo.png", "music.wav", "clip.mp4");

    /** The fixtures whose src/ holds these files (the same bytes in each). */
    public static final List<String> FIXTURES = List.of("media-assets", "mp4-h264-sdr");

    private MediaAssets() {}

    /** Writes logo.png, music.wav and clip.mp4 into {@code dir} (which must exist), replacing what is there. */
    public static void write(Path dir) throws IOException, InterruptedException {
        writePng(dir.resolve("logo.png"));
        writeWav(dir.resolve("music.wav"));
        writeClip(dir.resolve("clip.mp4"));
    }

    /** A 128x128 badge with transparency: ring, gradient disc and a star, so rotation is visible. */
    static void writePng(Path out) throws IOException {
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x1e90ff), 128, 128, new Color(0x8a2be2)));
        g.fill(new Ellipse2D.Double(4, 4, 120, 120));
        g.setColor(new Color(255, 255, 255, 230));
        g.setStroke(new BasicStroke(6f));
        g.draw(new Ellipse2D.Double(10, 10, 108, 108));
        g.setColor(new Color(0xffd700));
        g.fill(star(64, 64, 44, 18, 5));
        // An off-centre marker so that a rotated or mirrored image can be told apart from the original.
        g.setColor(new Color(0xff3030));
        g.fill(new Rectangle2D.Double(56, 12, 16, 16));
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
    }

    static Path2D star(double cx, double cy, double outer, double inner, int points) {
        Path2D p = new Path2D.Double();
        for (int i = 0; i < points * 2; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = Math.PI * i / points - Math.PI / 2;
            double x = cx + r * Math.cos(a);
            double y = cy + r * Math.sin(a);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    /**
     * Two seconds of 16-bit 48 kHz stereo: four chords (C, Am, F, G), each note with an attack/decay/
     * release envelope and a few harmonics, a bass note per chord, and short seeded-noise hi-hats
     * panned right so that a channel swap is audible.
     */
    static void writeWav(Path out) throws IOException {
        double seconds = 2.0;
        int n = (int) (RATE * seconds);
        double[] left = new double[n];
        double[] right = new double[n];
        double[][] chords = {
            {261.63, 329.63, 392.00}, {220.00, 261.63, 329.63}, {174.61, 220.00, 261.63}, {196.00, 246.94, 293.66},
        };
        double[] bass = {65.41, 55.00, 87.31, 98.00};
        double chordLen = seconds / chords.length;
        for (int c = 0; c < chords.length; c++) {
            int start = (int) (c * chordLen * RATE);
            int len = (int) (chordLen * RATE);
            for (double f : chords[c]) {
                addNote(left, right, start, len, f, 0.12, 0.35);
            }
            addNote(left, right, start, len, bass[c], 0.2, 0.5);
        }
        Random random = new Random(SEED);
        int hat = RATE / 20;
        for (int beat = 0; beat < 8; beat++) {
            int start = (int) (beat * 0.25 * RATE) + RATE / 8;
            for (int i = 0; i < hat && start + i < n; i++) {
                double env = Math.exp(-i / (hat / 6.0));
                double s = (random.nextDouble() * 2 - 1) * 0.08 * env;
                left[start + i] += s * 0.3;
                right[start + i] += s;
            }
        }
        ByteBuffer pcm = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            pcm.putShort(toS16(left[i]));
            pcm.putShort(toS16(right[i]));
        }
        Files.write(out, wav(pcm.array(), 2));
    }

    static void addNote(double[] left, double[] right, int start, int len, double freq, double amp, double pan) {
        int attack = RATE / 100;
        int release = RATE / 10;
        for (int i = 0; i < len && start + i < left.length; i++) {
            double t = i / (double) RATE;
            double env = i < attack ? i / (double) attack
                    : i > len - release ? (len - i) / (double) release
                    : 0.6 + 0.4 * Math.exp(-(i - attack) / (RATE * 0.15));
            double s = amp * env * (Math.sin(2 * Math.PI * freq * t) + 0.3 * Math.sin(4 * Math.PI * freq * t)
                    + 0.1 * Math.sin(6 * Math.PI * freq * t));
            left[start + i] += s * (1 - pan);
            right[start + i] += s * pan;
        }
    }

    static short toS16(double v) {
        return (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
    }

    static byte[] wav(byte[] pcm, int channels) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(RATE).putInt(RATE * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        h.put("data".getBytes()).putInt(pcm.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(pcm);
        return out.toByteArray();
    }

    /**
     * 90 frames at 30 fps: a bar sweeping across, a checkerboard scrolling by two pixels per frame,
     * and the frame number in binary as a row of eight lamps, so a clip started one frame early or
     * late is visible on any single frame.
     */
    static void writeClip(Path out) throws IOException, InterruptedException {
        Process p = Ffmpeg.bundled().start(List.of(
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", CLIP_W + "x" + CLIP_H, "-r", String.valueOf(FPS), "-i", "pipe:0",
                "-c:v", "libx264", "-preset", "medium", "-crf", "26", "-pix_fmt", "yuv420p", "-threads", "1",
                "-g", String.valueOf(FPS), "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
                "-movflags", "+faststart", "-f", "mp4", "-y", out.toString()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream stdin = p.getOutputStream()) {
            for (int f = 0; f < CLIP_FRAMES; f++) {
                stdin.write(clipFrame(f));
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("ffmpeg exited " + code + ": " + new String(err.join()));
        }
    }

    static byte[] clipFrame(int f) {
        BufferedImage img = new BufferedImage(CLIP_W, CLIP_H, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x20, 0x20, 0x30));
        g.fillRect(0, 0, CLIP_W, CLIP_H);
        int cell = 20;
        int shift = (f * 2) % (cell * 2);
        g.setColor(new Color(0x2f, 0x4f, 0x6f));
        for (int y = 0; y < CLIP_H; y += cell) {
            for (int x = -cell * 2; x < CLIP_W; x += cell) {
                if (((x + cell * 2) / cell + y / cell) % 2 == 0) {
                    g.fillRect(x + shift, y, cell, cell);
                }
            }
        }
        g.setColor(new Color(0xff, 0x8c, 0x00));
        int barX = (int) Math.round((CLIP_W - 16) * f / (double) (CLIP_FRAMES - 1));
        g.fillRect(barX, 0, 16, CLIP_H);
        for (int bit = 0; bit < 8; bit++) {
            boolean on = ((f >> (7 - bit)) & 1) == 1;
            g.setColor(on ? new Color(0x40, 0xff, 0x40) : new Color(0x40, 0x40, 0x40));
            g.fillRect(40 + bit * 30, CLIP_H - 34, 24, 24);
        }
        g.dispose();
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return rgb;
    }
}
