package cli;

import java.nio.file.Path;
import pipeline.ProjectSources;
import picocli.CommandLine.Option;

/** Which projects a run renders and what it compares them with (DESIGN §14): shared by smoke and eval as a picocli mixin. */
public final class SourceOptions {
    @Option(names = "--fixtures-dir", paramLabel = "DIR", description = "Directory of fixtures (each a src/ directory plus "
            + "meta.json, see docs/composition.md and docs/own-stack.md). Default: the checkout's fixtures/.")
    public Path fixturesDir;

    @Option(names = "--baselines-dir", paramLabel = "DIR", description = "Directory of reference renders "
            + "(<fixture>/output.mp4). Default: the checkout's baselines/.")
    public Path baselinesDir;

    @Option(names = "--baseline", paramLabel = "self", description = "'self': the fixture rendered as one chunk on the same "
            + "target is the reference, for a stack without committed baselines (proves chunking changes nothing).")
    public String baseline;

    public ProjectSources projects(Path root) {
        return ProjectSources.fromOptions(root, fixturesDir, baselinesDir, baseline);
    }
}
