package pipeline;

import cli.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /**
     * Stands up the render stack with this handler artifact; registers every resource in teardown
     * before the call that creates it, and stops (Teardown.TeardownStarted) once teardown has begun.
     */
    Deployment deploy(Path artifact, Teardown teardown, Console console);

    /**
     * After teardown, whether or not deploy() returned: each resource this run created or may have
     * created, gone, left behind or unverified, checked within the budget. Empty if nothing was created.
     */
    List<Deployment.CleanupCheck> verifyGone(Duration budget);
}
