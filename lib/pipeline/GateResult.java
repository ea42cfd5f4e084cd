package pipeline;

import cli.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import media.AudioResidual;
import media.Probe;
import media.Psnr;

/**
 * The video and audio gates for one output against its baseline: per-frame PSNR with a floor and a
 * frame-failure budget, equal frame count and duration, and the audio residual.
 */
public record GateResult(Psnr psnr, double floorDb, int maxFrameFailures, List<Integer> seamFramesBelowFloor,
                         Probe output, Probe baseline, AudioResidual audio) {
    /** Durations may differ by rounding of the container's timestamps, never by a frame. */
    public static final long DURATION_TOLERANCE_MS = 1;

    public static GateResult evaluate(Path output, Path baseline, Fixture.Thresholds thresholds, Double psnrOverride,
                                      List<Integer> chunkStarts) {
        double floor = psnrOverride != null ? psnrOverride : thresholds.minPsnrOrDefault();
        Probe out = Probe.of(output);
        Probe base = Probe.of(baseline);
        Psnr psnr = Psnr.compare(output, out, baseline, base);
        List<Boolean> seams = psnr.nextToBoundary(chunkStarts);
        List<Integer> seamBelow = new ArrayList<>();
        for (int i = 0; i < psnr.perFrame().size(); i++) {
            if (psnr.perFrame().get(i) < floor && seams.get(i)) {
                seamBelow.add(i);
            }
        }
        return new GateResult(psnr, floor, thresholds.maxFrameFailures(), seamBelow, out, base,
                AudioResidual.measure(output, baseline, thresholds.maxAudioResidualRmsDb()));
    }

    public boolean frameCountMatches() {
        return output.frameCount() == baseline.frameCount();
    }

    public boolean durationMatches() {
        return Math.abs(output.durationMs() - baseline.durationMs()) <= DURATION_TOLERANCE_MS;
    }

    public boolean videoPasses() {
        return frameCountMatches() && durationMatches() && psnr.passes(floorDb, maxFrameFailures);
    }

    public boolean audioPasses() {
        return audio.pass();
    }

    /** 0, or the exit code of the first failing gate (video before audio). */
    public int exitCode() {
        return !videoPasses() ? ExitCode.VIDEO_GATE : !audioPasses() ? ExitCode.AUDIO_GATE : ExitCode.OK;
    }

    /** One line saying why a gate failed, naming the frames. */
    public String failureReason() {
        if (!frameCountMatches()) {
            return "frame count " + output.frameCount() + " != baseline " + baseline.frameCount() + " (" + psnr.summary(floorDb) + ")";
        }
        if (!durationMatches()) {
            return "duration " + output.durationMs() + " ms != baseline " + baseline.durationMs() + " ms";
        }
        if (!videoPasses()) {
            return psnr.framesBelow(floorDb) + " frames below " + floorDb + " dB (allowed " + maxFrameFailures + "): "
                    + psnr.summary(floorDb) + (seamFramesBelowFloor.isEmpty() ? "" : ", at chunk seams " + seamFramesBelowFloor);
        }
        if (!audioPasses()) {
            return "audio " + audio.status() + (audio.rmsDb() == null ? "" : " (residual " + audio.rmsDb() + " dBFS)");
        }
        return "passed";
    }
}
