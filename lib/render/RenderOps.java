package render;

import contract.ErrorName;
import contract.FrameHashes;
import contract.RenderConfig;
import contract.RenderFailure;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import media.Ffmpeg;
import media.Mp4SampleTable;

/**
 * The four operations the in-process render and the Lambda handler are built from. Composition
 * problems throw {@link CompositionException}, config problems a {@link RenderFailure} with the
 * contract's error name; anything else (I/O, ffmpeg) is RENDER_FAILED, which is retryable.
 * Every durationMs is the operation's wall-clock time. Every render also returns the SHA-256 of each
 * raw frame it handed to the encoder (contract.FrameHashes).
 *
 * <p>The overloads taking a {@link TestFault} are for the handler's test-only fault hook; everything
 * else passes {@link TestFault#NONE}.
 */
public final class RenderOps {
    /** The fewest frames a chunk has when the chunking is by count (REFERENCE.md sizing). */
    public static final int MIN_CHUNK_FRAMES = ChunkPlanner.MIN_CHUNK_FRAMES;

    private RenderOps() {}

    /** What a valid composition is, for checks made before anything is built or started. */
    public record Summary(int width, int height, int fps, int durationFrames, boolean hasAudio) {}

    /**
     * Reads and validates composition.json and its assets exactly as a render would, without rendering;
     * errors ({@link CompositionException}) name the file as {@code shownAs}.
     */
    public static Summary check(Path projectDir, String shownAs) {
        Composition c = CompositionReader.read(projectDir, shownAs);
        return new Summary(c.width(), c.height(), c.fps(), c.durationFrames(), !c.audio().isEmpty());
    }

    /** How many chunks a plan of totalFrames has for this chunking (REFERENCE.md sizing), e.g. 9 when 100000 are asked of 90 frames. */
    public static int chunkCount(int totalFrames, Integer chunkSize, Integer maxParallelChunks) {
        int size = ChunkPlanner.chunkSize(totalFrames, chunkSize, maxParallelChunks);
        return (int) ((totalFrames + (long) size - 1) / size);
    }

    /** In-process render of the whole composition: one ffmpeg for video, audio muxed. */
    public static RenderResult renderAll(Path projectDir, Path outMp4) {
        long t0 = System.nanoTime();
        Composition c = CompositionReader.read(projectDir);
        Path wav = null;
        try {
            if (!c.audio().isEmpty()) {
                wav = Files.createTempFile(parentOf(outMp4), "renderproof-audio-", ".wav");
                AudioMixer.mix(c, wav);
            }
            Encoded encoded = encode(c, 0, new FrameRange(0, c.durationFrames()), wav, outMp4, true, TestFault.NONE);
            return new RenderResult(outMp4, encoded.frames(), wav != null, elapsedMs(t0), encoded.hashes());
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot render " + outMp4 + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(wav);
        }
    }

    /** Validates the composition against cfg and decides the chunks (REFERENCE.md sizing); nothing else. */
    public static Plan plan(Path projectDir, RenderConfig cfg) {
        return ChunkPlanner.plan(CompositionReader.read(projectDir), cfg);
    }

    /**
     * Mixes the whole timeline once and encodes it to AAC in an audio-only MP4 (M4A), with exactly the
     * settings and the pad/trim to the video's length that renderAll uses, so an assemble that
     * stream-copies it decodes to the in-process render's PCM. Nothing is written when the plan has no audio.
     */
    public static AudioOutput renderAudio(Path projectDir, Plan plan, Path outM4a) {
        return renderAudio(projectDir, plan, outM4a, TestFault.NONE);
    }

    public static AudioOutput renderAudio(Path projectDir, Plan plan, Path outM4a, TestFault fault) {
        long t0 = System.nanoTime();
        Composition c = readMatching(projectDir, plan);
        if (!plan.hasAudio()) {
            return new AudioOutput(null, elapsedMs(t0));
        }
        Path wav = null;
        try {
            wav = Files.createTempFile(parentOf(outM4a), "renderproof-audio-", ".wav");
            AudioMixer.mix(c, wav);
            List<String> args = new ArrayList<>(List.of("-loglevel", "error", "-i", wav.toString(), "-map", "0:a:0"));
            args.addAll(EncoderSettings.audioEncoder(fault.audioFilterPrefix(), fault.audioSamples(c.totalSamples())));
            args.addAll(EncoderSettings.mp4Output(outM4a, false));
            Ffmpeg.bundled().run(args);
            return new AudioOutput(outM4a, elapsedMs(t0));
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderFailure f) {
                throw f;
            }
            throw new RenderFailure(ErrorName.RENDER_FAILED, "encoding the audio " + outM4a.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(wav);
        }
    }

    /** Renders plan.chunks().get(i) to a video-only MP4 starting with an IDR frame, closed GOP. */
    public static ChunkOutput renderChunk(Path projectDir, Plan plan, int chunkIndex, Path outMp4) {
        return renderChunk(projectDir, plan, chunkIndex, outMp4, TestFault.NONE);
    }

    public static ChunkOutput renderChunk(Path projectDir, Plan plan, int chunkIndex, Path outMp4, TestFault fault) {
        long t0 = System.nanoTime();
        Composition c = readMatching(projectDir, plan);
        if (chunkIndex < 0 || chunkIndex >= plan.chunks().size()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "ChunkIndex " + chunkIndex + " outside the plan's "
                    + plan.chunks().size() + " chunks");
        }
        FrameRange range = plan.chunks().get(chunkIndex);
        Encoded encoded = encode(c, chunkIndex, range, null, outMp4, false, fault);
        return new ChunkOutput(outMp4, encoded.frames(), elapsedMs(t0), encoded.hashes());
    }

    /**
     * ffmpeg concat demuxer with -c copy, the plan's audio (if any, already encoded by
     * {@link #renderAudio}) stream-copied beside it, +faststart: nothing is encoded here. The concat list states each chunk's duration, read exactly from the
     * chunk's sample table: left to itself the demuxer takes the container's duration, which the mp4
     * muxer rounds to the millisecond, and every frame after a seam would start up to half a
     * millisecond late (the last frame of a 23-frame chunk at 30 fps lasted 517 ticks instead of 512).
     */
    public static AssembleOutput assemble(Plan plan, List<Path> chunkFiles, Path audioM4aOrNull, Path outMp4) {
        return assemble(plan, chunkFiles, audioM4aOrNull, outMp4, TestFault.NONE);
    }

    public static AssembleOutput assemble(Plan plan, List<Path> chunkFiles, Path audioM4aOrNull, Path outMp4, TestFault fault) {
        long t0 = System.nanoTime();
        if (chunkFiles.size() != plan.chunks().size()) {
            throw new RenderFailure(ErrorName.CHUNK_COUNT_MISMATCH, "got " + chunkFiles.size() + " chunk files for a plan of "
                    + plan.chunks().size() + " chunks");
        }
        if (plan.hasAudio() && audioM4aOrNull == null) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the plan has audio but no audio file was given to assemble");
        }
        Path list = null;
        try {
            list = Files.createTempFile(parentOf(outMp4), "renderproof-concat-", ".txt");
            StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
            long startTicks = 0;
            for (Path chunk : chunkFiles) {
                Mp4SampleTable video = Mp4SampleTable.video(chunk);
                long endTicks = startTicks + video.presentationSpan();
                // Differences of rounded cumulative times, so the rounding to microseconds never adds up.
                long micros = micros(endTicks, video.timescale()) - micros(startTicks, video.timescale());
                sb.append("file '").append(chunk.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
                sb.append("duration ").append(seconds(fault.concatDurationMicros(micros))).append("\n");
                startTicks = endTicks;
            }
            Files.writeString(list, sb.toString());
            List<String> args = new ArrayList<>(List.of("-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list.toString()));
            Path audio = plan.hasAudio() ? audioM4aOrNull : null;
            if (audio != null) {
                args.addAll(List.of("-i", audio.toString()));
            }
            args.addAll(List.of("-map", "0:v:0", "-c:v", "copy"));
            if (audio != null) {
                args.addAll(List.of("-map", "1:a:0", "-c:a", "copy"));
            }
            args.addAll(EncoderSettings.mp4Output(outMp4, true));
            try {
                Ffmpeg.bundled().run(args);
            } catch (RuntimeException e) {
                throw new RenderFailure(ErrorName.RENDER_FAILED, "assembling " + outMp4.getFileName() + " failed: " + e.getMessage(), e);
            }
            int frames = frameCount(outMp4);
            if (frames != plan.totalFrames() && !fault.changesFrameCount()) {
                throw new RenderFailure(ErrorName.RENDER_FAILED, "assembled " + frames + " frames, the plan has " + plan.totalFrames());
            }
            return new AssembleOutput(outMp4, frames, Files.size(outMp4), elapsedMs(t0));
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot assemble " + outMp4 + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(list);
        }
    }

    private record Encoded(int frames, FrameHashes hashes) {}

    /**
     * Draws {@code range} and encodes it to {@code out}; returns the frames the MP4 holds and the hash
     * of every raw frame handed to the encoder. A fault may change which frame is drawn for a slot,
     * how often it is encoded, its pixels and the encoder's settings.
     */
    private static Encoded encode(Composition c, int chunkIndex, FrameRange range, Path wavOrNull, Path out,
                                  boolean faststart, TestFault fault) {
        FrameRange drawn = new FrameRange(fault.drawnFrame(chunkIndex, range, range.start()),
                fault.drawnFrame(chunkIndex, range, range.endExclusive() - 1) + 1);
        int submitted = 0;
        List<String> hashes;
        try (VideoEncoder encoder = VideoEncoder.start(c, wavOrNull, out, faststart, fault.videoEncoder(c.fps(), range));
             FrameDrawer drawer = FrameDrawer.open(c, drawn);
             FramePipeline pipeline = new FramePipeline(c.width(), c.height(), encoder.frames())) {
            try {
                for (int f = range.start(); f < range.endExclusive(); f++) {
                    BufferedImage img = pipeline.acquire();
                    drawer.draw(fault.drawnFrame(chunkIndex, range, f), img);
                    fault.alterDrawn(f, img);
                    int copies = fault.copies(f);
                    if (copies == 0) {
                        pipeline.discard(img);
                        continue;
                    }
                    for (int k = 1; k < copies; k++) {
                        BufferedImage copy = pipeline.acquire();
                        System.arraycopy(pixels(img), 0, pixels(copy), 0, pixels(img).length);
                        pipeline.submit(copy);
                        submitted++;
                    }
                    pipeline.submit(img);
                    submitted++;
                }
                pipeline.finish();
                hashes = pipeline.hashes();
            } catch (IOException e) {
                encoder.finish();
                throw new RenderFailure(ErrorName.RENDER_FAILED, "the encoder stopped reading frames: " + e.getMessage(), e);
            }
            encoder.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderFailure(ErrorName.RENDER_FAILED, "interrupted while rendering " + out.getFileName(), e);
        }
        int frames = frameCount(out);
        if (frames != submitted) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, out.getFileName() + " holds " + frames + " frames, expected "
                    + submitted);
        }
        return new Encoded(frames, new FrameHashes(FrameHashes.SHA256_BGR24, c.width(), c.height(), range.start(), hashes));
    }

    /** The composition, after checking that the plan describes it (a plan of another project is a bad event). */
    private static Composition readMatching(Path projectDir, Plan plan) {
        Composition c = CompositionReader.read(projectDir);
        if (plan.totalFrames() != c.durationFrames() || plan.fps() != c.fps() || plan.width() != c.width()
                || plan.height() != c.height()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the plan (" + plan.width() + "x" + plan.height() + " @" + plan.fps()
                    + " fps, " + plan.totalFrames() + " frames) does not describe " + c.file());
        }
        return c;
    }

    /** Frames of an MP4 we wrote, from its sample table: no ffmpeg process, nothing decoded. */
    private static int frameCount(Path mp4) {
        try {
            return Mp4SampleTable.video(mp4).sampleCount();
        } catch (RuntimeException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot count the frames of " + mp4 + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pixels(BufferedImage img) {
        return ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    private static long micros(long ticks, long timescale) {
        return Math.round(ticks * 1_000_000.0 / timescale);
    }

    /** Seconds with six decimals, the finest the concat demuxer's duration directive reads. */
    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static Path parentOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return parent;
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file next to the output must not fail a finished render
            }
        }
    }
}
