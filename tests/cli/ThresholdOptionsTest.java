package cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import picocli.CommandLine;
import pipeline.Fixture;
import org.junit.jupiter.api.Test;

/** The threshold flags replace only the fixture values they name, and refuse values no gate can use. */
class ThresholdOptionsTest {
    private static final Fixture.Thresholds FIXTURE = new Fixture.Thresholds(42.0, 1, -55, 20.0, null, -35.0);

    private static ThresholdOptions parse(String... args) {
        return CommandLine.populateCommand(new ThresholdOptions(), args);
    }

    @Test
    void noFlagsKeepTheFixturesThresholds() {
        assertEquals(FIXTURE, parse().apply(FIXTURE));
    }

    @Test
    void eachFlagReplacesItsOwnValue() {
        Fixture.Thresholds t = parse("--max-frame-failures", "3", "--max-audio-window-residual-db", "-45",
                "--max-audio-peak-residual-db", "-20").apply(FIXTURE);
        assertEquals(3, t.maxFrameFailures());
        assertEquals(-45.0, t.maxAudioWindowResidualRmsDb());
        assertEquals(-20.0, t.maxAudioPeakResidualDb());
        assertEquals(-55.0, t.maxAudioResidualRmsDb(), "not given: the fixture's");
        assertEquals(20.0, t.audioWindowMs(), "not given: the fixture's");
        assertEquals(42.0, t.minPsnr(), "the floor is --psnr-threshold's, not these flags'");
    }

    @Test
    void defaultsApplyWhereNeitherTheFixtureNorAFlagSaysAnything() {
        Fixture.Thresholds t = parse().apply(new Fixture.Thresholds(null, 0, -50));
        assertNull(t.maxAudioPeakResidualDb());
        assertEquals(Fixture.Thresholds.DEFAULT_MAX_AUDIO_PEAK_RESIDUAL_DB, t.maxAudioPeakResidualDbOrDefault());
        assertEquals(Fixture.Thresholds.DEFAULT_MAX_AUDIO_WINDOW_RESIDUAL_RMS_DB, t.maxAudioWindowResidualRmsDbOrDefault());
        assertEquals(Fixture.Thresholds.DEFAULT_AUDIO_WINDOW_MS, t.audioWindowMsOrDefault());
    }

    @Test
    void unusableValuesAreArgumentErrors() {
        for (String[] args : new String[][] {{"--max-frame-failures", "-1"}, {"--audio-window-ms", "0"},
                {"--max-audio-peak-residual-db", "NaN"}, {"--max-audio-residual-db", "Infinity"},
                {"--max-audio-window-residual-db", "-Infinity"}, {"--audio-window-ms", "Infinity"}}) {
            RunFailure e = assertThrows(RunFailure.class, () -> parse(args).validate(), String.join(" ", args));
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
    }

    @Test
    void noFrameFailuresAShortWindowAndFiniteLevelsAreAccepted() {
        assertDoesNotThrow(() -> parse("--max-frame-failures", "0", "--audio-window-ms", "0.1", "--max-audio-residual-db", "0",
                "--max-audio-window-residual-db", "-200", "--max-audio-peak-residual-db", "0").validate());
    }
}
