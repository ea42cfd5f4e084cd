package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cli.ExitCode;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which code a run with several outcomes exits with (smoke's chunk counts, eval's fixtures). */
class ExitPrecedenceTest {
    private static int run(int... outcomes) {
        return IntStream.of(outcomes).reduce(ExitCode.OK, ExitPrecedence::worse);
    }

    @Test
    void passingOutcomesLeaveTheRunPassing() {
        assertEquals(ExitCode.OK, run());
        assertEquals(ExitCode.OK, run(ExitCode.OK, ExitCode.OK));
    }

    @Test
    void theFirstGateFailureStands() {
        assertEquals(ExitCode.AUDIO_GATE, run(ExitCode.OK, ExitCode.AUDIO_GATE, ExitCode.VIDEO_GATE));
        assertEquals(ExitCode.VIDEO_GATE, run(ExitCode.VIDEO_GATE, ExitCode.AUDIO_GATE, ExitCode.OK));
        assertEquals(ExitCode.USAGE, run(ExitCode.USAGE, ExitCode.VIDEO_GATE), "an invalid fixture before a gate failure");
    }

    @Test
    void aRenderFailureOutranksWhatCameBefore() {
        assertEquals(ExitCode.RENDER_FAILED, run(ExitCode.VIDEO_GATE, ExitCode.RENDER_FAILED));
        assertEquals(ExitCode.RENDER_FAILED, run(ExitCode.USAGE, ExitCode.RENDER_FAILED, ExitCode.AUDIO_GATE));
        assertEquals(ExitCode.RENDER_FAILED, run(ExitCode.RENDER_FAILED, ExitCode.VIDEO_GATE));
    }
}
