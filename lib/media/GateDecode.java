package media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one decoding pass of a gate: a single ffmpeg process that decodes the output once and feeds
 * every consumer from that decode (split in the filter graph): per-frame PSNR against the baseline,
 * the thumbnails that frame alignment compares, the frames' timestamps (framemd5 of the thumbnails:
 * frame count and duration for the {@link Probe}) and the audio as float samples (for the residual,
 * the windows, the peak and the audio length).
 *
 * <p>The baseline does not change within a run, so it is decoded once, in the run's first gate:
 * besides its thumbnails, timestamps and audio, that pass keeps its pictures as PSNR compares them
 * ({@link YuvFrames}, when they fit in {@link YuvFrames#limit()}), and every later gate feeds those to
 * ffmpeg as raw video ({@code baselineDecoded}). Only a baseline too large to keep is decoded again,
 * for PSNR alone.
 *
 * <p>Each consumer sees exactly what it saw when it decoded the file on its own: PSNR pairs frames by
 * index (pts = N) in yuv420p, thumbnails and timestamps keep every decoded frame (-vsync passthrough),
 * audio is resampled to {@value AudioCompare#RATE} Hz stereo.
 */
public final class GateDecode {
    /** What the pass produced: both files' decoded facts and the PSNR of the output against the baseline. */
    public record Result(DecodedFacts output, DecodedFacts baseline, Psnr psnr) {}

    /**
     * A picture as PSNR compares it, frames paired by index: pts = N on both sides. The time base is
     * a microsecond (AVTB), not a second, so that the PSNR output's clock never runs ahead of the
     * thumbnails' and ffmpeg, which feeds the output that is furthest behind, never queues decoded
     * pictures for it (with seconds it held the whole output in memory: 300 MB for 900 frames at 640x360).
     */
    static final String PICTURES = "settb=AVTB,setpts=N,format=yuv420p";

    private GateDecode() {}

    /**
     * @param baselineDecoded the baseline's decoded facts from an earlier gate, or null to take them from this pass
     */
    public static Result run(Path output, StreamInfo o, Path baseline, MediaFacts b, DecodedFacts baselineDecoded) {
        return run(output, o, baseline, b, baselineDecoded, YuvFrames.limit());
    }

    /** @param keepLimit the most bytes of the baseline's pictures this pass keeps for later ones (0: none) */
    public static Result run(Path output, StreamInfo o, Path baseline, MediaFacts b, DecodedFacts baselineDecoded, long keepLimit) {
        boolean psnr = o.hasVideo() && b.info().hasVideo() && o.width() == b.info().width() && o.height() == b.info().height();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("renderproof-gate-");
            Pass pass = new Pass(tmp);
            Side out = pass.side(pass.input(output), o, psnr, 0, "output");
            Side base = null;
            if (baselineDecoded == null) {
                base = pass.side(pass.input(baseline), b.info(), psnr, keepLimit(b, keepLimit), "baseline");
            } else if (psnr) {
                YuvFrames kept = baselineDecoded.pictures();
                base = pass.psnrOnly(kept != null ? pass.input(kept) : pass.input(baseline));
            }
            Path stats = psnr ? pass.psnr(out.psnrLabel, base.psnrLabel) : null;
            pass.run();

            DecodedFacts outFacts = out.read(o, null);
            DecodedFacts baseFacts = baselineDecoded != null ? baselineDecoded : base.read(b.info(), pass.kept);
            Probe c = outFacts.probe();
            Probe r = baseFacts.probe();
            List<Double> perFrame = psnr ? Psnr.parseStats(Files.readString(stats)) : List.of();
            return new Result(outFacts, baseFacts, new Psnr(c.frameCount(), r.frameCount(), c.size(), r.size(), perFrame));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + output + " and " + baseline + ": " + e.getMessage(), e);
        } finally {
            DecodedMedia.deleteTree(tmp);
        }
    }

    /**
     * The baseline decoded alone, as the first gate would decode it beside an output: its thumbnails,
     * timestamps, audio and (when they fit in {@link YuvFrames#limit()}) its pictures, for a run to
     * prepare before its first gate.
     */
    public static DecodedFacts baseline(Path baseline, MediaFacts b) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("renderproof-gate-");
            Pass pass = new Pass(tmp);
            Side base = pass.side(pass.input(baseline), b.info(), false, keepLimit(b, YuvFrames.limit()), "baseline");
            pass.run();
            return base.read(b.info(), pass.kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + baseline + ": " + e.getMessage(), e);
        } finally {
            DecodedMedia.deleteTree(tmp);
        }
    }

    /** {@code limit} when the baseline's pictures, as many as its container lists, fit in it; else 0: keep none. */
    private static long keepLimit(MediaFacts b, long limit) {
        return b.info().hasVideo() && YuvFrames.fit(b.info().width(), b.info().height(), b.videoTable().sampleCount(), limit)
                ? limit : 0;
    }

    /** The ffmpeg command being built: inputs, filter graph chains and outputs, and what goes through its pipes. */
    private static final class Pass {
        private final Path dir;
        private final List<String> inputs = new ArrayList<>();
        private int inputCount;
        private final List<String> chains = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private Ffmpeg.Feed stdin;
        private Ffmpeg.Sink stdout;
        /** The pictures kept from this pass, once it ran (null when none were asked for or they did not fit). */
        YuvFrames kept;

        Pass(Path dir) {
            this.dir = dir;
        }

        int input(Path file) {
            inputs.addAll(List.of("-i", file.toString()));
            return inputCount++;
        }

        /** Pictures kept by an earlier pass, read from standard input. */
        int input(YuvFrames frames) {
            inputs.addAll(frames.inputArguments());
            stdin = frames::writeTo;
            return inputCount++;
        }

        /**
         * Every consumer of one file's decode: thumbnails with their timestamps, audio, a PSNR branch
         * when asked, and its pictures kept (on standard output) when {@code keepLimit} is above 0.
         */
        Side side(int input, StreamInfo info, boolean psnr, long keepLimit, String name) {
            Side s = new Side(dir.resolve(name + ".thumbs"), dir.resolve(name + ".framemd5"), dir.resolve(name + ".f32"));
            if (info.hasVideo()) {
                String d = "[d" + input;
                String thumbs = d + "t]";
                String times = d + "f]";
                boolean keep = keepLimit > 0;
                if (psnr || keep) {
                    chains.add("[" + input + ":v:0]split=2" + d + "y]" + d + "s]");
                    chains.add(d + "s]" + DecodedThumbnails.FILTER + ",split=2" + thumbs + times);
                    chains.add(d + "y]" + PICTURES + (psnr && keep ? ",split=2" + d + "p]" + d + "k]" : psnr ? d + "p]" : d + "k]"));
                } else {
                    chains.add("[" + input + ":v:0]" + DecodedThumbnails.FILTER + ",split=2" + thumbs + times);
                }
                if (psnr) {
                    s.psnrLabel = d + "p]";
                }
                if (keep) {
                    outputs.addAll(List.of("-map", d + "k]", "-f", "rawvideo", "pipe:1"));
                    stdout = in -> kept = YuvFrames.read(in, info.width(), info.height(), keepLimit);
                }
                outputs.addAll(List.of("-map", thumbs, "-f", "rawvideo", s.thumbs.toString()));
                outputs.addAll(List.of("-map", times, "-f", "framemd5", s.times.toString()));
            }
            if (info.hasAudio()) {
                outputs.addAll(List.of("-map", input + ":a:0", "-ar", String.valueOf(AudioCompare.RATE), "-ac", "2",
                        "-c:a", "pcm_f32le", "-f", "f32le", s.audio.toString()));
            }
            return s;
        }

        /** A file decoded (or pictures read) for PSNR only: its other facts are known already. */
        Side psnrOnly(int input) {
            Side s = new Side(null, null, null);
            s.psnrLabel = "[d" + input + "p]";
            chains.add("[" + input + ":v:0]" + PICTURES + s.psnrLabel);
            return s;
        }

        /** PSNR of candidate against reference; returns the stats file. */
        Path psnr(String candidate, String reference) {
            Path stats = dir.resolve("psnr.log");
            chains.add(candidate + reference + "psnr=shortest=1:stats_file=" + Psnr.filterValue(stats.toString()) + "[psnr]");
            outputs.addAll(List.of("-map", "[psnr]", "-f", "null", "-"));
            return stats;
        }

        void run() {
            if (outputs.isEmpty()) {
                return;
            }
            List<String> args = new ArrayList<>(inputs);
            if (!chains.isEmpty()) {
                args.addAll(List.of("-filter_complex", String.join(";", chains)));
            }
            // Keeps frames that share a timestamp, so counts are what the decoder produced (global in ffmpeg 4.4).
            args.addAll(List.of("-vsync", "passthrough"));
            args.addAll(outputs);
            Ffmpeg.forAnalysis().run(args, stdin, stdout);
        }
    }

    /** Where one file's decoded parts land, and the filter label of its PSNR branch. */
    private static final class Side {
        final Path thumbs;
        final Path times;
        final Path audio;
        String psnrLabel;

        Side(Path thumbs, Path times, Path audio) {
            this.thumbs = thumbs;
            this.times = times;
            this.audio = audio;
        }

        DecodedFacts read(StreamInfo info, YuvFrames pictures) throws IOException {
            DecodedThumbnails thumbnails = new DecodedThumbnails(List.of());
            List<DecodedMedia.FrameLine> frames = List.of();
            if (info.hasVideo()) {
                thumbnails = DecodedThumbnails.fromRaw(Files.readAllBytes(thumbs));
                frames = DecodedMedia.FrameLine.parseAll(Files.readString(times));
            }
            float[] samples = info.hasAudio() ? floats(Files.readAllBytes(audio)) : null;
            Long audioMs = samples == null ? null : Math.round(samples.length / 2 * 1000.0 / AudioCompare.RATE);
            long videoMs = DecodedMedia.FrameLine.durationMs(frames);
            double fps = DecodedMedia.fps(info.fps(), frames.size(), videoMs);
            Probe probe = new Probe(frames.size(), videoMs, fps, info.width(), info.height(), info.hasAudio(), audioMs);
            return new DecodedFacts(probe, thumbnails, samples, pictures);
        }
    }

    static float[] floats(byte[] f32le) {
        float[] out = new float[f32le.length / 4];
        ByteBuffer.wrap(f32le).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
