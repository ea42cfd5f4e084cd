package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact timestamp comparison on frames written out by hand: equal values, one tick over and one tick
 * under, in equal and in different time bases, and the cap on how many differences are kept.
 */
class TimestampCompareTest {
    /** {@code n} frames of {@code step} ticks each, starting at {@code start}. */
    private static List<TimestampCompare.Frame> frames(int n, long start, long step) {
        List<TimestampCompare.Frame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TimestampCompare.Frame(start + i * step, step));
        }
        return out;
    }

    @Test
    void theSameTimesInDifferentTimeBasesAreEqual() {
        // 30 fps in x264's 1/15360 against the same frames in 1/30: 512 ticks = 1 tick.
        TimestampCompare t = TimestampCompare.compare(15360, frames(30, 0, 512), 30, frames(30, 0, 1));
        assertEquals(List.of(), t.differences());
        assertTrue(t.countMatches());
        assertTrue(t.spanMatches());
        assertTrue(t.passes());
        assertEquals(15360, t.outputSpan());
        assertEquals(30, t.baselineSpan());
        assertEquals(30, t.outputFrames());
        assertEquals(30, t.baselineFrames());
    }

    @Test
    void oneTickOverOrUnderIsADifferenceAtThatFrame() {
        List<TimestampCompare.Frame> base = frames(4, 0, 512);
        for (long delta : new long[] {1, -1}) {
            List<TimestampCompare.Frame> out = new ArrayList<>(base);
            out.set(2, new TimestampCompare.Frame(1024 + delta, 512));
            TimestampCompare t = TimestampCompare.compare(15360, out, 15360, base);
            assertEquals(List.of(new TimestampCompare.Difference(2, "pts", 1024 + delta, 1024)), t.differences());
            assertFalse(t.passes(), "a pts difference alone fails");
            assertTrue(t.countMatches());
            assertTrue(t.spanMatches(), "the span is unchanged by a frame in the middle");
        }
    }

    @Test
    void aDurationDifferenceIsNamedAndChangesTheSpan() {
        List<TimestampCompare.Frame> base = frames(3, 0, 512);
        List<TimestampCompare.Frame> out = new ArrayList<>(base);
        out.set(2, new TimestampCompare.Frame(1024, 511));
        TimestampCompare t = TimestampCompare.compare(15360, out, 15360, base);
        assertEquals(List.of(new TimestampCompare.Difference(2, "duration", 511, 512)), t.differences());
        assertEquals(1535, t.outputSpan());
        assertFalse(t.spanMatches());
        assertFalse(t.passes());
        assertEquals("duration 1535 != baseline 1536 ticks of 1/15360 (0.099935 s vs 0.100000 s)", t.describeSpan());
    }

    @Test
    void aMissingFrameFailsOnTheCountEvenWhenEveryCommonFrameMatches() {
        TimestampCompare t = TimestampCompare.compare(30, frames(29, 0, 1), 30, frames(30, 0, 1));
        assertEquals(List.of(), t.differences());
        assertFalse(t.countMatches());
        assertFalse(t.spanMatches());
        assertFalse(t.passes());
        TimestampCompare extra = TimestampCompare.compare(30, frames(31, 0, 1), 30, frames(30, 0, 1));
        assertFalse(extra.countMatches());
        assertFalse(extra.passes());
    }

    @Test
    void theSpanRunsFromTheEarliestPtsToTheLatestEndWhateverTheOrder() {
        // Not from the first and last listed frame: listed first to last, these would span 2 ticks.
        List<TimestampCompare.Frame> out = List.of(new TimestampCompare.Frame(0, 1), new TimestampCompare.Frame(2, 1),
                new TimestampCompare.Frame(1, 1));
        TimestampCompare t = TimestampCompare.compare(30, out, 30, frames(3, 0, 1));
        assertEquals(3, t.outputSpan());
        assertEquals(3, t.baselineSpan());
        TimestampCompare late = TimestampCompare.compare(30, List.of(new TimestampCompare.Frame(5, 1), new TimestampCompare.Frame(3, 1)),
                30, List.of(new TimestampCompare.Frame(3, 1), new TimestampCompare.Frame(4, 1)));
        assertEquals(3, late.outputSpan(), "earliest pts 3, latest end 6");
        assertEquals(2, late.baselineSpan());
        assertFalse(late.spanMatches());
        assertTrue(late.countMatches());
        assertFalse(late.passes());
    }

    @Test
    void noFramesSpanNothing() {
        TimestampCompare t = TimestampCompare.compare(30, List.of(), 30, List.of());
        assertEquals(0, t.outputSpan());
        assertTrue(t.passes());
        TimestampCompare oneSided = TimestampCompare.compare(30, List.of(), 30, List.of(new TimestampCompare.Frame(-2, 1)));
        assertEquals(-1 - -2, oneSided.baselineSpan(), "a negative pts counts from itself");
    }

    @Test
    void atMostKeepDifferencesAreKeptAndADurationDoesNotPushPastTheCap() {
        // 19 frames with a pts difference, then frame 19 with both: its pts is the 20th, its duration is dropped.
        List<TimestampCompare.Frame> base = frames(30, 0, 10);
        List<TimestampCompare.Frame> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(new TimestampCompare.Frame(i * 10 + 1, i == 19 ? 9 : 10));
        }
        TimestampCompare t = TimestampCompare.compare(30, out, 30, base);
        assertEquals(TimestampCompare.KEEP, t.differences().size());
        assertEquals(new TimestampCompare.Difference(19, "pts", 191, 190), t.differences().get(19));

        // Every frame off in both: ten frames fill the cap, the 11th adds nothing.
        List<TimestampCompare.Frame> both = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            both.add(new TimestampCompare.Frame(i * 10 + 1, 9));
        }
        TimestampCompare b = TimestampCompare.compare(30, both, 30, base);
        assertEquals(TimestampCompare.KEEP, b.differences().size());
        assertEquals(new TimestampCompare.Difference(9, "duration", 9, 10), b.differences().get(19));
    }

    @Test
    void baselineValuesAreShownInTheOutputsTimeBaseWhenExact() {
        TimestampCompare t = TimestampCompare.compare(15360, frames(2, 0, 512), 30, frames(2, 0, 1));
        assertEquals("512", t.baselineTicks(1));
        assertEquals("0", t.baselineTicks(0));
        TimestampCompare odd = TimestampCompare.compare(1000, frames(1, 0, 33), 30, frames(1, 0, 1));
        assertEquals("1/30 s", odd.baselineTicks(1), "1/30 s is no whole number of milliseconds");
        assertEquals("1000", odd.baselineTicks(30));
        assertEquals("frame 3 pts 100 != baseline 1/30 s (time base 1/1000)",
                odd.describe(new TimestampCompare.Difference(3, "pts", 100, 1)));
    }

    @Test
    void valuesTooLargeToCrossMultiplyFailLoudly() {
        assertThrows(ArithmeticException.class, () -> TimestampCompare.same(Long.MAX_VALUE / 2, 1, 1, 3));
        assertTrue(TimestampCompare.same(2, 4, 1, 2));
        assertFalse(TimestampCompare.same(3, 4, 1, 2));
    }
}
