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
 * the windows, the peak and the audio length). The baseline is decoded in the same process for PSNR;
 * its thumbnails, timestamps and audio are taken from that decode too unless the caller already has
 * them from an earlier gate of the same run ({@code baselineDecoded}), since the baseline does not
 * change within a run.
 *
 * <p>Each consumer sees exactly what it saw when it decoded the file on its own: PSNR pairs frames by
 * index (pts = N) in yuv420p, thumbnails and timestamps keep every decoded frame (-vsync passthrough),
 * audio is resampled to {@value AudioCompare#RATE} Hz stereo.
 */
public final class GateDecode {
    /** What the pass produced: both files' decoded facts and the PSNR of the output against the baseline. */
    public record Result(DecodedFacts output, DecodedFacts baseline, Psnr psnr) {}

    private GateDecode() {}

    /**
     * @param baselineDecoded the baseline's decoded facts from an earlier gate, or null to take them from this pass
     */
    public static Result run(Path output, MediaFacts o, Path baseline, MediaFacts b, DecodedFacts baselineDecoded) {
        boolean psnr = o.info().hasVideo() && b.info().hasVideo() && o.info().width() == b.info().width()
                && o.info().height() == b.info().height();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("renderproof-gate-");
            Pass pass = new Pass(tmp);
            int outIn = pass.input(output);
            Side out = pass.side(outIn, o.info(), psnr, "output");
            Side base = null;
            if (psnr || baselineDecoded == null) {
                int baseIn = pass.input(baseline);
                base = baselineDecoded == null ? pass.side(baseIn, b.info(), psnr, "baseline") : pass.psnrOnly(baseIn);
            }
            Path stats = psnr ? pass.psnr(out.psnrLabel, base.psnrLabel) : null;
            pass.run();

            DecodedFacts outFacts = out.read(o.info());
            DecodedFacts baseFacts = baselineDecoded != null ? baselineDecoded : base.read(b.info());
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

    /** The ffmpeg command being built: inputs, filter graph chains and outputs. */
    private static final class Pass {
        private final Path dir;
        private final List<String> inputs = new ArrayList<>();
        private final List<String> chains = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();

        Pass(Path dir) {
            this.dir = dir;
        }

        int input(Path file) {
            inputs.addAll(List.of("-i", file.toString()));
            return inputs.size() / 2 - 1;
        }

        /** Every consumer of one file's decode: thumbnails with their timestamps, audio, and a PSNR branch when asked. */
        Side side(int input, StreamInfo info, boolean psnr, String name) {
            Side s = new Side(dir.resolve(name + ".thumbs"), dir.resolve(name + ".framemd5"), dir.resolve(name + ".f32"));
            if (info.hasVideo()) {
                String thumbs = "[d" + input + "t]";
                String times = "[d" + input + "f]";
                if (psnr) {
                    s.psnrLabel = "[d" + input + "p]";
                    chains.add("[" + input + ":v:0]split=2" + s.psnrLabel + "[d" + input + "s]");
                    chains.add("[d" + input + "s]" + DecodedThumbnails.FILTER + ",split=2" + thumbs + times);
                } else {
                    chains.add("[" + input + ":v:0]" + DecodedThumbnails.FILTER + ",split=2" + thumbs + times);
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

        /** A file decoded for PSNR only: its other facts are known already. */
        Side psnrOnly(int input) {
            Side s = new Side(null, null, null);
            s.psnrLabel = "[" + input + ":v:0]";
            return s;
        }

        /** PSNR of candidate against reference, frames paired by index; returns the stats file. */
        Path psnr(String candidate, String reference) {
            Path stats = dir.resolve("psnr.log");
            chains.add(candidate + "settb=1,setpts=N,format=yuv420p[pc]");
            chains.add(reference + "settb=1,setpts=N,format=yuv420p[pr]");
            chains.add("[pc][pr]psnr=shortest=1:stats_file=" + Psnr.filterValue(stats.toString()) + "[psnr]");
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
            Ffmpeg.forAnalysis().run(args);
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

        DecodedFacts read(StreamInfo info) throws IOException {
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
            return new DecodedFacts(probe, thumbnails, samples);
        }
    }

    static float[] floats(byte[] f32le) {
        float[] out = new float[f32le.length / 4];
        ByteBuffer.wrap(f32le).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
