package media;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Output and baseline frames aligned by content rather than by index, so that one dropped frame reads
 * "frame 30 missing" and "frames 31-89 shifted by -1" instead of sixty bad frames at the end.
 *
 * The alignment is the cheapest monotonic path through (output frame, baseline frame) pairs: pairing
 * two frames that show the same picture costs 0, pairing two that differ costs 1, leaving a frame of
 * either side unpaired costs 1. So a frame changed in place stays paired (and is reported as differing),
 * while a run of three or more frames one step off becomes a gap and a shift.
 * "The same picture" is decided by the caller: equal raw-frame hashes, or decoded thumbnails within a
 * noise threshold ({@link DecodedThumbnails}).
 */
public record FrameAlignment(int outputFrames, int baselineFrames, List<Event> events) {
    /** In the order events at the same frame are listed: what happened before what follows from it. */
    public enum Kind { MISSING, DUPLICATED, EXTRA, SHIFTED, DIFFERS }

    /**
     * One thing that happened to a run of frames: baseline frames [firstBaseline, lastBaseline], shown at
     * output frames [firstOutput, lastOutput] (-1 where the kind has none: a missing frame is not shown).
     * {@code showsBaseline} is, for DIFFERS, the baseline frame the first output frame does show when it
     * shows one from elsewhere (an animation restarting per chunk), else -1.
     */
    public record Event(Kind kind, int firstBaseline, int lastBaseline, int firstOutput, int lastOutput,
                        int showsBaseline) {
        public String describe() {
            return switch (kind) {
                case MISSING -> frames(firstBaseline, lastBaseline) + " missing";
                case DUPLICATED -> frames(firstBaseline, lastBaseline) + " duplicated (again at output "
                        + frames(firstOutput, lastOutput) + ")";
                case EXTRA -> "output " + frames(firstOutput, lastOutput) + (firstOutput == lastOutput ? " matches" : " match")
                        + " no baseline frame (extra)";
                case SHIFTED -> {
                    int shift = firstOutput - firstBaseline;
                    yield frames(firstBaseline, lastBaseline) + " shifted by " + (shift == 1 ? "one" : shift == -1 ? "minus one"
                            : String.valueOf(shift)) + " (shown at output " + frames(firstOutput, lastOutput) + ")";
                }
                case DIFFERS -> frames(firstBaseline, lastBaseline) + (firstBaseline == lastBaseline ? " differs" : " differ")
                        + (showsBaseline < 0 ? "" : " (output " + frames(firstOutput, lastOutput) + " show baseline "
                        + frames(showsBaseline, showsBaseline + lastOutput - firstOutput) + ")");
            };
        }

        /** The first frame a person should look at: the baseline frame, or the output frame of an extra. */
        public int firstFrame() {
            return firstBaseline >= 0 ? firstBaseline : firstOutput;
        }
    }

    static String frames(int first, int last) {
        return first == last ? "frame " + first : "frames " + first + "-" + last;
    }

    /** True when every frame is paired with the baseline frame of the same index, showing the same picture. */
    public boolean clean() {
        return events.isEmpty();
    }

    /**
     * Output frames whose difference from the baseline frame of the same index the alignment explains
     * (shifted, duplicated, extra): a worst-frame list should not blame them.
     */
    public Set<Integer> explainedOutputFrames() {
        Set<Integer> out = new TreeSet<>();
        for (Event e : events) {
            if (e.kind() != Kind.DIFFERS && e.firstOutput() >= 0) {
                for (int i = e.firstOutput(); i <= e.lastOutput(); i++) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    public String summary(int max) {
        if (events.isEmpty()) {
            return outputFrames + " frames, each the baseline's frame of the same index";
        }
        List<String> parts = events.stream().limit(max).map(Event::describe).toList();
        return String.join("; ", parts) + (events.size() > max ? "; and " + (events.size() - max) + " more" : "");
    }

    /**
     * @param same whether output frame i (first argument) shows baseline frame j (second argument)
     */
    public static FrameAlignment align(int n, int m, BiPredicate<Integer, Integer> same) {
        boolean[][] eq = new boolean[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                eq[i][j] = same.test(i, j);
            }
        }
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int pair = cost[i - 1][j - 1] + (eq[i - 1][j - 1] ? 0 : 1);
                cost[i][j] = Math.min(pair, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
            }
        }
        // Walk back: -1 in pairOf means unpaired.
        int[] pairOfOutput = new int[n];
        int[] pairOfBaseline = new int[m];
        java.util.Arrays.fill(pairOfOutput, -1);
        java.util.Arrays.fill(pairOfBaseline, -1);
        int i = n;
        int j = m;
        // On a tie, the later of two equal output frames is the unpaired one, so a repeat is reported at
        // its second showing.
        while (i > 0 || j > 0) {
            if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
                i--;
            } else if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (eq[i - 1][j - 1] ? 0 : 1)) {
                pairOfOutput[i - 1] = j - 1;
                pairOfBaseline[j - 1] = i - 1;
                i--;
                j--;
            } else {
                j--;
            }
        }
        return new FrameAlignment(n, m, events(n, m, eq, pairOfOutput, pairOfBaseline));
    }

    private static List<Event> events(int n, int m, boolean[][] eq, int[] pairOfOutput, int[] pairOfBaseline) {
        List<Event> raw = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            if (pairOfBaseline[j] < 0) {
                raw.add(new Event(Kind.MISSING, j, j, -1, -1, -1));
            }
        }
        for (int i = 0; i < n; i++) {
            int j = pairOfOutput[i];
            if (j < 0) {
                int shown = duplicateOf(i, eq, pairOfOutput);
                raw.add(shown >= 0 ? new Event(Kind.DUPLICATED, shown, shown, i, i, -1) : new Event(Kind.EXTRA, -1, -1, i, i, -1));
            } else if (!eq[i][j]) {
                // Paired but not the same picture: a previous frame shown again in place of this one is a
                // duplicate plus a missing frame; anything else is a difference.
                int shown = duplicateOf(i, eq, pairOfOutput);
                if (shown >= 0 && shown != j) {
                    raw.add(new Event(Kind.DUPLICATED, shown, shown, i, i, -1));
                    raw.add(new Event(Kind.MISSING, j, j, -1, -1, -1));
                } else {
                    raw.add(new Event(Kind.DIFFERS, j, j, i, i, showsElsewhere(i, eq)));
                }
            } else if (i != j) {
                raw.add(new Event(Kind.SHIFTED, j, j, i, i, -1));
            }
        }
        // Runs are merged per kind, so an extra frame in the middle of a shift does not split it.
        raw.sort(java.util.Comparator.comparing(Event::kind).thenComparingInt(Event::firstFrame));
        List<Event> merged = merge(raw);
        merged.sort(java.util.Comparator.comparingInt(Event::firstFrame).thenComparing(Event::kind));
        return merged;
    }

    /** The baseline frame that output frame i repeats: the one its previous or next output frame is paired with, if i shows it. */
    private static int duplicateOf(int i, boolean[][] eq, int[] pairOfOutput) {
        for (int k : new int[] {i - 1, i + 1}) {
            if (k >= 0 && k < pairOfOutput.length && pairOfOutput[k] >= 0 && eq[i][pairOfOutput[k]]
                    && eq[k][pairOfOutput[k]]) {
                return pairOfOutput[k];
            }
        }
        return -1;
    }

    private static int showsElsewhere(int i, boolean[][] eq) {
        for (int j = 0; j < eq[i].length; j++) {
            if (eq[i][j]) {
                return j;
            }
        }
        return -1;
    }

    /** Runs of consecutive frames with the same kind (and, for shifts, the same shift) become one event. */
    private static List<Event> merge(List<Event> raw) {
        List<Event> out = new ArrayList<>();
        for (Event e : raw) {
            Event last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.kind() == e.kind() && continues(last, e)) {
                out.set(out.size() - 1, new Event(e.kind(), last.firstBaseline(), e.lastBaseline(), last.firstOutput(),
                        e.lastOutput(), last.showsBaseline()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean continues(Event a, Event b) {
        return switch (a.kind()) {
            case MISSING -> b.firstBaseline() == a.lastBaseline() + 1;
            case EXTRA -> b.firstOutput() == a.lastOutput() + 1;
            case SHIFTED -> b.firstBaseline() == a.lastBaseline() + 1 && b.firstOutput() == a.lastOutput() + 1;
            case DIFFERS -> b.firstBaseline() == a.lastBaseline() + 1 && b.firstOutput() == a.lastOutput() + 1
                    && (a.showsBaseline() < 0) == (b.showsBaseline() < 0);
            case DUPLICATED -> false;
        };
    }
}
