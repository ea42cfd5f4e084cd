package pipeline;

import cli.Console;
import java.nio.file.Path;
import teardown.Teardown;

/**
 * Where renders run: AWS (CloudFormation + Step Functions), local containers, or this process. The
 * pipeline (upload, start, wait, fetch, gate, report, tear down) only talks to this and
 * {@link Deployment}, so it never special-cases a target.
 */
public interface RenderTarget {
    /** "aws", "local" or "embedded": printed and recorded in results. */
    String name();

    /** Checks what the target needs before anything is created; throws cli.RunFailure(USAGE). */
    void preflight(Console console);

    /** Stands up the render stack with this handler artifact; registers every resource in teardown as it appears. */
    Deployment deploy(Path artifact, Teardown teardown, Console console);
}
