package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import embedded.EmbeddedTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault a distributed render can introduce (docs/faults.md), each injected through the handler's
 * test-only hook into a real render of the 90-frame default fixture at 2 chunks (frames 0-44 and
 * 45-89) on --embedded with the real handler artifact, and each caught by the gates with the right exit
 * code and a stderr line that names the chunk count, the check and the first frame or time.
 */
class GateFaultsTest {
    private static final String FIXTURE = "mp4-h264-sdr";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int smokeWithFault(String fault) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        Path artifacts = tmp.resolve("artifacts");
        var options = new Smoke.Options(FIXTURE, List.of(2), null, 1, artifacts, false, Duration.ofMinutes(10), false);
        var target = new EmbeddedTarget("g" + System.nanoTime() % 100000, TestRepo.REPO.resolve("stack/template.yaml"), 2, 1024,
                artifacts.resolve("function.log"), null).withHandlerEnvironment(Map.of("RENDERPROOF_TEST_FAULT", fault));
        return new Smoke(options, TestRepo.REPO, target, console, "faults").run(HandlerArtifactForTests::jar);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed: the run's one stderr line, and every later error line, which goes to stdout. */
    private String printed() {
        return err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The fault fails with {@code exit}; stderr is one line naming N=2, the gate and the first failing
     * check with its frame or time; and some error line names {@code check} failing at {@code where}.
     */
    private void caught(String fault, int exit, String check, String where) {
        int code = smokeWithFault(fault);
        String gate = exit == ExitCode.VIDEO_GATE ? "video gate (exit 5)" : "audio gate (exit 6)";
        assertEquals(exit, code, fault + ": " + printed());
        List<String> errLines = stderr().lines().toList();
        assertEquals(1, errLines.size(), fault + ": " + stderr());
        assertTrue(errLines.get(0).matches("error: N=2: " + java.util.regex.Pattern.quote(gate) + ": [a-z -]+ failed at (frame \\d+|\\d+\\.\\d{3} s): .*"),
                fault + ": " + errLines.get(0));
        String prefix = "error: N=2: " + gate + ": " + check + " failed at " + where;
        assertTrue(printed().lines().anyMatch(l -> l.startsWith(prefix)), fault + ": no line starting \"" + prefix + "\" in:\n" + printed());
    }

    @Test
    void droppedFrame() {
        caught("drop-frame:30", ExitCode.VIDEO_GATE, "frame alignment", "frame 30");
        assertTrue(printed().contains("frame 30 missing"), printed());
    }

    @Test
    void aStackWithoutRawFrameHashesSkipsThatCheckAloudAndTheOthersStillCatchADroppedFrame() {
        caught("drop-frame:30;no-frame-hashes", ExitCode.VIDEO_GATE, "frame alignment", "frame 30");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("note: N=2: raw-frame hashes skipped: "), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void duplicatedFrame() {
        caught("duplicate-frame:20", ExitCode.VIDEO_GATE, "frame alignment", "frame 20");
        assertTrue(printed().contains("frame 20 duplicated (again at output frame 21)"), printed());
    }

    @Test
    void smallLocalCorruptionOfOneFrame() {
        caught("corrupt-block:40", ExitCode.VIDEO_GATE, "raw-frame hashes", "frame 40");
        assertTrue(printed().contains("frame 40 differs"), printed());
    }

    @Test
    void chromaOnlyChangeOnOneFrame() {
        caught("chroma-shift:50", ExitCode.VIDEO_GATE, "raw-frame hashes", "frame 50");
    }

    @Test
    void chunksEncodedWithOtherEncoderSettings() {
        caught("encoder-settings", ExitCode.VIDEO_GATE, "stream parameters", "frame 0");
        assertTrue(printed().contains("failed at frame 0: chunk 0 (frame 0): x264 "), printed());
        assertTrue(printed().contains("chunk 1 (frame 45): x264 ") || printed().contains("more"), printed());
        assertTrue(printed().contains("chunk 0 (frame 0): x264 crf 18.0 != baseline 16.0"), printed());
    }

    @Test
    void oneFrameShiftAtASeam() {
        caught("seam-shift", ExitCode.VIDEO_GATE, "raw-frame hashes", "frame 44");
        assertTrue(printed().contains("frame 44 duplicated (again at output frame 45)"), printed());
        assertTrue(printed().contains("(chunk seam)"), printed());
    }

    @Test
    void animationRestartingPerChunk() {
        caught("animation-restart", ExitCode.VIDEO_GATE, "raw-frame hashes", "frame 45");
        assertTrue(printed().contains("show baseline frames 0-44"), printed());
    }

    @Test
    void halfFrameTimestampJitterOnOneFrame() {
        caught("pts-jitter:10", ExitCode.VIDEO_GATE, "timestamps", "frame 9");
        assertTrue(printed().contains("frame 9 duration 768 != baseline 512"), printed());
    }

    @Test
    void timestampDriftAtSeams() {
        caught("seam-drift", ExitCode.VIDEO_GATE, "timestamps", "frame 44");
        assertTrue(printed().contains("(chunk seam)"), printed());
    }

    @Test
    void audioDelayedByOneMillisecond() {
        caught("audio-delay-1ms", ExitCode.AUDIO_GATE, "audio windows", "0.000 s");
    }

    @Test
    void singleSampleClick() {
        caught("audio-click:1500", ExitCode.AUDIO_GATE, "audio peak", "1.50");
    }

    @Test
    void audioAFewMillisecondsShort() {
        // The fixture's tone fades out over its last 10 frames, so the missing 5 ms are near silence: only
        // the container's exact length sees them.
        caught("audio-short:5", ExitCode.AUDIO_GATE, "audio length", "2.995 s");
        assertTrue(printed().contains("143760 samples != baseline 144000 (-5.0 ms)"), printed());
    }
}
