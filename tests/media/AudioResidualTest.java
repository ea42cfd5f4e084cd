package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioResidualTest {
    @TempDir
    static Path dir;
    static Path tone440;
    static Path silent;

    @BeforeAll
    static void makeMedia() {
        tone440 = TestMedia.make(dir, "a440.mp4", 440, 30, null);
        silent = TestMedia.make(dir, "silent.mp4", 0, 30, null);
    }

    @Test
    void identicalAudioCancels() {
        Path again = TestMedia.make(dir, "a440-again.mp4", 440, 30, null);
        AudioResidual r = AudioResidual.measure(again, tone440);
        assertEquals(AudioResidual.OK, r.status());
        assertTrue(r.pass());
        assertTrue(r.rmsDb() <= -120, "residual " + r.rmsDb());
    }

    @Test
    void aDifferentToneDrifts() {
        Path tone660 = TestMedia.make(dir, "a660.mp4", 660, 30, null);
        AudioResidual r = AudioResidual.measure(tone660, tone440);
        assertEquals(AudioResidual.DRIFT, r.status());
        assertFalse(r.pass());
        // Two uncorrelated sines of amplitude 1/8, mono spread to stereo at -3 dB each: about -21 dBFS.
        // normalize=1 would read about -27.
        assertEquals(-21.1, r.rmsDb(), 1.0);
    }

    @Test
    void aResidualExactlyAtTheThresholdPasses() {
        Path tone660 = TestMedia.make(dir, "a660-threshold.mp4", 660, 30, null);
        double rms = AudioResidual.measure(tone660, tone440).rmsDb();
        assertEquals(new AudioResidual(AudioResidual.OK, rms, true), AudioResidual.measure(tone660, tone440, rms));
        assertEquals(new AudioResidual(AudioResidual.DRIFT, rms, false), AudioResidual.measure(tone660, tone440, Math.nextDown(rms)));
    }

    @Test
    void audioOnOneSideOnlyIsAStreamMismatch() {
        AudioResidual r = AudioResidual.measure(silent, tone440);
        assertEquals(AudioResidual.AUDIO_STREAM_MISMATCH, r.status());
        assertFalse(r.pass());
        assertNull(r.rmsDb());
    }

    @Test
    void noAudioOnEitherSidePasses() {
        AudioResidual r = AudioResidual.measure(silent, silent);
        assertEquals(AudioResidual.NO_AUDIO_ON_EITHER, r.status());
        assertTrue(r.pass());
    }

    @Test
    void astatsParseReadsTheOverallSectionAndMapsMinusInf() {
        String stderr = "[Parsed_astats_3 @ 0x1] Channel: 1\n"
                + "[Parsed_astats_3 @ 0x1] RMS level dB: -30.000000\n"
                + "[Parsed_astats_3 @ 0x1] Overall\n"
                + "[Parsed_astats_3 @ 0x1] RMS difference: 0.000000\n"
                + "[Parsed_astats_3 @ 0x1] RMS level dB: -inf\n";
        assertEquals(AudioResidual.PERFECT_CANCELLATION_DB, AudioResidual.overallRmsDb(stderr));
        assertEquals(-42.5, AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS_level=-42.5\n"));
    }

    /** {@link AudioResidual#of} on samples written by hand, where every figure is exact. */
    @Test
    void fromDecodedSamplesEveryDifferenceCountsAndATailInOneFileOnlyCountsWhole() {
        // Differences 0.5 on the left, 0 on the right: squares 0.25 + 0, RMS over both channels sqrt(0.125).
        float[] candidate = {0.5f, 0.25f, 0.5f, 0.25f};
        float[] reference = {0f, 0.25f, 0f, 0.25f};
        double expected = 20 * Math.log10(Math.sqrt(0.125));
        AudioResidual r = AudioResidual.of(candidate, reference, 0);
        assertEquals(expected, r.rmsDb(), 1e-12);
        assertEquals(r, AudioResidual.of(reference, candidate, 0), "the sign of a difference does not matter");

        // A tail of 0.5 that only the longer file has: counted against silence, whichever side is longer.
        float[] longer = {0f, 0f, 0.5f, 0.5f};
        float[] shorter = {0f, 0f};
        double tail = 20 * Math.log10(Math.sqrt(0.5 / 4));
        assertEquals(tail, AudioResidual.of(longer, shorter, 0).rmsDb(), 1e-12);
        assertEquals(tail, AudioResidual.of(shorter, longer, 0).rmsDb(), 1e-12);
    }

    @Test
    void fromDecodedSamplesTheThresholdIsInclusiveAndEqualSamplesCancelPerfectly() {
        float[] candidate = {0.5f, 0.25f, 0.5f, 0.25f};
        float[] reference = {0f, 0.25f, 0f, 0.25f};
        double db = AudioResidual.of(candidate, reference, 0).rmsDb();
        assertEquals(new AudioResidual(AudioResidual.OK, db, true), AudioResidual.of(candidate, reference, db));
        assertEquals(new AudioResidual(AudioResidual.DRIFT, db, false), AudioResidual.of(candidate, reference, Math.nextDown(db)));
        assertEquals(new AudioResidual(AudioResidual.OK, AudioResidual.PERFECT_CANCELLATION_DB, true),
                AudioResidual.of(reference, reference.clone(), -120));
        assertEquals(new AudioResidual(AudioResidual.OK, AudioResidual.PERFECT_CANCELLATION_DB, true),
                AudioResidual.of(new float[0], new float[0], -120), "two empty tracks cancel");
    }

    @Test
    void fromDecodedSamplesAMissingTrackIsAStreamMismatchAndTwoMissingPass() {
        float[] some = {0.1f, 0.1f};
        assertEquals(new AudioResidual(AudioResidual.AUDIO_STREAM_MISMATCH, null, false), AudioResidual.of(some, null, 0));
        assertEquals(new AudioResidual(AudioResidual.AUDIO_STREAM_MISMATCH, null, false), AudioResidual.of(null, some, 0));
        assertEquals(new AudioResidual(AudioResidual.NO_AUDIO_ON_EITHER, null, true), AudioResidual.of(null, null, 0));
    }
}
