package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import media.AudioResidual;
import media.Ffmpeg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GateResult.evaluate on tiny real files (12 frames, 0.4 s): that it runs every layer on what the
 * files hold and that the file-reading paths reach the right audio checks. The checks' own limits
 * are pinned with crafted data in GateVideoChecksTest and GateAudioChecksTest.
 */
class GateEvaluateTest {
    @TempDir
    static Path dir;
    static Path baseline;
    static Path copy;
    static Path silent;
    static Path otherTone;

    private static final Fixture.Thresholds DEFAULTS = new Fixture.Thresholds(null, 0, AudioResidual.DEFAULT_THRESHOLD_DB);
    private static final List<Integer> ONE_CHUNK = List.of(0);

    /** 12 frames of test pattern at 30 fps, lossless, with a sine of {@code toneHz} (none when 0). */
    private static Path make(String name, int toneHz) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=96x54:rate=30"));
        if (toneHz > 0) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=48000:duration=0.4"));
        }
        args.addAll(List.of("-frames:v", "12", "-c:v", "libx264", "-crf", "0", "-bf", "0", "-pix_fmt", "yuv420p", "-threads", "1"));
        args.addAll(toneHz > 0 ? List.of("-c:a", "aac", "-ac", "2", "-flags:a", "+bitexact") : List.of("-an"));
        args.addAll(List.of("-fflags", "+bitexact", "-y", out.toString()));
        Ffmpeg.bundled().run(args);
        return out;
    }

    @BeforeAll
    static void files() throws Exception {
        baseline = make("baseline.mp4", 440);
        copy = Files.copy(baseline, dir.resolve("copy.mp4"));
        silent = make("silent.mp4", 0);
        otherTone = make("other-tone.mp4", 660);
    }

    private static List<String> names(GateResult r) {
        return r.checks().stream().map(GateCheck::name).toList();
    }

    @Test
    void theSameFilePassesEveryLayer() {
        List<String> hashes = List.of("a", "b");
        GateResult r = GateResult.evaluate(copy, baseline, DEFAULTS, null, ONE_CHUNK, new GateResult.RawFrames(hashes, hashes, null));
        assertEquals(List.of(GateResult.RAW_HASHES, GateResult.ALIGNMENT, GateResult.STREAM, GateResult.TIMESTAMPS, GateResult.PSNR,
                GateResult.AUDIO_STREAM, GateResult.AUDIO_LENGTH, GateResult.AUDIO_RESIDUAL, GateResult.AUDIO_WINDOWS,
                GateResult.AUDIO_PEAK), names(r));
        assertEquals(List.of(), r.failures(), r.failureLines("same").toString());
        assertEquals(List.of(), r.skipped());
        assertEquals(ExitCode.OK, r.exitCode());
        assertEquals(40.0, r.floorDb(), "no override: the fixture's floor (its default)");
        assertEquals(12, r.output().frameCount());
        assertEquals(List.of(), r.seamFramesBelowFloor());
    }

    @Test
    void aFloorGivenOnTheCommandLineReplacesTheFixtures() {
        GateResult r = GateResult.evaluate(copy, baseline, new Fixture.Thresholds(30.0, 0, -50), 45.0, ONE_CHUNK,
                GateResult.RawFrames.unavailable("no hashes here"));
        assertEquals(45.0, r.floorDb());
        assertEquals("raw-frame hashes skipped: no hashes here", r.check(GateResult.RAW_HASHES).line());
    }

    @Test
    void anOutputWithoutAudioFailsTheAudioGateOnly() {
        GateResult r = GateResult.evaluate(silent, baseline, DEFAULTS, null, ONE_CHUNK, null);
        assertTrue(r.videoPasses(), r.failureLines("silent").toString());
        assertFalse(r.audioPasses());
        assertEquals(ExitCode.AUDIO_GATE, r.exitCode());
        assertEquals("the output has no audio stream, the baseline has one", r.check(GateResult.AUDIO_STREAM).detail());
        assertEquals(List.of(GateResult.AUDIO_STREAM, GateResult.AUDIO_RESIDUAL),
                names(r).subList(names(r).indexOf(GateResult.AUDIO_STREAM), names(r).size()));
    }

    @Test
    void noAudioOnEitherSidePasses() {
        GateResult r = GateResult.evaluate(silent, silent, DEFAULTS, null, ONE_CHUNK, null);
        assertEquals(ExitCode.OK, r.exitCode(), r.failureLines("silent").toString());
        assertEquals("no audio on either", r.check(GateResult.AUDIO_STREAM).detail());
    }

    @Test
    void anotherToneFailsTheResidualAtTheStart() {
        GateResult r = GateResult.evaluate(otherTone, baseline, DEFAULTS, null, ONE_CHUNK, null);
        assertEquals(ExitCode.AUDIO_GATE, r.exitCode(), r.failureLines("tone").toString());
        assertEquals(GateCheck.Status.PASS, r.check(GateResult.AUDIO_LENGTH).status(), r.check(GateResult.AUDIO_LENGTH).line());
        assertTrue(r.check(GateResult.AUDIO_LENGTH).compared().startsWith("the audio track's end"), "the container's sample table is read");
        assertTrue(r.check(GateResult.AUDIO_WINDOWS).failed());
        assertEquals("0.000 s", r.check(GateResult.AUDIO_RESIDUAL).first());
    }
}
