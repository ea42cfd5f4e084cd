package render;

import contract.ErrorName;
import contract.RenderFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mixes the whole timeline once (never per chunk, so chunk joins cannot click) into a 48 kHz stereo
 * WAV of exactly {@link Composition#totalSamples()} samples. If the sum would clip, the whole mix is
 * scaled so its peak is just below full scale: a two-pass, stateless rule, so the result depends on
 * the composition alone. Streams in blocks, so memory does not grow with the duration.
 */
final class AudioMixer {
    private static final int BLOCK = 4800;
    private static final double FULL_SCALE = 32767.0;

    private AudioMixer() {}

    static void mix(Composition c, Path out) {
        List<Source> sources = new ArrayList<>();
        try {
            for (Composition.AudioTrack t : c.audio()) {
                sources.add(Source.of(c, t));
            }
            long total = c.totalSamples();
            double[] left = new double[BLOCK];
            double[] right = new double[BLOCK];
            double peak = 0;
            for (long at = 0; at < total; at += BLOCK) {
                int n = (int) Math.min(BLOCK, total - at);
                render(sources, at, n, left, right);
                for (int i = 0; i < n; i++) {
                    peak = Math.max(peak, Math.max(Math.abs(left[i]), Math.abs(right[i])));
                }
            }
            double gain = peak * FULL_SCALE > FULL_SCALE - 1 ? (FULL_SCALE - 1) / (peak * FULL_SCALE) : 1.0;
            try (Wav.StereoWriter w = new Wav.StereoWriter(out, total)) {
                for (long at = 0; at < total; at += BLOCK) {
                    int n = (int) Math.min(BLOCK, total - at);
                    render(sources, at, n, left, right);
                    for (int i = 0; i < n; i++) {
                        w.write(toPcm(left[i] * gain), toPcm(right[i] * gain));
                    }
                }
            }
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot write the audio mix " + out + ": " + e.getMessage(), e);
        } finally {
            for (Source s : sources) {
                s.close();
            }
        }
    }

    private static short toPcm(double v) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(v * FULL_SCALE)));
    }

    private static void render(List<Source> sources, long at, int n, double[] left, double[] right) {
        java.util.Arrays.fill(left, 0, n, 0);
        java.util.Arrays.fill(right, 0, n, 0);
        for (Source s : sources) {
            long from = Math.max(at, s.start);
            long to = Math.min(at + n, s.end);
            for (long i = from; i < to; i++) {
                double g = s.volume * s.envelope(i);
                int k = (int) (i - at);
                left[k] += g * s.sample(i - s.start, 0);
                right[k] += g * s.sample(i - s.start, 1);
            }
        }
    }

    /** One track placed on the timeline: [start, end) in samples, fades relative to that audible span. */
    private abstract static class Source {
        final long start;
        final long end;
        final double volume;
        final long fadeIn;
        final long fadeOut;

        Source(Composition c, Composition.AudioTrack t, long naturalEnd) {
            start = c.sampleAt(t.startFrame());
            end = Math.min(naturalEnd, c.totalSamples());
            volume = t.volume();
            fadeIn = c.sampleAt(t.fadeInFrames());
            fadeOut = c.sampleAt(t.fadeOutFrames());
        }

        static Source of(Composition c, Composition.AudioTrack t) throws IOException {
            if (t instanceof Composition.Tone tone) {
                return new ToneSource(c, tone);
            }
            return new WavSource(c, (Composition.WavTrack) t);
        }

        double envelope(long i) {
            double g = 1;
            if (fadeIn > 0 && i - start < fadeIn) {
                g = (double) (i - start) / fadeIn;
            }
            if (fadeOut > 0 && end - 1 - i < fadeOut) {
                g = Math.min(g, (double) (end - 1 - i) / fadeOut);
            }
            return g;
        }

        abstract double sample(long offset, int channel);

        void close() {}
    }

    private static final class ToneSource extends Source {
        private final double radiansPerSample;

        ToneSource(Composition c, Composition.Tone t) {
            super(c, t, c.sampleAt((long) t.startFrame() + t.durationFrames()));
            radiansPerSample = 2 * Math.PI * t.frequency() / Composition.SAMPLE_RATE;
        }

        @Override
        double sample(long offset, int channel) {
            // StrictMath: Math.sin may be an intrinsic whose last bit differs between JVMs.
            return StrictMath.sin(radiansPerSample * offset);
        }
    }

    private static final class WavSource extends Source {
        private final Wav.Pcm pcm;

        private WavSource(Composition c, Composition.WavTrack t, Wav.Pcm pcm) {
            super(c, t, c.sampleAt(t.startFrame()) + pcm.frames());
            this.pcm = pcm;
        }

        WavSource(Composition c, Composition.WavTrack t) throws IOException {
            this(c, t, Wav.Pcm.open(t.src()));
        }

        @Override
        double sample(long offset, int channel) {
            return pcm.sample(offset, channel);
        }

        @Override
        void close() {
            try {
                pcm.close();
            } catch (IOException ignored) {
                // read-only mapping: nothing to flush, nothing to report
            }
        }
    }
}
