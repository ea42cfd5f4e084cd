package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import java.util.List;
import java.util.Set;
import media.AudioResidual;
import media.Psnr;
import org.junit.jupiter.api.Test;

/**
 * How a list of checks becomes the verdict smoke and eval act on: the exit code (video before audio,
 * a skipped check never failing), the stderr lines and notes, results.json's checks and the one-line
 * reason; and the fixture thresholds' defaults, which decide the floors the checks use.
 */
class GateVerdictTest {
    private static final Psnr CLEAN = new Psnr(4, 4, "64x36", "64x36", List.of(50.0, 50.0, 50.0, 50.0));
    private static final AudioResidual SILENT = new AudioResidual(AudioResidual.NO_AUDIO_ON_EITHER, null, true);

    private static final GateCheck VIDEO_PASS = GateCheck.pass("psnr", GateCheck.Gate.VIDEO, "4 frames", "mean 50 dB");
    private static final GateCheck VIDEO_FAIL = GateCheck.fail("timestamps", GateCheck.Gate.VIDEO, "4 frames' pts", "frame 2",
            "frame 2 pts 1025 != baseline 1024");
    private static final GateCheck VIDEO_SKIP = GateCheck.skipped("raw-frame hashes", GateCheck.Gate.VIDEO, "not reported");
    private static final GateCheck AUDIO_PASS = GateCheck.pass("audio peak", GateCheck.Gate.AUDIO, "largest sample", "-200.0 dBFS");
    private static final GateCheck AUDIO_FAIL = GateCheck.fail("audio residual", GateCheck.Gate.AUDIO, "whole file", null,
            "DRIFT -20.0 dBFS");
    private static final GateCheck AUDIO_SKIP = GateCheck.skipped("audio windows", GateCheck.Gate.AUDIO, "no audio");

    private static GateResult result(GateCheck... checks) {
        return result(Set.of(), checks);
    }

    private static GateResult result(Set<Integer> explained, GateCheck... checks) {
        return new GateResult(CLEAN, 40, 0, List.of(), null, null, SILENT, List.of(checks), explained);
    }

    @Test
    void aCheckSaysWhatFailedAndWhere() {
        assertEquals("timestamps failed at frame 2: frame 2 pts 1025 != baseline 1024", VIDEO_FAIL.line());
        assertEquals("audio residual failed: DRIFT -20.0 dBFS", AUDIO_FAIL.line(), "no first frame or time: no 'at'");
        assertEquals("psnr pass: mean 50 dB", VIDEO_PASS.line());
        assertEquals("raw-frame hashes skipped: not reported", VIDEO_SKIP.line());
        assertTrue(VIDEO_FAIL.failed());
        assertFalse(VIDEO_PASS.failed());
        assertFalse(VIDEO_SKIP.failed(), "a skipped check is not a failure");
        assertEquals("fail", VIDEO_FAIL.statusWord());
        assertEquals("skipped", VIDEO_SKIP.statusWord());
        assertNull(VIDEO_SKIP.compared());
        assertNull(VIDEO_PASS.first());
    }

    @Test
    void passingAndSkippedChecksExitZero() {
        GateResult r = result(VIDEO_PASS, VIDEO_SKIP, AUDIO_PASS, AUDIO_SKIP);
        assertTrue(r.videoPasses());
        assertTrue(r.audioPasses());
        assertEquals(ExitCode.OK, r.exitCode());
        assertEquals(List.of(), r.failures());
        assertEquals(List.of(VIDEO_SKIP, AUDIO_SKIP), r.skipped());
        assertEquals("passed", r.failureReason());
        assertEquals(List.of(), r.failureLines("N=2"));
        assertEquals(List.of("N=2: raw-frame hashes skipped: not reported", "N=2: audio windows skipped: no audio"), r.skipNotes("N=2"));
    }

    @Test
    void anAudioFailureAloneExitsSix() {
        GateResult r = result(VIDEO_PASS, AUDIO_PASS, AUDIO_FAIL);
        assertTrue(r.videoPasses());
        assertFalse(r.audioPasses());
        assertEquals(ExitCode.AUDIO_GATE, r.exitCode());
        assertEquals(List.of(AUDIO_FAIL), r.failures());
        assertEquals(List.of("N=4: audio gate (exit 6): audio residual failed: DRIFT -20.0 dBFS"), r.failureLines("N=4"));
        assertEquals(AUDIO_FAIL.line(), r.failureReason());
    }

    @Test
    void aVideoFailureAloneExitsFive() {
        GateResult r = result(VIDEO_PASS, VIDEO_FAIL, AUDIO_PASS);
        assertFalse(r.videoPasses());
        assertTrue(r.audioPasses());
        assertEquals(ExitCode.VIDEO_GATE, r.exitCode());
        assertEquals(List.of("N=4: video gate (exit 5): " + VIDEO_FAIL.line()), r.failureLines("N=4"));
    }

    @Test
    void videoOutranksAudioWhicheverIsListedFirst() {
        GateResult r = result(AUDIO_FAIL, VIDEO_FAIL);
        assertEquals(ExitCode.VIDEO_GATE, r.exitCode());
        assertEquals(VIDEO_FAIL.line(), r.failureReason(), "the reason is the video check's even though audio is listed first");
        assertEquals(List.of("N=1: audio gate (exit 6): " + AUDIO_FAIL.line(), "N=1: video gate (exit 5): " + VIDEO_FAIL.line()),
                r.failureLines("N=1"), "every failure is printed, in check order");
    }

    @Test
    void aCheckIsFoundByName() {
        GateResult r = result(VIDEO_PASS, AUDIO_FAIL);
        assertSame(AUDIO_FAIL, r.check("audio residual"));
        assertSame(VIDEO_PASS, r.check("psnr"));
        assertNull(r.check("timestamps"));
    }

    @Test
    void resultsJsonHoldsEveryCheckAsWritten() {
        var json = result(VIDEO_FAIL, AUDIO_SKIP).checksJson();
        assertEquals(2, json.size());
        assertEquals("timestamps", json.get(0).get("check").asText());
        assertEquals("video", json.get(0).get("gate").asText());
        assertEquals("fail", json.get(0).get("status").asText());
        assertEquals("4 frames' pts", json.get(0).get("compared").asText());
        assertEquals("frame 2", json.get(0).get("firstFailure").asText());
        assertEquals("frame 2 pts 1025 != baseline 1024", json.get(0).get("detail").asText());
        assertEquals("audio", json.get(1).get("gate").asText());
        assertEquals("skipped", json.get(1).get("status").asText());
        assertTrue(json.get(1).get("firstFailure").isNull());
    }

    @Test
    void theWorstFramesLeaveOutWhatTheAlignmentExplains() {
        Psnr p = new Psnr(5, 5, "64x36", "64x36", List.of(50.0, 20.0, 45.0, 10.0, 30.0));
        GateResult r = new GateResult(p, 40, 0, List.of(), null, null, SILENT, List.of(), Set.of(3));
        assertEquals(List.of(1, 4), r.worstFrames(2), "frame 3 is the worst but explained (shifted, say)");
        assertEquals(List.of(3, 1, 4), new GateResult(p, 40, 0, List.of(), null, null, SILENT, List.of(), Set.of()).worstFrames(3));
    }

    @Test
    void theFileLessResultGatesPsnrAndTheWholeFileAudio() {
        Psnr twoBelow = new Psnr(4, 4, "64x36", "64x36", List.of(50.0, 38.0, 50.0, 39.0));
        GateResult r = new GateResult(twoBelow, 40, 1, List.of(), null, null,
                new AudioResidual(AudioResidual.DRIFT, -30.0, false));
        assertEquals(List.of("psnr", "audio residual"), r.checks().stream().map(GateCheck::name).toList());
        assertTrue(r.check("psnr").failed(), r.check("psnr").line());
        assertEquals("frame 1", r.check("psnr").first());
        assertTrue(r.check("audio residual").failed());
        assertTrue(r.check("audio residual").compared().contains("at most -50.0 dBFS"), "the default threshold: " + r.check("audio residual").compared());
        assertEquals(ExitCode.VIDEO_GATE, r.exitCode());
        assertEquals(ExitCode.OK, new GateResult(twoBelow, 40, 2, List.of(), null, null, SILENT).exitCode(),
                "a budget of two frames lets both through");
    }

    @Test
    void unsetThresholdsTakeTheirDefaultsAndSetOnesWin() {
        var unset = new Fixture.Thresholds(null, 0, -50);
        assertEquals(Fixture.Thresholds.DEFAULT_MIN_PSNR, unset.minPsnrOrDefault());
        assertEquals(Fixture.Thresholds.DEFAULT_AUDIO_WINDOW_MS, unset.audioWindowMsOrDefault());
        assertEquals(Fixture.Thresholds.DEFAULT_MAX_AUDIO_WINDOW_RESIDUAL_RMS_DB, unset.maxAudioWindowResidualRmsDbOrDefault());
        assertEquals(Fixture.Thresholds.DEFAULT_MAX_AUDIO_PEAK_RESIDUAL_DB, unset.maxAudioPeakResidualDbOrDefault());
        var set = new Fixture.Thresholds(33.5, 2, -60, 25.0, -45.0, -35.0);
        assertEquals(33.5, set.minPsnrOrDefault());
        assertEquals(25.0, set.audioWindowMsOrDefault());
        assertEquals(-45.0, set.maxAudioWindowResidualRmsDbOrDefault());
        assertEquals(-35.0, set.maxAudioPeakResidualDbOrDefault());
    }
}
