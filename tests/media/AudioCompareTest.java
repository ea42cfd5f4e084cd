package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample-level audio checks on real AAC: a 440 Hz tone encoded twice from the same samples decodes
 * identically, so whatever a fault changes shows up at its own time.
 */
class AudioCompareTest {
    @TempDir
    static Path dir;
    static Path baseline;

    static Path tone(String name, String filter) {
        Path out = dir.resolve(name);
        Ffmpeg.bundled().run(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
                "-af", filter, "-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2", "-flags:a", "+bitexact",
                "-fflags", "+bitexact", "-y", out.toString()));
        return out;
    }

    @BeforeAll
    static void makeBaseline() {
        baseline = tone("baseline.m4a", "anull");
    }

    @Test
    void theSameSamplesEncodedTwiceCancelExactly() {
        AudioCompare c = AudioCompare.measure(tone("same.m4a", "anull"), baseline, 10);
        assertEquals(c.baseline(), c.output());
        assertEquals(new AudioCompare.Params("aac", 48000, "stereo"), c.output());
        assertEquals(c.baselineSamples(), c.outputSamples());
        assertEquals(AudioCompare.SILENCE_DB, c.peakDb());
        assertEquals(AudioCompare.SILENCE_DB, c.worstWindowDb());
        assertEquals(480, c.windowSamples());
    }

    @Test
    void aSingleSampleClickIsFoundAtItsTime() {
        AudioCompare c = AudioCompare.measure(tone("click.m4a", "aeval=exprs='val(0)+0.5*eq(n\\,24000)'"), baseline, 10);
        assertTrue(c.peakDb() > -30, "peak " + c.peakDb());
        assertEquals(0.5, c.peakSeconds(), 0.025, "the click is at 0.5 s");
        assertEquals(0.5, c.worstWindows().get(0).startSeconds(), 0.025);
        assertEquals(c.baselineSamples(), c.outputSamples(), "a click does not change the length");
    }

    @Test
    void audioAFewMillisecondsShortLeavesSilenceInTheLastWindows() {
        // 5 ms short: AAC pads to whole 1024-sample frames and the muxer does not say where the audio
        // ends, so the decoded length is the same; the tail is silence where the baseline has the tone.
        AudioCompare c = AudioCompare.measure(tone("short.m4a", "atrim=end_sample=47760"), baseline, 10);
        assertTrue(c.worstWindowDb() > -40, "the missing tail: " + c.worstWindows());
        assertTrue(c.windowsAbove(-40).stream().allMatch(w -> w.startSeconds() >= 0.98), c.worstWindows().toString());
    }

    @Test
    void audioShortByMoreThanAnAacFrameIsShorterInSamples() {
        AudioCompare c = AudioCompare.measure(tone("shorter.m4a", "atrim=end_sample=45600"), baseline, 10);
        assertEquals(-2048, c.outputSamples() - c.baselineSamples(), "two 1024-sample AAC frames fewer");
    }

    @Test
    void audioDelayedByOneMillisecondFailsEveryWindowFromTheStart() {
        AudioCompare c = AudioCompare.measure(tone("late.m4a", "adelay=1,atrim=end_sample=48000"), baseline, 10);
        assertEquals(c.baselineSamples(), c.outputSamples());
        assertTrue(c.worstWindowDb() > -30, "a 1 ms delay of a 440 Hz tone leaves most of it: " + c.worstWindowDb());
        assertTrue(c.windowsAbove(-40).size() >= 5);
    }
}
