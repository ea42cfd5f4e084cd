package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audio comparisons' arithmetic and parsing on samples and ffmpeg lines written here (no ffmpeg):
 * the residual windows and the peak of {@link AudioCompare}, its stream banner, and the astats reading
 * of {@link AudioResidual}.
 */
class AudioParseTest {
    static final AudioCompare.Params AAC = new AudioCompare.Params("aac", 48000, "stereo");
    /** RATE * ms / 1000 = 4 samples per window. */
    static final double FOUR_SAMPLES_MS = 4000.0 / AudioCompare.RATE;

    /** {@code frames} stereo frames of silence, with {@code value} on both channels of each frame in {@code at}. */
    static float[] stereo(int frames, float value, int... at) {
        float[] x = new float[2 * frames];
        for (int f : at) {
            x[2 * f] = value;
            x[2 * f + 1] = value;
        }
        return x;
    }

    static List<Double> levels(AudioCompare c) {
        return c.windows().stream().map(AudioCompare.Window::rmsDb).toList();
    }

    @Test
    void eachWindowIsTheRmsOfTheResidualOverItsOwnSamples() {
        // Ten frames in windows of four: [0,4) [4,8) [8,10); a 0.5 step at frame 3, and at frame 9 in the short last window.
        AudioCompare c = AudioCompare.of(AAC, AAC, stereo(10, 0.5f, 3, 9), stereo(10, 0), FOUR_SAMPLES_MS);
        assertEquals(4, c.windowSamples());
        assertEquals(List.of(0.0, 4 / 48000.0, 8 / 48000.0), c.windows().stream().map(AudioCompare.Window::startSeconds).toList());
        List<Double> db = levels(c);
        assertEquals(20 * Math.log10(0.25), db.get(0), 1e-9, "sqrt(2 * 0.25 / 8)");
        assertEquals(AudioCompare.SILENCE_DB, db.get(1));
        assertEquals(20 * Math.log10(Math.sqrt(0.5 / 4)), db.get(2), 1e-9, "the last window has two frames, not four");
        assertEquals(20 * Math.log10(0.5), c.peakDb(), 1e-9);
        assertEquals(3 / 48000.0, c.peakSeconds(), "the first of two equal peaks");
        assertEquals(10, c.outputSamples());
        assertEquals(3, c.worstWindows().size(), "three windows, all listed");
    }

    @Test
    void aLargerLaterPeakIsTheOneReportedAndEitherSignCounts() {
        float[] out = stereo(10, 0.25f, 2);
        out[2 * 7 + 1] = -0.75f;
        AudioCompare c = AudioCompare.of(AAC, AAC, out, stereo(10, 0), FOUR_SAMPLES_MS);
        assertEquals(20 * Math.log10(0.75), c.peakDb(), 1e-9);
        assertEquals(7 / 48000.0, c.peakSeconds());
    }

    @Test
    void aSampleAtAWindowsFirstFrameBelongsToThatWindowOnly() {
        AudioCompare c = AudioCompare.of(AAC, AAC, stereo(8, 0.5f, 4), stereo(8, 0), FOUR_SAMPLES_MS);
        assertEquals(List.of(AudioCompare.SILENCE_DB, 20 * Math.log10(0.25)), levels(c));
        assertEquals(4 / 48000.0, c.peakSeconds());
    }

    @Test
    void aTailInOnlyOneFileIsComparedWithSilence() {
        AudioCompare c = AudioCompare.of(AAC, AAC, stereo(8, 0), stereo(12, 0.25f, 10, 11), FOUR_SAMPLES_MS);
        assertEquals(8, c.outputSamples());
        assertEquals(12, c.baselineSamples());
        assertEquals(3, c.windows().size());
        assertEquals(20 * Math.log10(Math.sqrt(4 * 0.0625 / 8)), levels(c).get(2), 1e-9);
        AudioCompare longer = AudioCompare.of(AAC, AAC, stereo(12, 0.25f, 10, 11), stereo(8, 0), FOUR_SAMPLES_MS);
        assertEquals(levels(c), levels(longer));
        assertEquals(AudioCompare.SILENCE_DB, AudioCompare.of(AAC, AAC, stereo(0, 0), stereo(0, 0), 10).worstWindowDb(),
                "no samples: no window, silence");
    }

    @Test
    void theWindowIsAtLeastOneSampleAndRoundsToTheNearest() {
        assertEquals(480, AudioCompare.of(AAC, AAC, stereo(1, 0), stereo(1, 0), 10).windowSamples());
        assertEquals(10.0, AudioCompare.of(AAC, AAC, stereo(1, 0), stereo(1, 0), 10).windowMs());
        assertEquals(1, AudioCompare.of(AAC, AAC, stereo(1, 0), stereo(1, 0), 0).windowSamples());
        assertEquals(1, AudioCompare.of(AAC, AAC, stereo(1, 0), stereo(1, 0), 0.0104).windowSamples(), "0.4992 samples");
        assertEquals(2, AudioCompare.of(AAC, AAC, stereo(1, 0), stereo(1, 0), 0.0313).windowSamples(), "1.5024 samples");
    }

    @Test
    void theWorstWindowsAreTheFiveLoudestLoudestFirstTiesEarliestFirst() {
        List<AudioCompare.Window> w = List.of(new AudioCompare.Window(0, -50), new AudioCompare.Window(1, -20),
                new AudioCompare.Window(2, -30), new AudioCompare.Window(3, -20), new AudioCompare.Window(4, -60),
                new AudioCompare.Window(5, -10), new AudioCompare.Window(6, -40));
        AudioCompare c = new AudioCompare(AAC, AAC, 7, 7, 1, w, -10, 5);
        assertEquals(List.of(5.0, 1.0, 3.0, 2.0, 6.0), c.worstWindows().stream().map(AudioCompare.Window::startSeconds).toList());
        assertEquals(-10, c.worstWindowDb());
        assertEquals(List.of(1.0, 3.0, 5.0), c.windowsAbove(-30).stream().map(AudioCompare.Window::startSeconds).toList(),
                "above, not at: the window at -30 is not listed");
        assertEquals(List.of(), c.windowsAbove(-10));
    }

    @Test
    void levelsHaveAFloorAtSilence() {
        assertEquals(AudioCompare.SILENCE_DB, AudioCompare.db(0));
        assertEquals(AudioCompare.SILENCE_DB, AudioCompare.db(-1));
        assertEquals(AudioCompare.SILENCE_DB, AudioCompare.db(1e-20));
        assertEquals(0.0, AudioCompare.db(1));
        assertEquals(-20.0, AudioCompare.db(0.1), 1e-12);
    }

    @Test
    void theBannerGivesTheInputsFirstAudioStream() {
        String banner = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n"
                + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 64x36, 30 fps\n"
                + "  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, 5.1(side), fltp, 192 kb/s (default)\n"
                + "  Stream #0:2(und): Audio: mp3, 22050 Hz, mono, fltp\n";
        assertEquals(new AudioCompare.Params("aac", 44100, "5.1(side)"), AudioCompare.parseParams(banner));
        assertEquals(new AudioCompare.Params("none", 0, "none"), AudioCompare.parseParams(
                "Input #0, mov, from 'v.mp4':\nOutput #0, null, to 'pipe:':\n  Stream #0:0: Audio: aac (LC), 48000 Hz, stereo, fltp\n"));
        assertEquals("aac, 44100 Hz, 5.1(side)", AudioCompare.parseParams(banner).describe());
    }

    @Test
    void astatsWithoutAnOverallSectionGivesTheLastLevelPrinted() {
        String stderr = "[Parsed_astats_3 @ 0x1] Channel: 1\n"
                + "[Parsed_astats_3 @ 0x1] RMS level dB: -30.5\n"
                + "[Parsed_astats_3 @ 0x1] Channel: 2\n"
                + "[Parsed_astats_3 @ 0x1] RMS level dB: -31.5\n"
                + "[Parsed_volumedetect_4 @ 0x2] RMS level dB: -1.0\n";
        assertEquals(-31.5, AudioResidual.overallRmsDb(stderr));
    }

    @Test
    void astatsOverallSectionGivesItsFirstLevelEvenWhenItIsTheFirstLine() {
        String stderr = "[Parsed_astats_3 @ 0x1] Overall\n"
                + "[Parsed_astats_3 @ 0x1] RMS level dB: -70.25\n"
                + "[Parsed_astats_3 @ 0x1] rms_level=-10\n";
        assertEquals(-70.25, AudioResidual.overallRmsDb(stderr));
        assertEquals(AudioResidual.PERFECT_CANCELLATION_DB, AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS level dB: -250\n"),
                "below the floor is the floor");
        assertEquals(-200.0, AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS level dB: -200\n"));
        assertEquals(-199.5, AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS level dB: -199.5\n"));
    }

    @Test
    void astatsWithoutAUsableLevelIsAnErrorQuotingFfmpeg() {
        String stderr = "one\ntwo\n\nthree\nfour\nfive\nsix\n";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AudioResidual.overallRmsDb(stderr));
        assertEquals("astats printed no RMS level; ffmpeg said: two | three | four | five | six", e.getMessage());
        assertEquals("astats printed no RMS level; ffmpeg said: only", assertThrows(IllegalStateException.class,
                () -> AudioResidual.overallRmsDb("only\n")).getMessage());
        assertEquals("astats printed RMS level nan", assertThrows(IllegalStateException.class,
                () -> AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS level dB: nan\n")).getMessage());
        assertEquals("astats printed RMS level inf", assertThrows(IllegalStateException.class,
                () -> AudioResidual.overallRmsDb("[Parsed_astats_0 @ 0x1] RMS level dB: inf\n")).getMessage());
    }
}
