package media;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of one soundtrack is left after subtracting the other: both resampled to 48 kHz stereo
 * float, the second inverted, summed, and the RMS level of the sum read from astats.
 *
 * amix must run with normalize=0 (ffmpeg 4.4.1 has the option): normalize=1 divides each input by the
 * number of inputs, which makes every residual read 6 dB better than it is. The inversion is done with
 * aeval rather than volume=-1 so that no clipping or requantization happens before the sum. amix runs
 * with duration=longest so that a tail present in only one file counts as residual.
 */
public record AudioResidual(String status, Double rmsDb, boolean pass) {
    public static final String OK = "OK";
    public static final String DRIFT = "DRIFT";
    public static final String NO_AUDIO_ON_EITHER = "no-audio-on-either";
    public static final String AUDIO_STREAM_MISMATCH = "audio-stream-mismatch";
    public static final double DEFAULT_THRESHOLD_DB = -50;
    /** astats reports -inf for perfect cancellation; a finite floor keeps JSON and averages sane. */
    public static final double PERFECT_CANCELLATION_DB = -200;

    private static final String FORMAT = "aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";
    private static final Pattern RMS_LEVEL = Pattern.compile("RMS[ _]level(?: dB)?\\s*[:=]\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    public static AudioResidual measure(Path candidate, Path reference) {
        return measure(candidate, reference, DEFAULT_THRESHOLD_DB);
    }

    public static AudioResidual measure(Path candidate, Path reference, double thresholdDb) {
        boolean c = StreamInfo.of(candidate).hasAudio();
        boolean r = StreamInfo.of(reference).hasAudio();
        if (!c && !r) {
            return new AudioResidual(NO_AUDIO_ON_EITHER, null, true);
        }
        if (c != r) {
            return new AudioResidual(AUDIO_STREAM_MISMATCH, null, false);
        }
        String graph = "[0:a:0]" + FORMAT + "[c];"
                + "[1:a:0]" + FORMAT + ",aeval=-val(ch):c=same[r];"
                + "[c][r]amix=inputs=2:normalize=0:duration=longest:dropout_transition=0,astats";
        String stderr = Ffmpeg.forAnalysis().run(List.of("-i", candidate.toString(), "-i", reference.toString(),
                "-filter_complex", graph, "-vn", "-f", "null", "-")).stderr();
        double rms = overallRmsDb(stderr);
        boolean ok = rms <= thresholdDb;
        return new AudioResidual(ok ? OK : DRIFT, rms, ok);
    }

    /**
     * As {@link #measure}, from both files' decoded samples (interleaved stereo at 48 kHz, as
     * {@link AudioCompare} decodes them; null for a file without audio), without another ffmpeg pass.
     * The arithmetic is the filter graph's: the difference of the two samples in float (amix sums in
     * float), squares summed in double per channel and over both channels, then the RMS over every
     * sample of both channels (astats' Overall RMS level). A tail present in one file only counts whole.
     */
    public static AudioResidual of(float[] candidate, float[] reference, double thresholdDb) {
        if (candidate == null && reference == null) {
            return new AudioResidual(NO_AUDIO_ON_EITHER, null, true);
        }
        if (candidate == null || reference == null) {
            return new AudioResidual(AUDIO_STREAM_MISMATCH, null, false);
        }
        int n = Math.max(candidate.length, reference.length);
        double[] perChannel = new double[2];
        for (int i = 0; i < n; i++) {
            float c = i < candidate.length ? candidate[i] : 0f;
            float r = i < reference.length ? reference[i] : 0f;
            float d = c - r;
            perChannel[i & 1] += (double) d * d;
        }
        double rms = n == 0 ? 0 : Math.sqrt((perChannel[0] + perChannel[1]) / n);
        double db = rms == 0 ? PERFECT_CANCELLATION_DB : Math.max(20 * Math.log10(rms), PERFECT_CANCELLATION_DB);
        boolean ok = db <= thresholdDb;
        return new AudioResidual(ok ? OK : DRIFT, db, ok);
    }

    /**
     * The "RMS level" of astats' Overall section; when a build prints no Overall section (one channel
     * only, or a different wording), the last RMS level it printed. -inf becomes
     * {@link #PERFECT_CANCELLATION_DB}.
     */
    static double overallRmsDb(String stderr) {
        List<String> lines = stderr.lines().filter(l -> l.contains("astats")).toList();
        int overall = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().endsWith("Overall")) {
                overall = i;
            }
        }
        String value = null;
        for (int i = Math.max(overall, 0); i < lines.size(); i++) {
            Matcher m = RMS_LEVEL.matcher(lines.get(i));
            if (m.find()) {
                value = m.group(1);
                if (overall >= 0) {
                    break;
                }
            }
        }
        if (value == null) {
            List<String> said = stderr.lines().filter(l -> !l.isBlank()).toList();
            throw new IllegalStateException("astats printed no RMS level; ffmpeg said: "
                    + String.join(" | ", said.subList(Math.max(0, said.size() - 5), said.size())));
        }
        if (value.equalsIgnoreCase("-inf")) {
            return PERFECT_CANCELLATION_DB;
        }
        // astats prints C's %f: digits, or "nan" and "inf", which Double.parseDouble would not read.
        if (!value.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalStateException("astats printed RMS level " + value);
        }
        return Math.max(Double.parseDouble(value), PERFECT_CANCELLATION_DB);
    }
}
