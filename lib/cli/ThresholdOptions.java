package cli;

import pipeline.Fixture;
import picocli.CommandLine.Option;

/**
 * The gate thresholds a run may set instead of the fixture's meta.json ("thresholds"); each flag left
 * out keeps the fixture's value, else the documented default. The PSNR floor is --psnr-threshold (in
 * the command's own options, as in the reference scripts).
 */
public final class ThresholdOptions {
    @Option(names = "--max-frame-failures", paramLabel = "N",
            description = "Frames allowed below the PSNR floor. Default: the fixture's maxFrameFailures, else 0.")
    Integer maxFrameFailures;

    @Option(names = "--max-audio-residual-db", paramLabel = "DBFS",
            description = "Whole-file audio residual RMS ceiling. Default: the fixture's maxAudioResidualRmsDb, else -50.")
    Double maxAudioResidualDb;

    @Option(names = "--max-audio-window-residual-db", paramLabel = "DBFS",
            description = "Audio residual RMS ceiling in every short window. Default: the fixture's maxAudioWindowResidualRmsDb, else -40.")
    Double maxAudioWindowResidualDb;

    @Option(names = "--audio-window-ms", paramLabel = "MS",
            description = "Length of those windows. Default: the fixture's audioWindowMs, else 10.")
    Double audioWindowMs;

    @Option(names = "--max-audio-peak-residual-db", paramLabel = "DBFS",
            description = "Ceiling for the largest single residual sample (a click). Default: the fixture's maxAudioPeakResidualDb, else -30.")
    Double maxAudioPeakResidualDb;

    /** Refuses values no gate can use, before anything is deployed. */
    public void validate() {
        if (maxFrameFailures != null && maxFrameFailures < 0) {
            throw new RunFailure(ExitCode.USAGE, "--max-frame-failures must be 0 or more, got " + maxFrameFailures);
        }
        finite("--max-audio-residual-db", maxAudioResidualDb);
        finite("--max-audio-window-residual-db", maxAudioWindowResidualDb);
        finite("--max-audio-peak-residual-db", maxAudioPeakResidualDb);
        if (audioWindowMs != null && !(audioWindowMs > 0 && Double.isFinite(audioWindowMs))) {
            throw new RunFailure(ExitCode.USAGE, "--audio-window-ms must be a positive number of milliseconds");
        }
    }

    private static void finite(String flag, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new RunFailure(ExitCode.USAGE, flag + " must be a finite number of dBFS, got " + value);
        }
    }

    /** The fixture's thresholds with every flag given on the command line in place of its value. */
    public Fixture.Thresholds apply(Fixture.Thresholds t) {
        return new Fixture.Thresholds(t.minPsnr(),
                maxFrameFailures != null ? maxFrameFailures : t.maxFrameFailures(),
                maxAudioResidualDb != null ? maxAudioResidualDb : t.maxAudioResidualRmsDb(),
                audioWindowMs != null ? audioWindowMs : t.audioWindowMs(),
                maxAudioWindowResidualDb != null ? maxAudioWindowResidualDb : t.maxAudioWindowResidualRmsDb(),
                maxAudioPeakResidualDb != null ? maxAudioPeakResidualDb : t.maxAudioPeakResidualDb());
    }
}
