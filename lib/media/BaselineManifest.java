package media;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import contract.FrameHashes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import json.Json;

/**
 * baselines/<fixture>/baseline.json: what the in-process render of a fixture decodes to, and how it was
 * made. It carries no timestamp so that regenerating an unchanged baseline leaves the file unchanged;
 * git history says when.
 *
 * {@code sourceSha256} covers every file of the fixture's src/ (paths and bytes), so a stale baseline
 * (fixture edited, baseline not regenerated) can be told from a renderer change.
 *
 * <p>Two kinds of per-frame hashes: {@code frameHashes} of the decoded output (what a viewer sees) and
 * {@code rawFrames}, the SHA-256 of every raw frame the renderer drew before encoding
 * (contract.FrameHashes), which a chunk reports for its own frames so a drawing difference is found
 * exactly, by frame. A manifest made before raw hashes existed has none: {@link #rawFrameHashes()}
 * is then empty.
 */
@JsonPropertyOrder({"fixture", "rendererVersion", "ffmpegVersion", "analysisFfmpegVersion", "createdBy",
        "sourceSha256", "frameCount", "fps", "width", "height", "durationMs", "hasAudio", "audioDurationMs",
        "pixFmt", "pcmSha256", "rawFrames", "frameHashes"})
public record BaselineManifest(String fixture, String rendererVersion, String ffmpegVersion,
                               String analysisFfmpegVersion, String createdBy, String sourceSha256,
                               int frameCount, double fps, int width, int height, long durationMs,
                               boolean hasAudio, Long audioDurationMs, String pixFmt, String pcmSha256,
                               @JsonInclude(JsonInclude.Include.NON_NULL) FrameHashes rawFrames,
                               List<String> frameHashes) {
    public static final String FILE_NAME = "baseline.json";

    /** A manifest without raw-frame hashes (for an output whose raw frames nobody hashed). */
    public static BaselineManifest of(String fixture, String rendererVersion, String createdBy, Path srcDir,
                                      DecodedMedia decoded) {
        return of(fixture, rendererVersion, createdBy, srcDir, decoded, null);
    }

    /** {@code rawFrames}: the hashes the render reported for the frames it drew (null: none). */
    public static BaselineManifest of(String fixture, String rendererVersion, String createdBy, Path srcDir,
                                      DecodedMedia decoded, FrameHashes rawFrames) {
        Probe p = decoded.probe();
        DecodedHashes h = decoded.hashes();
        return new BaselineManifest(fixture, rendererVersion, Ffmpeg.bundled().version(), Ffmpeg.forAnalysis().version(),
                createdBy, sourceSha256(srcDir), p.frameCount(), p.fps(), p.width(), p.height(), p.durationMs(),
                p.hasAudio(), p.audioDurationMs(), h.pixFmt(), h.pcmSha256(), rawFrames, h.frames());
    }

    /** The raw-frame hash of every frame from frame 0, in order; empty when the manifest has none. */
    @JsonIgnore
    public List<String> rawFrameHashes() {
        return rawFrames == null ? List.of() : rawFrames.frames();
    }

    /**
     * Against the raw hashes of a whole render: the first frame whose hash differs or that only one
     * side has (0 when the algorithms differ); -1 when all agree.
     */
    public int firstDifferingRawFrame(FrameHashes drawn) {
        List<String> mine = rawFrameHashes();
        if (rawFrames != null && !rawFrames.algorithm().equals(drawn.algorithm())) {
            return 0;
        }
        int n = Math.max(mine.size(), drawn.endFrame());
        for (int f = 0; f < n; f++) {
            String a = f < mine.size() ? mine.get(f) : null;
            String b = f >= drawn.firstFrame() && f < drawn.endFrame() ? drawn.frames().get(f - drawn.firstFrame()) : null;
            if (a == null || !a.equals(b)) {
                return f;
            }
        }
        return -1;
    }

    public static BaselineManifest read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), BaselineManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // One hash per line, so a regenerated baseline diffs frame by frame in review.
            var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            Files.writeString(file, Json.MAPPER.writer(printer).writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public DecodedHashes hashes() {
        return new DecodedHashes(pixFmt, frameHashes, pcmSha256);
    }

    /**
     * How {@code candidate} differs from this baseline, one line per difference; empty when the decoded
     * frames and PCM are identical.
     */
    public List<String> differences(DecodedMedia candidate) {
        List<String> out = new java.util.ArrayList<>();
        Probe p = candidate.probe();
        if (p.frameCount() != frameCount) {
            out.add("frame count " + p.frameCount() + ", baseline " + frameCount);
        }
        if (p.width() != width || p.height() != height) {
            out.add("size " + p.size() + ", baseline " + width + "x" + height);
        }
        if (p.fps() != fps) {
            out.add("fps " + p.fps() + ", baseline " + fps);
        }
        int frame = candidate.hashes().firstDifferingFrame(hashes());
        if (frame >= 0) {
            out.add("first differing frame " + frame);
        }
        if (p.hasAudio() != hasAudio) {
            out.add(p.hasAudio() ? "has an audio stream, baseline has none" : "no audio stream, baseline has one");
        } else if (!candidate.hashes().samePcm(hashes())) {
            out.add("decoded PCM differs (" + p.audioDurationMs() + " ms, baseline " + audioDurationMs + " ms)");
        }
        return out;
    }

    /** SHA-256 over the sorted relative paths and contents of every file under {@code srcDir}. */
    public static String sourceSha256(Path srcDir) {
        try (var walk = Files.walk(srcDir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(srcDir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + srcDir + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
