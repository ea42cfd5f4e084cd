package render;

import contract.ErrorName;
import contract.RenderConfig;
import contract.RenderFailure;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import media.Ffmpeg;

/**
 * The four operations the in-process render and the Lambda handler are built from. Composition
 * problems throw {@link CompositionException}, config problems a {@link RenderFailure} with the
 * contract's error name; anything else (I/O, ffmpeg) is RENDER_FAILED, which is retryable.
 * Every durationMs is the operation's wall-clock time.
 */
public final class RenderOps {
    private RenderOps() {}

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
            int frames = encode(c, new FrameRange(0, c.durationFrames()), wav, outMp4, true);
            return new RenderResult(outMp4, frames, wav != null, elapsedMs(t0));
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot render " + outMp4 + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(wav);
        }
    }

    /** Validates the composition against cfg, decides the chunks (REFERENCE.md sizing), mixes the audio once for the whole timeline into audioOutWav (no file written when the composition has no audio). */
    public static Plan plan(Path projectDir, RenderConfig cfg, Path audioOutWav) {
        Composition c = CompositionReader.read(projectDir);
        Plan plan = ChunkPlanner.plan(c, cfg);
        if (plan.hasAudio()) {
            AudioMixer.mix(c, audioOutWav);
        }
        return plan;
    }

    /** Renders plan.chunks().get(i) to a video-only MP4 starting with an IDR frame, closed GOP. */
    public static ChunkOutput renderChunk(Path projectDir, Plan plan, int chunkIndex, Path outMp4) {
        long t0 = System.nanoTime();
        Composition c = CompositionReader.read(projectDir);
        if (plan.totalFrames() != c.durationFrames() || plan.fps() != c.fps() || plan.width() != c.width()
                || plan.height() != c.height()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the plan (" + plan.width() + "x" + plan.height() + " @" + plan.fps()
                    + " fps, " + plan.totalFrames() + " frames) does not describe " + c.file());
        }
        if (chunkIndex < 0 || chunkIndex >= plan.chunks().size()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "ChunkIndex " + chunkIndex + " outside the plan's "
                    + plan.chunks().size() + " chunks");
        }
        FrameRange range = plan.chunks().get(chunkIndex);
        int frames = encode(c, range, null, outMp4, false);
        return new ChunkOutput(outMp4, frames, elapsedMs(t0));
    }

    /** ffmpeg concat demuxer with -c copy, then the plan's audio (if any) muxed AAC, padded or trimmed to the video length, +faststart. */
    public static AssembleOutput assemble(Plan plan, List<Path> chunkFiles, Path audioWavOrNull, Path outMp4) {
        long t0 = System.nanoTime();
        if (chunkFiles.size() != plan.chunks().size()) {
            throw new RenderFailure(ErrorName.CHUNK_COUNT_MISMATCH, "got " + chunkFiles.size() + " chunk files for a plan of "
                    + plan.chunks().size() + " chunks");
        }
        if (plan.hasAudio() && audioWavOrNull == null) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the plan has audio but no audio file was given to assemble");
        }
        Path list = null;
        try {
            list = Files.createTempFile(parentOf(outMp4), "renderproof-concat-", ".txt");
            StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
            for (Path chunk : chunkFiles) {
                sb.append("file '").append(chunk.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
            }
            Files.writeString(list, sb.toString());
            List<String> args = new ArrayList<>(List.of("-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list.toString()));
            Path wav = plan.hasAudio() ? audioWavOrNull : null;
            if (wav != null) {
                args.addAll(List.of("-i", wav.toString()));
            }
            args.addAll(List.of("-map", "0:v:0", "-c:v", "copy"));
            if (wav != null) {
                long samples = (long) plan.totalFrames() * Composition.SAMPLE_RATE / plan.fps();
                args.addAll(List.of("-map", "1:a:0"));
                args.addAll(EncoderSettings.audioEncoder(samples));
            }
            args.addAll(EncoderSettings.mp4Output(outMp4, true));
            try {
                Ffmpeg.bundled().run(args);
            } catch (RuntimeException e) {
                throw new RenderFailure(ErrorName.RENDER_FAILED, "assembling " + outMp4.getFileName() + " failed: " + e.getMessage(), e);
            }
            int frames = VideoProbe.countFrames(outMp4);
            if (frames != plan.totalFrames()) {
                throw new RenderFailure(ErrorName.RENDER_FAILED, "assembled " + frames + " frames, the plan has " + plan.totalFrames());
            }
            return new AssembleOutput(outMp4, frames, Files.size(outMp4), elapsedMs(t0));
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot assemble " + outMp4 + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(list);
        }
    }

    /** Draws {@code range} and encodes it to {@code out}; returns the frames the MP4 holds. */
    private static int encode(Composition c, FrameRange range, Path wavOrNull, Path out, boolean faststart) {
        try (VideoEncoder encoder = VideoEncoder.start(c, wavOrNull, out, faststart);
             FrameDrawer drawer = FrameDrawer.open(c, range);
             FramePipeline pipeline = new FramePipeline(c.width(), c.height(), encoder.frames())) {
            try {
                for (int f = range.start(); f < range.endExclusive(); f++) {
                    BufferedImage img = pipeline.acquire();
                    drawer.draw(f, img);
                    pipeline.submit(img);
                }
                pipeline.finish();
            } catch (IOException e) {
                encoder.finish();
                throw new RenderFailure(ErrorName.RENDER_FAILED, "the encoder stopped reading frames: " + e.getMessage(), e);
            }
            encoder.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderFailure(ErrorName.RENDER_FAILED, "interrupted while rendering " + out.getFileName(), e);
        }
        int frames = VideoProbe.countFrames(out);
        if (frames != range.endExclusive() - range.start()) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, out.getFileName() + " holds " + frames + " frames, expected "
                    + (range.endExclusive() - range.start()));
        }
        return frames;
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
