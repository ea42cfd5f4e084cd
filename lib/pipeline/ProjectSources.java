package pipeline;

import cli.ExitCode;
import cli.RunFailure;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's projects and their references come from (DESIGN §14): fixtures/ or --fixtures-dir,
 * and baselines/, --baselines-dir, or --baseline self (the N=1 render on the same target is the
 * reference, for a stack that has no committed baselines).
 */
public record ProjectSources(Path fixturesDir, Path baselinesDir, boolean selfBaseline) {
    /** The value of --baseline that makes the N=1 render the reference. */
    public static final String SELF = "self";

    /** The checkout's own fixtures/ and baselines/. */
    public static ProjectSources of(Path root) {
        return new ProjectSources(root.resolve("fixtures"), root.resolve("baselines"), false);
    }

    /**
     * From the command line: null directories mean the checkout's; baseline is null or "self".
     * Checked here, before anything is created, so a typo costs nothing.
     */
    public static ProjectSources fromOptions(Path root, Path fixturesDir, Path baselinesDir, String baseline) {
        if (baseline != null && !SELF.equals(baseline)) {
            throw new RunFailure(ExitCode.USAGE, "--baseline accepts only '" + SELF + "' (the N=1 render on the same target), got '"
                    + baseline + "'");
        }
        boolean self = SELF.equals(baseline);
        if (self && baselinesDir != null) {
            throw new RunFailure(ExitCode.USAGE, "--baseline self and --baselines-dir are exclusive: pick one reference");
        }
        Path fixtures = fixturesDir != null ? fixturesDir.toAbsolutePath().normalize() : root.resolve("fixtures");
        Path baselines = baselinesDir != null ? baselinesDir.toAbsolutePath().normalize() : root.resolve("baselines");
        if (fixturesDir != null && !Files.isDirectory(fixtures)) {
            throw new RunFailure(ExitCode.USAGE, "--fixtures-dir " + fixturesDir + " is not a directory");
        }
        if (baselinesDir != null && !Files.isDirectory(baselines)) {
            throw new RunFailure(ExitCode.USAGE, "--baselines-dir " + baselinesDir + " is not a directory");
        }
        return new ProjectSources(fixtures, baselines, self);
    }

    /** What the reports say the outputs were compared with. */
    public String referenceDescription() {
        return selfBaseline ? "self: the N=1 render on the same target (no committed baseline)" : baselinesDir.toString();
    }
}
