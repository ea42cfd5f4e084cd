package cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import pipeline.ProjectSources;
import pipeline.Repo;
import picocli.CommandLine.Option;

/**
 * Which stack a run deploys and which projects it renders, compared with what (DESIGN §14): shared by
 * smoke and eval as a picocli mixin. The defaults are this checkout's stack, fixtures and baselines.
 */
public final class SourceOptions {
    @Option(names = "--template", paramLabel = "FILE", description = "The stack to deploy: a plain CloudFormation template "
            + "following the contract (docs/contract.md). Default: stack/template.yaml.")
    public Path template;

    @Option(names = "--artifact", paramLabel = "FILE", description = "The function's code package (zip or jar), uploaded to "
            + "the per-run artifact bucket and passed as the template's code bucket/key parameters. Default: the built "
            + "build/renderproof-handler.jar.")
    public Path artifact;

    @Option(names = "--code-bucket-parameter", paramLabel = "NAME", defaultValue = "CodeS3Bucket",
            description = "The template parameter receiving the artifact's bucket. Default: ${DEFAULT-VALUE}.")
    public String codeBucketParameter;

    @Option(names = "--code-key-parameter", paramLabel = "NAME", defaultValue = "CodeS3Key",
            description = "The template parameter receiving the artifact's key. Default: ${DEFAULT-VALUE}.")
    public String codeKeyParameter;

    @Option(names = "--parameter", paramLabel = "KEY=VALUE", description = "A template parameter value (repeatable).")
    public Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--stack", paramLabel = "NAME", description = "Render against this already deployed stack (aws target): "
            + "never deployed or deleted by this run; everything the run writes goes under renderproof-runs/<run id>/ in its "
            + "bucket, and teardown removes exactly that.")
    public String stack;

    @Option(names = "--fixtures-dir", paramLabel = "DIR", description = "Directory of fixtures (each a src/ directory plus "
            + "meta.json, see docs/composition.md and docs/own-stack.md). Default: the checkout's fixtures/.")
    public Path fixturesDir;

    @Option(names = "--baselines-dir", paramLabel = "DIR", description = "Directory of reference renders "
            + "(<fixture>/output.mp4). Default: the checkout's baselines/.")
    public Path baselinesDir;

    @Option(names = "--baseline", paramLabel = "self", description = "'self': the fixture rendered as one chunk on the same "
            + "target is the reference, for a stack without committed baselines (proves chunking changes nothing).")
    public String baseline;

    /** The template to deploy, checked to exist. */
    public Path template() {
        if (template == null) {
            return Repo.template();
        }
        if (!Files.isRegularFile(template)) {
            throw new RunFailure(ExitCode.USAGE, "--template " + template + " is not a file");
        }
        return template.toAbsolutePath().normalize();
    }

    /** Whether the function's code comes from the user (--artifact) rather than our build. */
    public boolean ownArtifact() {
        return artifact != null;
    }

    public Path artifact() {
        if (!Files.isRegularFile(artifact)) {
            throw new RunFailure(ExitCode.USAGE, "--artifact " + artifact + " is not a file");
        }
        return artifact.toAbsolutePath().normalize();
    }

    public ProjectSources projects(Path root) {
        return ProjectSources.fromOptions(root, fixturesDir, baselinesDir, baseline);
    }
}
