package pipeline;

import cli.Console;
import java.nio.file.Path;

/**
 * --baseline self: the fixture rendered as one chunk on the same target becomes the reference the
 * chunked renders are gated against. It proves that chunking changes nothing for stacks without
 * committed baselines; it cannot prove the N=1 render itself right, which the reports say.
 */
final class SelfBaseline {
    private SelfBaseline() {}

    /** Renders the fixture as one chunk and returns the downloaded output; a failed render is exit 4 like any other. */
    static Path render(RunSession session, Fixture fixture, String projectKey, String executionName, Path renders,
                       String filePrefix, Console console) {
        Path output = renders.resolve(filePrefix + "self-baseline-N1-output.mp4");
        session.render(executionName, projectKey, fixture.configForChunks(1), renders.resolve(filePrefix + "self-baseline-N1-history.json"),
                renders.resolve(filePrefix + "self-baseline-N1-execution.json"));
        session.downloadOutput(executionName, output);
        console.info("baseline: self (the N=1 render on this target, " + output + "); chunked renders are compared with it");
        return output;
    }
}
