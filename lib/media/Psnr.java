package media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Per-frame PSNR of a candidate render against a reference, from ffmpeg's psnr filter.
 *
 * Frames are paired by index, not by timestamp: both inputs are retimed to pts = frame number before
 * the filter, so a render whose timestamps are shifted still compares frame i with frame i, and a
 * dropped or duplicated frame shows up as a run of bad frames instead of being hidden by framesync.
 * The filter stops at the shorter input; the frame counts of both files are decoded beforehand so a
 * count mismatch is reported ({@link #frameCountMismatch()}) rather than silently truncated.
 *
 * An identical frame has psnr_avg {@code inf}; it is kept as +Infinity, never 0.
 */
public record Psnr(int candidateFrames, int referenceFrames, String candidateSize, String referenceSize,
                   List<Double> perFrame) {
    private static final Pattern LINE = Pattern.compile("\\bn:(\\d+)\\b.*\\bpsnr_avg:(\\S+)");

    public Psnr {
        perFrame = List.copyOf(perFrame);
    }

    public static Psnr compare(Path candidate, Path reference) {
        return compare(candidate, Probe.of(candidate), reference, Probe.of(reference));
    }

    /** As {@link #compare(Path, Path)}, with the two files' probes already at hand (each probe decodes the file). */
    public static Psnr compare(Path candidate, Probe c, Path reference, Probe r) {
        if (c.frameCount() == 0 || r.frameCount() == 0 || !c.size().equals(r.size())) {
            return new Psnr(c.frameCount(), r.frameCount(), c.size(), r.size(), List.of());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("renderproof-psnr-");
            Path stats = tmp.resolve("psnr.log");
            String graph = "[0:v:0]settb=1,setpts=N,format=yuv420p[c];"
                    + "[1:v:0]settb=1,setpts=N,format=yuv420p[r];"
                    + "[c][r]psnr=shortest=1:stats_file=" + filterValue(stats.toString());
            Ffmpeg.forAnalysis().run(List.of("-i", candidate.toString(), "-i", reference.toString(),
                    "-filter_complex", graph, "-an", "-f", "null", "-"));
            List<Double> values = parseStats(Files.readString(stats));
            return new Psnr(c.frameCount(), r.frameCount(), c.size(), r.size(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("psnr of " + candidate + " vs " + reference + ": " + e.getMessage(), e);
        } finally {
            DecodedMedia.deleteTree(tmp);
        }
    }

    /** psnr_avg per frame in frame order; "inf" (identical frame) becomes +Infinity. */
    static List<Double> parseStats(String statsFile) {
        List<double[]> indexed = new ArrayList<>();
        for (String line : statsFile.split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                String v = m.group(2);
                double db = v.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
                indexed.add(new double[] {Long.parseLong(m.group(1)), db});
            }
        }
        indexed.sort(Comparator.comparingDouble(a -> a[0]));
        return indexed.stream().map(a -> a[1]).toList();
    }

    /**
     * Escapes a value for an option inside a filtergraph: first for the option parser (\ ' :), then
     * for the graph parser (\ ' [ ] , ;), as ffmpeg-filters' "Notes on filtergraph escaping" says.
     */
    static String filterValue(String value) {
        return escape(escape(value, "\\':"), "\\'[],;");
    }

    private static String escape(String s, String special) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (special.indexOf(ch) >= 0) {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    public boolean frameCountMismatch() {
        return candidateFrames != referenceFrames;
    }

    public boolean sizeMismatch() {
        return !candidateSize.equals(referenceSize);
    }

    public int comparedFrames() {
        return perFrame.size();
    }

    /**
     * PSNR of the mean MSE over all compared frames, so identical frames (MSE 0) pull the figure up
     * instead of breaking it: -10·log10(mean(10^(-psnr_i/10))), where an identical frame contributes
     * 0. The peak value cancels out, so it holds for any bit depth. +Infinity when every frame is
     * identical; NaN when nothing was compared.
     */
    public double mean() {
        if (perFrame.isEmpty()) {
            return Double.NaN;
        }
        double relativeMse = perFrame.stream().mapToDouble(p -> Math.pow(10, -p / 10)).average().orElseThrow();
        return relativeMse == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(relativeMse);
    }

    public double min() {
        return perFrame.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public boolean allIdentical() {
        return !perFrame.isEmpty() && perFrame.stream().allMatch(p -> p == Double.POSITIVE_INFINITY);
    }

    public int framesBelow(double floorDb) {
        return (int) perFrame.stream().filter(p -> p < floorDb).count();
    }

    /** Indexes of the n lowest-PSNR frames, worst first (ties by index). */
    public List<Integer> worstFrames(int n) {
        return IntStream.range(0, perFrame.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(perFrame::get).thenComparing(i -> i))
                .limit(n)
                .toList();
    }

    /**
     * Per frame, whether it touches a chunk seam: given the first frame index of each chunk, frame i is
     * flagged when i is such a first frame or the last frame before one (i + 1 is). Frame 0 is not a
     * seam.
     */
    public List<Boolean> nextToBoundary(Collection<Integer> chunkStartFrames) {
        Set<Integer> starts = Set.copyOf(chunkStartFrames);
        return IntStream.range(0, perFrame.size())
                .mapToObj(i -> (i > 0 && starts.contains(i)) || starts.contains(i + 1))
                .toList();
    }

    /**
     * The video gate: same size and frame count, mean at least {@code minPsnr}, and at most
     * {@code maxFrameFailures} frames below {@code minPsnr}.
     */
    public boolean passes(double minPsnr, int maxFrameFailures) {
        return !sizeMismatch() && !frameCountMismatch() && !perFrame.isEmpty()
                && mean() >= minPsnr && framesBelow(minPsnr) <= maxFrameFailures;
    }

    /** One line for a report, e.g. "mean 43.10 dB, min 38.20 dB, 2/90 frames < 40 dB, worst [12, 13]". */
    public String summary(double floorDb) {
        StringBuilder b = new StringBuilder();
        if (sizeMismatch()) {
            b.append("size mismatch ").append(candidateSize).append(" vs ").append(referenceSize).append("; ");
        }
        if (frameCountMismatch()) {
            b.append("frame count mismatch ").append(candidateFrames).append(" vs ").append(referenceFrames)
                    .append(" (compared ").append(comparedFrames()).append("); ");
        }
        if (perFrame.isEmpty()) {
            return b.append("no frames compared").toString();
        }
        return b.append(String.format("mean %s, min %s, %d/%d frames < %s dB, worst %s",
                db(mean()), db(min()), framesBelow(floorDb), comparedFrames(), floorDb, worstFrames(3))).toString();
    }

    private static String db(double v) {
        return v == Double.POSITIVE_INFINITY ? "identical" : String.format("%.2f dB", v);
    }
}
