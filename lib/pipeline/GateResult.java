package pipeline;

import cli.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import media.AudioCompare;
import media.AudioResidual;
import media.DecodedThumbnails;
import media.EncodedStreamCompare;
import media.FrameAlignment;
import media.GateDecode;
import media.MediaFacts;
import media.Mp4SampleTable;
import media.Probe;
import media.Psnr;
import media.StreamInfo;
import media.TimestampCompare;

/**
 * The video and audio gates for one output against its baseline (DESIGN.md decision 11), as a list of
 * checks in three layers. Exact: raw-frame hashes the chunks reported against the baseline's, every
 * chunk's encoded-stream parameters and x264 settings, every frame's timestamp and duration as the
 * MP4's sample table states them. Aligned:
 * output and baseline frames paired by content, so that a missing, repeated or shifted frame is named.
 * Thresholded: per-frame PSNR with a floor and a frame-failure budget (the net for stacks whose raw
 * frames cannot be hashed), and the audio residual as a whole, in short windows and at its peak sample.
 *
 * A failing video check makes exit 5, an audio check 6 (video first).
 */
public record GateResult(Psnr psnr, double floorDb, int maxFrameFailures, List<Integer> seamFramesBelowFloor,
                         Probe output, Probe baseline, AudioResidual audio, List<GateCheck> checks,
                         Set<Integer> explainedFrames) {
    public static final String RAW_HASHES = "raw-frame hashes";
    public static final String ALIGNMENT = "frame alignment";
    public static final String STREAM = "stream parameters";
    public static final String TIMESTAMPS = "timestamps";
    public static final String PSNR = "psnr";
    public static final String AUDIO_STREAM = "audio stream";
    public static final String AUDIO_LENGTH = "audio length";
    public static final String AUDIO_RESIDUAL = "audio residual";
    public static final String AUDIO_WINDOWS = "audio windows";
    public static final String AUDIO_PEAK = "audio peak";
    /** A preset change alters half a dozen x264 options; enough of them to reach crf and the like. */
    static final int SHOWN_STREAM_DIFFERENCES = 8;

    public GateResult {
        seamFramesBelowFloor = List.copyOf(seamFramesBelowFloor);
        checks = List.copyOf(checks);
        explainedFrames = Set.copyOf(explainedFrames);
    }

    /** The PSNR and whole-file audio layers only (for results built without files, e.g. report tests). */
    public GateResult(Psnr psnr, double floorDb, int maxFrameFailures, List<Integer> seamFramesBelowFloor, Probe output,
                      Probe baseline, AudioResidual audio) {
        this(psnr, floorDb, maxFrameFailures, seamFramesBelowFloor, output, baseline, audio,
                List.of(psnrCheck(psnr, floorDb, maxFrameFailures, Set.of()), residualCheck(audio, AudioResidual.DEFAULT_THRESHOLD_DB)), Set.of());
    }

    /**
     * @param chunkStarts first frame of every chunk, from the execution history
     * @param raw         the chunks' raw-frame hashes and the baseline's, or why they are not available
     */
    public static GateResult evaluate(Path output, Path baseline, Fixture.Thresholds thresholds, Double psnrOverride,
                                      List<Integer> chunkStarts, RawFrames raw) {
        return evaluate(output, baseline, thresholds, psnrOverride, chunkStarts, raw, BaselineAnalyses.forOneGate(), new PhaseTimes());
    }

    /**
     * As above, with the baseline read at most once per run ({@code baselines}) and the time of each
     * step added to {@code times}. The exact layers decode nothing (the chunks' own hash records, the
     * bitstream's headers, the MP4's sample tables); one ffmpeg pass decodes the output once (and the
     * baseline, for PSNR) for every other check, video and audio.
     */
    public static GateResult evaluate(Path output, Path baseline, Fixture.Thresholds thresholds, Double psnrOverride,
                                      List<Integer> chunkStarts, RawFrames raw, BaselineAnalyses baselines, PhaseTimes times) {
        double floor = psnrOverride != null ? psnrOverride : thresholds.minPsnrOrDefault();
        MediaFacts b = times.time("gate: read containers", () -> baselines.facts(baseline));
        String outputBanner = MediaFacts.banner(output);
        StreamInfo outputInfo = StreamInfo.parse(outputBanner);
        // The output's container facts are Java parsing work for the core that ffmpeg's decode leaves idle.
        CompletableFuture<MediaFacts> outputFacts = CompletableFuture.supplyAsync(
                () -> times.time("gate: read containers", () -> MediaFacts.read(output, outputBanner)), GateResult::daemon);
        GateDecode.Result d;
        try {
            d = times.time("gate: decode", () -> GateDecode.run(output, outputInfo, baseline, b, baselines.decoded(baseline),
                    baselines.keepLimit()));
        } finally {
            // Its ffmpeg must be gone before the run goes on (teardown checks for child processes).
            outputFacts.exceptionally(failed -> null).join();
        }
        MediaFacts o = joined(outputFacts);
        baselines.remember(baseline, d.baseline());
        Probe out = d.output().probe();
        Probe base = d.baseline().probe();
        Psnr psnr = d.psnr();
        Seams seams = new Seams(chunkStarts, out.fps());
        FrameAlignment aligned = times.time("gate: alignment", () -> DecodedThumbnails.align(d.output().thumbnails(),
                d.baseline().thumbnails()));
        Set<Integer> explained = aligned.explainedOutputFrames();

        List<GateCheck> checks = new ArrayList<>();
        checks.add(rawHashCheck(raw, seams));
        checks.add(alignmentCheck(aligned, seams));
        checks.add(streamCheck(EncodedStreamCompare.compare(o.trace(), b.trace(), chunkStarts), chunkStarts.size()));
        checks.add(timestampCheck(o.videoTable(), b.videoTable(), seams));
        checks.add(psnrCheck(psnr, floor, thresholds.maxFrameFailures(), explained));

        float[] outAudio = d.output().audio();
        float[] baseAudio = d.baseline().audio();
        AudioResidual residual = AudioResidual.of(outAudio, baseAudio, thresholds.maxAudioResidualRmsDb());
        if (outAudio == null || baseAudio == null) {
            checks.addAll(audioStreamChecks(outAudio != null, baseAudio != null, residual, thresholds));
        } else {
            AudioCompare c = times.time("gate: audio compare", () -> AudioCompare.of(o.audioParams(), b.audioParams(), outAudio,
                    baseAudio, thresholds.audioWindowMsOrDefault()));
            checks.addAll(audioChecks(c, audioLengthCheck(o.audioTable(), b.audioTable(), c), residual, thresholds, seams));
        }
        return new GateResult(psnr, floor, thresholds.maxFrameFailures(), seamFramesBelowFloor(psnr, floor, chunkStarts, explained),
                out, base, residual, checks, explained);
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work, "gate-read-containers");
        t.setDaemon(true);
        t.start();
    }

    /** The value of a finished future, or what it threw, as thrown. */
    private static <T> T joined(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Frames below the floor that touch a chunk seam and that the alignment does not already explain. */
    static List<Integer> seamFramesBelowFloor(Psnr psnr, double floor, List<Integer> chunkStarts, Set<Integer> explained) {
        List<Boolean> nextToSeam = psnr.nextToBoundary(chunkStarts);
        List<Integer> seamBelow = new ArrayList<>();
        for (int i = 0; i < psnr.perFrame().size(); i++) {
            if (psnr.perFrame().get(i) < floor && nextToSeam.get(i) && !explained.contains(i)) {
                seamBelow.add(i);
            }
        }
        return seamBelow;
    }

    /** Raw-frame hashes of an output's chunks (in frame order) and of the baseline, or why there are none. */
    public record RawFrames(List<String> output, List<String> baseline, String unavailable) {
        public static RawFrames unavailable(String why) {
            return new RawFrames(null, null, why);
        }
    }

    /** Chunk boundaries, to flag a difference that sits at one. */
    record Seams(List<Integer> starts, double fps) {
        boolean frame(int f) {
            return starts.stream().anyMatch(s -> s > 0 && (f == s || f == s - 1));
        }

        boolean time(double seconds, double windowSeconds) {
            return fps > 0 && starts.stream().anyMatch(s -> s > 0
                    && Math.abs(s / fps - seconds) <= windowSeconds + 1e-9);
        }

        String frameNote(int f) {
            return frame(f) ? " (chunk seam)" : "";
        }

        String timeNote(double seconds, double windowSeconds) {
            return time(seconds, windowSeconds) ? " (chunk seam)" : "";
        }
    }

    static GateCheck rawHashCheck(RawFrames raw, Seams seams) {
        if (raw == null || raw.output() == null || raw.baseline() == null) {
            return GateCheck.skipped(RAW_HASHES, GateCheck.Gate.VIDEO,
                    raw == null || raw.unavailable() == null ? "not reported" : raw.unavailable());
        }
        List<String> o = raw.output();
        List<String> b = raw.baseline();
        FrameAlignment a = FrameAlignment.align(o.size(), b.size(), (i, j) -> o.get(i).equals(b.get(j)));
        String compared = o.size() + " drawn frames' hashes against the baseline's " + b.size();
        if (a.clean()) {
            return GateCheck.pass(RAW_HASHES, GateCheck.Gate.VIDEO, compared, "every drawn frame equals the baseline's");
        }
        int first = a.events().get(0).firstFrame();
        return GateCheck.fail(RAW_HASHES, GateCheck.Gate.VIDEO, compared, "frame " + first,
                a.summary(4) + seams.frameNote(first));
    }

    static GateCheck alignmentCheck(FrameAlignment a, Seams seams) {
        String compared = a.outputFrames() + " decoded frames against the baseline's " + a.baselineFrames() + ", by content";
        if (a.clean()) {
            return GateCheck.pass(ALIGNMENT, GateCheck.Gate.VIDEO, compared, a.summary(4));
        }
        int first = a.events().get(0).firstFrame();
        return GateCheck.fail(ALIGNMENT, GateCheck.Gate.VIDEO, compared, "frame " + first, a.summary(4) + seams.frameNote(first));
    }

    static GateCheck streamCheck(List<EncodedStreamCompare.Difference> diffs, int chunks) {
        // No chunk starts (a history without them) compares the output as one stream.
        int streams = Math.max(1, chunks);
        String compared = "codec, pixel format, time base, every SPS/PPS field and x264's settings of "
                + streams + " chunk" + (streams == 1 ? "" : "s");
        if (diffs.isEmpty()) {
            return GateCheck.pass(STREAM, GateCheck.Gate.VIDEO, compared, "every chunk encoded like the baseline");
        }
        EncodedStreamCompare.Difference d = diffs.get(0);
        List<String> all = diffs.stream().limit(SHOWN_STREAM_DIFFERENCES).map(EncodedStreamCompare.Difference::describe).toList();
        return GateCheck.fail(STREAM, GateCheck.Gate.VIDEO, compared, d.chunk() < 0 ? "frame 0" : "frame " + d.frame(),
                String.join("; ", all) + (diffs.size() > SHOWN_STREAM_DIFFERENCES
                        ? "; and " + (diffs.size() - SHOWN_STREAM_DIFFERENCES) + " more" : ""));
    }

    static GateCheck timestampCheck(Mp4SampleTable out, Mp4SampleTable base, Seams seams) {
        TimestampCompare t = TimestampCompare.compare(out.timescale(), frames(out), base.timescale(), frames(base));
        String compared = t.outputFrames() + " frames' pts and duration in the output's time base 1/" + t.outputTimescale();
        if (t.passes()) {
            return GateCheck.pass(TIMESTAMPS, GateCheck.Gate.VIDEO, compared, "every frame's pts and duration equal the baseline's");
        }
        if (!t.differences().isEmpty()) {
            TimestampCompare.Difference d = t.differences().get(0);
            String more = t.differences().size() > 1 ? " (and " + (t.differences().size() - 1)
                    + (t.differences().size() == TimestampCompare.KEEP ? "+" : "") + " more)" : "";
            return GateCheck.fail(TIMESTAMPS, GateCheck.Gate.VIDEO, compared, "frame " + d.frame(),
                    t.describe(d) + seams.frameNote(d.frame()) + more + (t.countMatches() ? ""
                            : "; frame count " + t.outputFrames() + " != baseline " + t.baselineFrames()));
        }
        if (!t.countMatches()) {
            int first = Math.min(t.outputFrames(), t.baselineFrames());
            return GateCheck.fail(TIMESTAMPS, GateCheck.Gate.VIDEO, compared, "frame " + first,
                    "frame count " + t.outputFrames() + " != baseline " + t.baselineFrames());
        }
        return GateCheck.fail(TIMESTAMPS, GateCheck.Gate.VIDEO, compared, "frame " + (t.outputFrames() - 1), t.describeSpan());
    }

    private static List<TimestampCompare.Frame> frames(Mp4SampleTable t) {
        return t.samples().stream().map(x -> new TimestampCompare.Frame(x.pts(), x.duration())).toList();
    }

    static GateCheck psnrCheck(Psnr psnr, double floor, int maxFrameFailures, Set<Integer> explained) {
        String compared = psnr.comparedFrames() + " frames paired by index, floor " + floor + " dB, at most "
                + maxFrameFailures + " below";
        if (psnr.passes(floor, maxFrameFailures)) {
            return GateCheck.pass(PSNR, GateCheck.Gate.VIDEO, compared, psnr.summary(floor));
        }
        int first = -1;
        for (int i = 0; i < psnr.perFrame().size(); i++) {
            if (psnr.perFrame().get(i) < floor) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            first = Math.min(psnr.candidateFrames(), psnr.referenceFrames());
        }
        String worst = worstExcluding(psnr, explained, 3).toString();
        return GateCheck.fail(PSNR, GateCheck.Gate.VIDEO, compared, "frame " + first,
                psnr.framesBelow(floor) + " frames below " + floor + " dB (allowed " + maxFrameFailures + "): "
                        + psnr.summary(floor) + (explained.isEmpty() ? "" : "; unexplained worst " + worst));
    }

    static List<Integer> worstExcluding(Psnr psnr, Set<Integer> explained, int n) {
        return psnr.worstFrames(psnr.perFrame().size()).stream().filter(i -> !explained.contains(i)).limit(n).toList();
    }

    static GateCheck residualCheck(AudioResidual audio, double threshold) {
        String compared = "whole-file residual RMS, at most " + threshold + " dBFS";
        String detail = audio.status() + (audio.rmsDb() == null ? "" : String.format(Locale.ROOT, " %.1f dBFS", audio.rmsDb()));
        return audio.pass() ? GateCheck.pass(AUDIO_RESIDUAL, GateCheck.Gate.AUDIO, compared, detail)
                : GateCheck.fail(AUDIO_RESIDUAL, GateCheck.Gate.AUDIO, compared, null, detail);
    }

    /** When at most one side has audio (the caller compares two audio streams otherwise): is that right, and the whole-file residual. */
    static List<GateCheck> audioStreamChecks(boolean o, boolean b, AudioResidual residual, Fixture.Thresholds t) {
        GateCheck stream = !o && !b ? GateCheck.pass(AUDIO_STREAM, GateCheck.Gate.AUDIO, "audio streams", "no audio on either")
                : GateCheck.fail(AUDIO_STREAM, GateCheck.Gate.AUDIO, "audio streams", "0.000 s",
                o ? "the output has an audio stream, the baseline none" : "the output has no audio stream, the baseline has one");
        return List.of(stream, residualCheck(residual, t.maxAudioResidualRmsDb()));
    }

    /** When both sides have audio: parameters, length, the residual as a whole, in windows and at its peak. */
    static List<GateCheck> audioChecks(AudioCompare c, GateCheck length, AudioResidual residual, Fixture.Thresholds t, Seams seams) {
        List<GateCheck> checks = new ArrayList<>();
        String params = c.output().describe();
        checks.add(c.output().equals(c.baseline())
                ? GateCheck.pass(AUDIO_STREAM, GateCheck.Gate.AUDIO, "codec, sample rate, channels", params)
                : GateCheck.fail(AUDIO_STREAM, GateCheck.Gate.AUDIO, "codec, sample rate, channels", "0.000 s",
                params + " != baseline " + c.baseline().describe()));
        checks.add(length);
        GateCheck whole = residualCheck(residual, t.maxAudioResidualRmsDb());
        if (whole.failed()) {
            // The whole-file figure has no time of its own: name the first window louder than it allows.
            List<AudioCompare.Window> loud = c.windowsAbove(t.maxAudioResidualRmsDb());
            double at = loud.isEmpty() ? c.worstWindows().get(0).startSeconds() : loud.get(0).startSeconds();
            whole = GateCheck.fail(whole.name(), whole.gate(), whole.compared(), seconds(at),
                    whole.detail() + "; first window above " + t.maxAudioResidualRmsDb() + " dBFS at " + seconds(at));
        }
        checks.add(whole);
        double windowMax = t.maxAudioWindowResidualRmsDbOrDefault();
        String windowsCompared = String.format(Locale.ROOT, "residual RMS in %.0f ms windows, at most %s dBFS each", c.windowMs(), windowMax);
        List<AudioCompare.Window> bad = c.windowsAbove(windowMax);
        String worst = String.join(", ", c.worstWindows().stream().limit(3)
                .map(w -> String.format(Locale.ROOT, "%.1f dBFS at %s%s", w.rmsDb(), seconds(w.startSeconds()),
                        seams.timeNote(w.startSeconds(), c.windowMs() / 1000))).toList());
        if (bad.isEmpty()) {
            checks.add(GateCheck.pass(AUDIO_WINDOWS, GateCheck.Gate.AUDIO, windowsCompared, "worst " + worst));
        } else {
            double firstBad = bad.stream().mapToDouble(AudioCompare.Window::startSeconds).min().orElseThrow();
            checks.add(GateCheck.fail(AUDIO_WINDOWS, GateCheck.Gate.AUDIO, windowsCompared, seconds(firstBad),
                    bad.size() + " of " + c.windows().size() + " windows above " + windowMax + " dBFS, the first at "
                            + seconds(firstBad) + seams.timeNote(firstBad, c.windowMs() / 1000) + "; worst " + worst));
        }
        double peakMax = t.maxAudioPeakResidualDbOrDefault();
        String peakCompared = "largest residual sample, at most " + peakMax + " dBFS";
        String peak = String.format(Locale.ROOT, "%.1f dBFS at %s%s", c.peakDb(), seconds(c.peakSeconds()),
                seams.timeNote(c.peakSeconds(), c.windowMs() / 1000));
        checks.add(c.peakDb() <= peakMax ? GateCheck.pass(AUDIO_PEAK, GateCheck.Gate.AUDIO, peakCompared, peak)
                : GateCheck.fail(AUDIO_PEAK, GateCheck.Gate.AUDIO, peakCompared, seconds(c.peakSeconds()), peak));
        return checks;
    }

    /**
     * The audio's length as the container states it: the end of its last sample in the track's
     * timescale (AAC's last packet says how many of its 1024 samples are real, while a decoder always
     * puts out whole packets, so a few missing milliseconds only show here).
     */
    static GateCheck audioLengthCheck(Optional<Mp4SampleTable> o, Optional<Mp4SampleTable> b, AudioCompare c) {
        if (o.isEmpty() || b.isEmpty() || o.get().samples().isEmpty() || b.get().samples().isEmpty()) {
            String compared = "decoded samples at " + AudioCompare.RATE + " Hz";
            if (c.outputSamples() == c.baselineSamples()) {
                return GateCheck.pass(AUDIO_LENGTH, GateCheck.Gate.AUDIO, compared, c.outputSamples() + " samples");
            }
            long shorter = Math.min(c.outputSamples(), c.baselineSamples());
            return GateCheck.fail(AUDIO_LENGTH, GateCheck.Gate.AUDIO, compared, seconds(shorter / (double) AudioCompare.RATE),
                    c.outputSamples() + " samples != baseline " + c.baselineSamples());
        }
        long oScale = o.get().timescale();
        long bScale = b.get().timescale();
        long oEnd = o.get().samples().get(o.get().sampleCount() - 1).end();
        long bEnd = b.get().samples().get(b.get().sampleCount() - 1).end();
        String compared = "the audio track's end in its timescale (1/" + oScale + ")";
        if (Math.multiplyExact(oEnd, bScale) == Math.multiplyExact(bEnd, oScale)) {
            return GateCheck.pass(AUDIO_LENGTH, GateCheck.Gate.AUDIO, compared, oEnd + " samples");
        }
        double oSec = oEnd / (double) oScale;
        double bSec = bEnd / (double) bScale;
        return GateCheck.fail(AUDIO_LENGTH, GateCheck.Gate.AUDIO, compared, seconds(Math.min(oSec, bSec)),
                oEnd + " samples != baseline " + bEnd + (oScale == bScale ? "" : " (1/" + bScale + ")")
                        + String.format(Locale.ROOT, " (%+.1f ms)", (oSec - bSec) * 1000));
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    public boolean videoPasses() {
        return checks.stream().noneMatch(c -> c.gate() == GateCheck.Gate.VIDEO && c.failed());
    }

    public boolean audioPasses() {
        return checks.stream().noneMatch(c -> c.gate() == GateCheck.Gate.AUDIO && c.failed());
    }

    /** 0, or the exit code of the first failing gate (video before audio). */
    public int exitCode() {
        return !videoPasses() ? ExitCode.VIDEO_GATE : !audioPasses() ? ExitCode.AUDIO_GATE : ExitCode.OK;
    }

    public List<GateCheck> failures() {
        return checks.stream().filter(GateCheck::failed).toList();
    }

    public List<GateCheck> skipped() {
        return checks.stream().filter(c -> c.status() == GateCheck.Status.SKIPPED).toList();
    }

    public GateCheck check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** The n lowest-PSNR frames that the alignment does not already explain, worst first. */
    public List<Integer> worstFrames(int n) {
        return worstExcluding(psnr, explainedFrames, n);
    }

    /**
     * One stderr line per failing check, naming the run ({@code label}, e.g. "N=4"), the gate and its exit
     * code, the check, and the first frame or time that failed.
     */
    public List<String> failureLines(String label) {
        return failures().stream().map(c -> label + ": " + (c.gate() == GateCheck.Gate.VIDEO ? "video gate (exit 5)"
                : "audio gate (exit 6)") + ": " + c.line()).toList();
    }

    /** One note per skipped check, so that a check never goes missing silently. */
    public List<String> skipNotes(String label) {
        return skipped().stream().map(c -> label + ": " + c.line()).toList();
    }

    /** results.json's "checks": every check's outcome. */
    public com.fasterxml.jackson.databind.node.ArrayNode checksJson() {
        var arr = json.Json.MAPPER.createArrayNode();
        for (GateCheck c : checks) {
            var o = arr.addObject();
            o.put("check", c.name());
            o.put("gate", c.gate().name().toLowerCase(Locale.ROOT));
            o.put("status", c.statusWord());
            o.put("compared", c.compared());
            o.put("firstFailure", c.first());
            o.put("detail", c.detail());
        }
        return arr;
    }

    /** One line saying why the gates failed: the first failing check (video before audio). */
    public String failureReason() {
        List<GateCheck> f = failures().stream()
                .sorted(java.util.Comparator.comparing(GateCheck::gate)).toList();
        return f.isEmpty() ? "passed" : f.get(0).line();
    }
}
