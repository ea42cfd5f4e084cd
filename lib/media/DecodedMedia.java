package media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One decoding pass over a file that yields both its {@link Probe} and its {@link DecodedHashes}, so a
 * caller that needs both (a baseline) decodes once.
 *
 * Video: every decoded frame of the first video stream, converted to {@value #PIX_FMT} and hashed by
 * ffmpeg's framemd5 muxer. -vsync passthrough keeps frames that share a timestamp, which the default
 * for this muxer would drop, so the count is what the decoder produced. Audio: the first audio stream
 * resampled to 48 kHz stereo s16le, written to a temp file and hashed here, so the hash is of the
 * PCM itself and does not depend on how ffmpeg happens to packetize it.
 */
public record DecodedMedia(Probe probe, DecodedHashes hashes) {
    public static final String PIX_FMT = "rgba";
    public static final int PCM_RATE = 48_000;
    private static final int PCM_BYTES_PER_SAMPLE_FRAME = 4;

    public static DecodedMedia of(Path file) {
        StreamInfo info = StreamInfo.of(file);
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("renderproof-decode-");
            Path pcm = tmp.resolve("audio.s16le");
            List<String> args = new ArrayList<>(List.of("-i", file.toString()));
            if (info.hasVideo()) {
                args.addAll(List.of("-map", "0:v:0", "-vsync", "passthrough", "-pix_fmt", PIX_FMT,
                        "-f", "framemd5", "pipe:1"));
            }
            if (info.hasAudio()) {
                args.addAll(List.of("-map", "0:a:0", "-ar", String.valueOf(PCM_RATE), "-ac", "2",
                        "-c:a", "pcm_s16le", "-f", "s16le", pcm.toString()));
            }
            List<FrameLine> frames = List.of();
            String pcmSha256 = null;
            Long audioMs = null;
            if (info.hasVideo() || info.hasAudio()) {
                String framemd5 = Ffmpeg.forAnalysis().run(args).stdoutText();
                frames = FrameLine.parseAll(framemd5);
                if (info.hasAudio()) {
                    long bytes = Files.size(pcm);
                    pcmSha256 = sha256(pcm);
                    audioMs = Math.round(bytes / (double) PCM_BYTES_PER_SAMPLE_FRAME * 1000.0 / PCM_RATE);
                }
            }
            long videoMs = FrameLine.durationMs(frames);
            Probe probe = new Probe(frames.size(), videoMs, fps(info.fps(), frames.size(), videoMs), info.width(), info.height(), info.hasAudio(), audioMs);
            DecodedHashes hashes = new DecodedHashes(PIX_FMT, frames.stream().map(FrameLine::hash).toList(), pcmSha256);
            return new DecodedMedia(probe, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + file + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** The container's frame rate, else decoded frames over the decoded duration, else 0. */
    static double fps(double containerFps, int frames, long videoMs) {
        return containerFps > 0 ? containerFps : videoMs > 0 ? frames * 1000.0 / videoMs : 0;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temp dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One data line of framemd5 output: "stream, dts, pts, duration, size, hash" under a "#tb" header. */
    record FrameLine(long pts, long duration, long tbNum, long tbDen, String hash) {
        static List<FrameLine> parseAll(String framemd5) {
            long num = 1;
            long den = 1;
            List<FrameLine> out = new ArrayList<>();
            for (String line : framemd5.split("\\R")) {
                if (line.startsWith("#tb 0:")) {
                    String[] tb = line.substring("#tb 0:".length()).trim().split("/");
                    num = Long.parseLong(tb[0].trim());
                    den = Long.parseLong(tb[1].trim());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(",");
                    if (f.length == 6 && f[0].trim().equals("0")) {
                        out.add(new FrameLine(Long.parseLong(f[2].trim()), Long.parseLong(f[3].trim()), num, den, f[5].trim()));
                    }
                }
            }
            return out;
        }

        static long durationMs(List<FrameLine> frames) {
            if (frames.isEmpty()) {
                return 0;
            }
            FrameLine first = frames.get(0);
            FrameLine last = frames.get(frames.size() - 1);
            long ticks = last.pts + last.duration - first.pts;
            return Math.round(ticks * 1000.0 * first.tbNum / first.tbDen);
        }
    }
}
