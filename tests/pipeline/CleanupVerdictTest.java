package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import pipeline.Deployment.CleanupCheck;

/** Each way a cleanup can fall short of "clean", alone, and what the run's exit code and summary line then say. */
class CleanupVerdictTest {
    private static final CleanupCheck GONE = new CleanupCheck("stack", "rp-a-stack", true);
    private static final CleanupCheck LEFT = new CleanupCheck("bucket", "rp-artifacts-a", false);
    private static final CleanupCheck UNVERIFIED = CleanupCheck.unverified("role", "rp-a-fn", "could not check: access denied");

    @Test
    void cleanNeedsEvidenceForEveryResourceAndAnUndisturbedTeardown() {
        assertTrue(CleanupVerdict.clean(List.of(GONE, GONE), List.of(), List.of()));
        assertTrue(CleanupVerdict.clean(List.of(), List.of(), List.of()), "nothing was created");
        assertFalse(CleanupVerdict.clean(List.of(GONE, LEFT), List.of(), List.of()), "left behind");
        assertFalse(CleanupVerdict.clean(List.of(GONE, UNVERIFIED), List.of(), List.of()), "could not check is not gone");
        assertFalse(CleanupVerdict.clean(List.of(GONE), List.of("stack: delete failed"), List.of()), "an undo failed");
        assertFalse(CleanupVerdict.clean(List.of(GONE), List.of(), List.of("stack (still running...)")), "an undo was cut short");
    }

    @Test
    void aStatusIsGoneOnlyWhenTheServiceSaidSo() {
        assertEquals(CleanupCheck.Status.gone, GONE.status());
        assertEquals(CleanupCheck.Status.left, LEFT.status());
        assertTrue(GONE.gone());
        assertFalse(LEFT.gone());
        assertFalse(UNVERIFIED.gone());
    }

    @Test
    void leftoversTurnAPassingRunIntoExitSevenAndLeaveAnEarlierFailuresCode() {
        assertEquals(ExitCode.OK, CleanupVerdict.exitCode(ExitCode.OK, true));
        assertEquals(ExitCode.LEFT_BEHIND, CleanupVerdict.exitCode(ExitCode.OK, false));
        assertEquals(ExitCode.VIDEO_GATE, CleanupVerdict.exitCode(ExitCode.VIDEO_GATE, false));
        assertEquals(ExitCode.VIDEO_GATE, CleanupVerdict.exitCode(ExitCode.VIDEO_GATE, true));
    }

    @Test
    void theSummaryNamesWhatWasLeftUnverifiedUnfinishedOrFailed() {
        assertEquals("nothing was created, nothing left behind", CleanupVerdict.summarize(List.of(), List.of(), List.of()));
        assertEquals("nothing left behind (2 checks)", CleanupVerdict.summarize(List.of(GONE, GONE), List.of(), List.of()));
        assertEquals("left behind: bucket rp-artifacts-a", CleanupVerdict.summarize(List.of(GONE, LEFT), List.of(), List.of()));
        assertEquals("unverified: role rp-a-fn", CleanupVerdict.summarize(List.of(GONE, UNVERIFIED), List.of(), List.of()));
        assertEquals("verified nothing left (1 checks); unfinished: stack (cut)",
                CleanupVerdict.summarize(List.of(GONE), List.of(), List.of("stack (cut)")));
        assertEquals("verified nothing left (0 checks); teardown failures: a: x; b: y",
                CleanupVerdict.summarize(List.of(), List.of("a: x", "b: y"), List.of()));
        assertEquals("left behind: bucket rp-artifacts-a; unverified: role rp-a-fn; unfinished: u; teardown failures: f",
                CleanupVerdict.summarize(List.of(LEFT, GONE, UNVERIFIED), List.of("f"), List.of("u")));
    }
}
