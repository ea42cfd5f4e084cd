package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import media.AudioCompare;
import media.AudioResidual;
import media.Mp4SampleTable;
import org.junit.jupiter.api.Test;

/**
 * The audio gate's checks fed crafted measurements (no decoding): stream presence and parameters,
 * length, the whole-file residual, the windows and the peak, each on both sides of its limit, with
 * the time each failure names.
 */
class GateAudioChecksTest {
    private static final Fixture.Thresholds DEFAULTS = new Fixture.Thresholds(null, 0, AudioResidual.DEFAULT_THRESHOLD_DB);
    /** A seam at 0.5 s (30 fps, second chunk at frame 15). */
    private static final GateResult.Seams SEAMS = new GateResult.Seams(List.of(0, 15), 30);
    private static final AudioCompare.Params AAC = new AudioCompare.Params("aac", 48000, "stereo");
    private static final AudioResidual QUIET = new AudioResidual(AudioResidual.OK, -80.0, true);
    private static final AudioResidual LOUD = new AudioResidual(AudioResidual.DRIFT, -45.0, false);
    private static final GateCheck LENGTH = GateCheck.pass(GateResult.AUDIO_LENGTH, GateCheck.Gate.AUDIO, "length", "ok");

    /** One second in 10 ms windows, all at {@code rmsDb} except those given as (index, dB) pairs. */
    private static AudioCompare measured(AudioCompare.Params output, double rmsDb, double peakDb, double peakSeconds, double... loud) {
        AudioCompare.Window[] w = new AudioCompare.Window[100];
        for (int i = 0; i < w.length; i++) {
            w[i] = new AudioCompare.Window(i / 100.0, rmsDb);
        }
        for (int k = 0; k < loud.length; k += 2) {
            int i = (int) loud[k];
            w[i] = new AudioCompare.Window(i / 100.0, loud[k + 1]);
        }
        return new AudioCompare(output, AAC, 48000, 48000, 480, List.of(w), peakDb, peakSeconds);
    }

    private static GateCheck named(List<GateCheck> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + checks));
    }

    @Test
    void theWholeFileResidualPassesOrFailsWithItsLevel() {
        GateCheck pass = GateResult.residualCheck(QUIET, -50);
        assertEquals(GateCheck.Status.PASS, pass.status());
        assertEquals("OK -80.0 dBFS", pass.detail());
        assertEquals("whole-file residual RMS, at most -50.0 dBFS", pass.compared());
        GateCheck fail = GateResult.residualCheck(LOUD, -50);
        assertTrue(fail.failed());
        assertNull(fail.first());
        assertEquals(GateCheck.Gate.AUDIO, fail.gate());
        assertEquals("no-audio-on-either", GateResult.residualCheck(new AudioResidual(AudioResidual.NO_AUDIO_ON_EITHER, null, true), -50).detail());
    }

    @Test
    void noAudioOnEitherSidePassesAndAudioOnOneSideFails() {
        List<GateCheck> neither = GateResult.audioStreamChecks(false, false, QUIET, DEFAULTS);
        assertEquals(List.of(GateResult.AUDIO_STREAM, GateResult.AUDIO_RESIDUAL), neither.stream().map(GateCheck::name).toList());
        assertEquals(GateCheck.Status.PASS, neither.get(0).status());
        assertEquals("no audio on either", neither.get(0).detail());

        GateCheck outputOnly = GateResult.audioStreamChecks(true, false, LOUD, DEFAULTS).get(0);
        assertTrue(outputOnly.failed());
        assertEquals("0.000 s", outputOnly.first());
        assertEquals("the output has an audio stream, the baseline none", outputOnly.detail());
        assertEquals("the output has no audio stream, the baseline has one",
                GateResult.audioStreamChecks(false, true, LOUD, DEFAULTS).get(0).detail());
        assertTrue(GateResult.audioStreamChecks(false, true, LOUD, DEFAULTS).get(1).failed(), "the residual is still gated");
    }

    @Test
    void equalAudioPassesEveryCheck() {
        List<GateCheck> checks = GateResult.audioChecks(measured(AAC, -120, -100, 0.25), LENGTH, QUIET, DEFAULTS, SEAMS);
        assertEquals(List.of(GateResult.AUDIO_STREAM, GateResult.AUDIO_LENGTH, GateResult.AUDIO_RESIDUAL, GateResult.AUDIO_WINDOWS,
                GateResult.AUDIO_PEAK), checks.stream().map(GateCheck::name).toList());
        assertTrue(checks.stream().noneMatch(GateCheck::failed), checks.toString());
        assertSame(LENGTH, checks.get(1), "the length check is passed through");
        assertEquals("aac, 48000 Hz, stereo", checks.get(0).detail());
        assertEquals("residual RMS in 10 ms windows, at most -40.0 dBFS each", named(checks, GateResult.AUDIO_WINDOWS).compared());
        assertEquals("worst -120.0 dBFS at 0.000 s, -120.0 dBFS at 0.010 s, -120.0 dBFS at 0.020 s",
                named(checks, GateResult.AUDIO_WINDOWS).detail());
        assertEquals("-100.0 dBFS at 0.250 s", named(checks, GateResult.AUDIO_PEAK).detail());
    }

    @Test
    void otherStreamParametersFailAtTheStart() {
        var mono = new AudioCompare.Params("aac", 44100, "mono");
        GateCheck c = named(GateResult.audioChecks(measured(mono, -120, -100, 0), LENGTH, QUIET, DEFAULTS, SEAMS), GateResult.AUDIO_STREAM);
        assertTrue(c.failed());
        assertEquals("0.000 s", c.first());
        assertEquals("aac, 44100 Hz, mono != baseline aac, 48000 Hz, stereo", c.detail());
    }

    @Test
    void aLoudWholeFileResidualIsNamedAtItsFirstLoudWindow() {
        AudioCompare c = measured(AAC, -120, -100, 0, 30, -45, 70, -30);
        GateCheck whole = named(GateResult.audioChecks(c, LENGTH, LOUD, DEFAULTS, SEAMS), GateResult.AUDIO_RESIDUAL);
        assertTrue(whole.failed());
        assertEquals("0.300 s", whole.first(), "the first window above -50 dBFS, not the worst one");
        assertEquals("DRIFT -45.0 dBFS; first window above -50.0 dBFS at 0.300 s", whole.detail());
    }

    @Test
    void aLoudWholeFileResidualWithNoLoudWindowIsNamedAtTheWorstWindow() {
        AudioCompare c = measured(AAC, -120, -100, 0, 40, -55, 60, -52);
        GateCheck whole = named(GateResult.audioChecks(c, LENGTH, LOUD, DEFAULTS, SEAMS), GateResult.AUDIO_RESIDUAL);
        assertEquals("0.600 s", whole.first());
    }

    @Test
    void windowsAboveTheLimitFailAtTheFirstAndSayIfItIsAtASeam() {
        AudioCompare c = measured(AAC, -120, -100, 0, 50, -35, 80, -20, 20, -40);
        GateCheck windows = named(GateResult.audioChecks(c, LENGTH, QUIET, DEFAULTS, SEAMS), GateResult.AUDIO_WINDOWS);
        assertTrue(windows.failed());
        assertEquals("0.500 s", windows.first(), "the window at exactly -40 dBFS (0.2 s) is within the limit");
        assertEquals("2 of 100 windows above -40.0 dBFS, the first at 0.500 s (chunk seam); worst -20.0 dBFS at 0.800 s, "
                + "-35.0 dBFS at 0.500 s (chunk seam), -40.0 dBFS at 0.200 s", windows.detail());
        GateCheck awayFromSeams = named(GateResult.audioChecks(measured(AAC, -120, -100, 0, 20, -35), LENGTH, QUIET, DEFAULTS, SEAMS),
                GateResult.AUDIO_WINDOWS);
        assertTrue(awayFromSeams.detail().startsWith("1 of 100 windows above -40.0 dBFS, the first at 0.200 s; worst"),
                "0.2 s is 0.3 s from the seam at 0.5 s: " + awayFromSeams.detail());
        var strict = new Fixture.Thresholds(null, 0, -50, null, -45.0, null);
        GateCheck three = named(GateResult.audioChecks(c, LENGTH, QUIET, strict, SEAMS), GateResult.AUDIO_WINDOWS);
        assertEquals("0.200 s", three.first(), "the fixture's window limit is the one applied");
        assertTrue(three.detail().startsWith("3 of 100 windows above -45.0 dBFS"), three.detail());
    }

    @Test
    void thePeakPassesAtTheLimitAndFailsAboveItAtItsTime() {
        GateCheck at = named(GateResult.audioChecks(measured(AAC, -120, -30, 0.5), LENGTH, QUIET, DEFAULTS, SEAMS), GateResult.AUDIO_PEAK);
        assertEquals(GateCheck.Status.PASS, at.status(), at.line());
        assertEquals("largest residual sample, at most -30.0 dBFS", at.compared());
        GateCheck over = named(GateResult.audioChecks(measured(AAC, -120, -29.9, 0.123), LENGTH, QUIET, DEFAULTS, SEAMS),
                GateResult.AUDIO_PEAK);
        assertTrue(over.failed());
        assertEquals("0.123 s", over.first());
        assertEquals("-29.9 dBFS at 0.123 s", over.detail());
        GateCheck seam = named(GateResult.audioChecks(measured(AAC, -120, -10, 0.505), LENGTH, QUIET, DEFAULTS, SEAMS),
                GateResult.AUDIO_PEAK);
        assertEquals("-10.0 dBFS at 0.505 s (chunk seam)", seam.detail());
        var loose = new Fixture.Thresholds(null, 0, -50, null, null, -20.0);
        assertEquals(GateCheck.Status.PASS, named(GateResult.audioChecks(measured(AAC, -120, -29.9, 0.123), LENGTH, QUIET, loose, SEAMS),
                GateResult.AUDIO_PEAK).status(), "the fixture's peak limit is the one applied");
    }

    private static Optional<Mp4SampleTable> aac(long timescale, int packets, long lastDuration) {
        List<Mp4SampleTable.Sample> samples = new java.util.ArrayList<>();
        long pts = -1024;
        for (int i = 0; i < packets; i++) {
            long d = i == packets - 1 ? lastDuration : 1024;
            samples.add(new Mp4SampleTable.Sample(pts, d));
            pts += d;
        }
        return Optional.of(new Mp4SampleTable(2, Mp4SampleTable.AUDIO, timescale, pts, 1000, List.of(), samples));
    }

    private static AudioCompare decoded(long outputSamples, long baselineSamples) {
        return new AudioCompare(AAC, AAC, outputSamples, baselineSamples, 480, List.of(new AudioCompare.Window(0, -120)), -120, 0);
    }

    @Test
    void theAudioLengthIsTheContainersEndOfTheLastSample() {
        AudioCompare same = decoded(48128, 48128);
        GateCheck equal = GateResult.audioLengthCheck(aac(48000, 48, 16), aac(48000, 48, 16), same);
        assertEquals(GateCheck.Status.PASS, equal.status(), equal.line());
        assertEquals("47120 samples", equal.detail());
        assertEquals("the audio track's end in its timescale (1/48000)", equal.compared());

        GateCheck shorter = GateResult.audioLengthCheck(aac(48000, 48, 8), aac(48000, 48, 1024), same);
        assertTrue(shorter.failed(), "same decoded length, but the last packet holds fewer samples");
        assertEquals("0.982 s", shorter.first());
        assertEquals("47112 samples != baseline 48128 (-21.2 ms)", shorter.detail());
        GateCheck longer = GateResult.audioLengthCheck(aac(48000, 48, 1024), aac(48000, 48, 8), same);
        assertEquals("0.982 s", longer.first(), "the shorter of the two ends");
        assertEquals("48128 samples != baseline 47112 (+21.2 ms)", longer.detail());
    }

    @Test
    void audioLengthsInOtherTimescalesAreComparedExactly() {
        AudioCompare same = decoded(48128, 48128);
        GateCheck other = GateResult.audioLengthCheck(aac(48000, 48, 1024), aac(44100, 44, 1024), same);
        assertTrue(other.failed());
        assertEquals("48128 samples != baseline 44032 (1/44100) (+4.2 ms)", other.detail());
        var doubleRate = Optional.of(new Mp4SampleTable(2, Mp4SampleTable.AUDIO, 96000, 96256, 1000, List.of(),
                List.of(new Mp4SampleTable.Sample(0, 96256))));
        GateCheck equal = GateResult.audioLengthCheck(doubleRate, aac(48000, 48, 1024), same);
        assertEquals(GateCheck.Status.PASS, equal.status(), "96256/96000 s is 48128/48000 s: " + equal.line());
        assertEquals("the audio track's end in its timescale (1/96000)", equal.compared());
    }

    @Test
    void withoutASampleTableTheDecodedLengthsAreCompared() {
        GateCheck equal = GateResult.audioLengthCheck(Optional.empty(), aac(48000, 48, 16), decoded(48000, 48000));
        assertEquals(GateCheck.Status.PASS, equal.status());
        assertEquals("decoded samples at 48000 Hz", equal.compared());
        assertEquals("48000 samples", equal.detail());
        GateCheck shorter = GateResult.audioLengthCheck(aac(48000, 48, 16), Optional.empty(), decoded(24000, 48000));
        assertTrue(shorter.failed());
        assertEquals("0.500 s", shorter.first());
        assertEquals("24000 samples != baseline 48000", shorter.detail());
        Optional<Mp4SampleTable> empty = Optional.of(new Mp4SampleTable(2, Mp4SampleTable.AUDIO, 48000, 0, 1000, List.of(), List.of()));
        assertEquals("48000 samples != baseline 24000",
                GateResult.audioLengthCheck(empty, aac(48000, 48, 16), decoded(48000, 24000)).detail());
        assertEquals("0.500 s", GateResult.audioLengthCheck(aac(48000, 48, 16), empty, decoded(48000, 24000)).first());
    }
}
