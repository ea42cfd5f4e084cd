package media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audio of a candidate against a reference, sample by sample, where the whole-file residual
 * ({@link AudioResidual}) can only say "how much": stream parameters (codec, sample rate, channels),
 * length in samples, the residual (candidate minus reference) in short windows with the worst windows'
 * times, and the largest single residual sample, which is what a one-sample click leaves.
 *
 * Both files are decoded to {@value #RATE} Hz stereo float so that the comparison is sample-exact when
 * both are at that rate (the parameters check says when they are not). A tail present in only one file
 * is compared against silence.
 */
public record AudioCompare(Params output, Params baseline, long outputSamples, long baselineSamples, int windowSamples,
                           List<Window> windows, double peakDb, double peakSeconds) {
    public static final int RATE = 48_000;
    /** Silence, or perfect cancellation, in dBFS: a finite floor keeps JSON and comparisons sane. */
    public static final double SILENCE_DB = AudioResidual.PERFECT_CANCELLATION_DB;

    /** What the container's banner says about the first audio stream. */
    public record Params(String codec, int sampleRate, String channels) {
        public String describe() {
            return codec + ", " + sampleRate + " Hz, " + channels;
        }
    }

    /** One window: its start in seconds and the RMS level of the residual in it, dBFS. */
    public record Window(double startSeconds, double rmsDb) {}

    private static final Pattern AUDIO = Pattern.compile("^\\s*Stream #0:\\d+.*?: Audio: (\\w+)[^,]*, (\\d+) Hz, ([^,]+)");

    public static AudioCompare measure(Path output, Path baseline, double windowMs) {
        float[] a = decode(output);
        float[] b = decode(baseline);
        return of(params(output), params(baseline), a, b, windowMs);
    }

    /** Two soundtracks already decoded to interleaved stereo at {@value #RATE} Hz. */
    public static AudioCompare of(Params output, Params baseline, float[] a, float[] b, double windowMs) {
        int window = Math.max(1, (int) Math.round(RATE * windowMs / 1000.0));
        int frames = Math.max(a.length, b.length) / 2;
        List<Window> windows = new ArrayList<>();
        double peak = 0;
        int peakAt = 0;
        for (int start = 0; start < frames; start += window) {
            int end = Math.min(frames, start + window);
            double sum = 0;
            for (int s = start * 2; s < end * 2; s++) {
                double d = sample(a, s) - sample(b, s);
                sum += d * d;
                if (Math.abs(d) > peak) {
                    peak = Math.abs(d);
                    peakAt = s / 2;
                }
            }
            windows.add(new Window(start / (double) RATE, db(Math.sqrt(sum / ((end - start) * 2)))));
        }
        return new AudioCompare(output, baseline, a.length / 2, b.length / 2, window, List.copyOf(windows),
                db(peak), peakAt / (double) RATE);
    }

    /** The five worst windows, worst first (ties: earliest first). */
    public List<Window> worstWindows() {
        return windows.stream().sorted(Comparator.comparingDouble(Window::rmsDb).reversed()
                .thenComparingDouble(Window::startSeconds)).limit(5).toList();
    }

    /** Every window above {@code maxDb}, in time order. */
    public List<Window> windowsAbove(double maxDb) {
        return windows.stream().filter(w -> w.rmsDb() > maxDb).toList();
    }

    public double worstWindowDb() {
        return windows.stream().mapToDouble(Window::rmsDb).max().orElse(SILENCE_DB);
    }

    public double windowMs() {
        return windowSamples * 1000.0 / RATE;
    }

    private static double sample(float[] x, int i) {
        return i < x.length ? x[i] : 0;
    }

    static double db(double amplitude) {
        return amplitude <= 0 ? SILENCE_DB : Math.max(SILENCE_DB, 20 * Math.log10(amplitude));
    }

    private static float[] decode(Path file) {
        byte[] raw = Ffmpeg.forAnalysis().run(List.of("-i", file.toString(), "-map", "0:a:0", "-ar", String.valueOf(RATE),
                "-ac", "2", "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1")).stdout();
        return GateDecode.floats(raw);
    }

    static Params params(Path file) {
        String stderr = Ffmpeg.forAnalysis().run(List.of("-i", file.toString(), "-map", "0:a:0", "-c", "copy", "-f", "null", "-"))
                .stderr();
        return parseParams(stderr);
    }

    static Params parseParams(String stderr) {
        for (String line : stderr.split("\\R")) {
            if (line.startsWith("Output #")) {
                break;
            }
            Matcher m = AUDIO.matcher(line);
            if (m.find()) {
                return new Params(m.group(1), Integer.parseInt(m.group(2)), m.group(3).trim());
            }
        }
        return new Params("none", 0, "none");
    }
}
