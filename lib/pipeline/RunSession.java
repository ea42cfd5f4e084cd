package pipeline;

import archive.TarGzPacker;
import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.Events;
import contract.RenderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import json.Json;
import teardown.Teardown;

/**
 * What smoke and eval share around their renders: deploy through the target with every resource in
 * the teardown registry, upload fixtures, run executions, and at the end tear down (or keep, with
 * --keep-stack) and verify that nothing is left.
 */
final class RunSession {
    private final RenderTarget target;
    private final Console console;
    private final String runId;
    private final Path artifacts;
    private final boolean keepStack;
    private final Duration timeout;
    private final Teardown teardown;
    private Deployment deployment;

    RunSession(RenderTarget target, Console console, String runId, Path artifacts, boolean keepStack, Duration timeout) {
        this.target = target;
        this.console = console;
        this.runId = runId;
        this.artifacts = artifacts;
        this.keepStack = keepStack;
        this.timeout = timeout;
        this.teardown = new Teardown(console::info);
    }

    Deployment deploy(Path artifact) {
        try {
            deployment = target.deploy(artifact, teardown, console);
            return deployment;
        } catch (RunFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.DEPLOY, "deploy failed: " + e.getMessage(), e);
        }
    }

    /** Packs the fixture's src/ as .tar.gz and uploads it once; returns its key. */
    String uploadFixture(Fixture fixture) {
        String key = deployment.keyPrefix() + "projects/" + runId + "/" + fixture.name() + ".tar.gz";
        try {
            Path archive = Files.createTempFile("renderproof-project-", ".tar.gz");
            // Registered for Ctrl-C during the upload; deleted right after it either way, since the
            // local copy is not part of a deployment that --keep-stack would keep.
            teardown.register("project archive " + archive, () -> Files.deleteIfExists(archive));
            try {
                TarGzPacker.pack(fixture.src(), archive);
                deployment.upload(archive, key);
                console.info("uploaded fixture " + fixture.name() + " (" + Files.size(archive) + " bytes) to s3://"
                        + deployment.bucket() + "/" + key);
            } finally {
                Files.deleteIfExists(archive);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one execution; the history always lands in historyFile, the description too on failure (exit 4). */
    ExecutionResult render(String executionName, String projectKey, RenderConfig config, Path historyFile, Path descriptionFile) {
        String prefix = "s3://" + deployment.bucket() + "/" + deployment.keyPrefix() + "renders/" + executionName;
        var input = new Events.ExecutionInput("s3://" + deployment.bucket() + "/" + projectKey, prefix,
                prefix + "/output.mp4", config);
        return DistributedRender.run(deployment, executionName, input, timeout, console, historyFile, descriptionFile);
    }

    /** Downloads an execution's output (the key follows {@link #render}'s layout). */
    void downloadOutput(String executionName, Path target) {
        deployment.download(deployment.keyPrefix() + "renders/" + executionName + "/output.mp4", target);
    }

    /** Downloads an object of the render bucket named by an s3:// URI; refuses one in any other bucket. */
    void download(s3.S3Uri uri, Path target) {
        if (!uri.bucket().equals(deployment.bucket())) {
            throw new IllegalArgumentException(uri + " is outside the render bucket " + deployment.bucket());
        }
        deployment.download(uri.key(), target);
    }

    int memoryMb() {
        return deployment.memoryMb();
    }

    /** Tears down (or keeps) and verifies; returns the exit code, 7 when a clean run left something behind. */
    int finish(int exit) {
        if (keepStack) {
            teardown.keep();
            if (deployment != null) {
                console.info("--keep-stack: nothing was torn down. To inspect:");
                deployment.inspectHints().forEach(h -> console.info("  " + h));
            }
        }
        teardown.close();
        if (deployment == null || keepStack) {
            return exit;
        }
        List<Deployment.CleanupCheck> checks = deployment.verifyGone();
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("runId", runId);
        doc.put("target", target.name());
        ArrayNode checked = doc.putArray("checked");
        ArrayNode left = doc.putArray("leftBehind");
        for (var c : checks) {
            checked.addObject().put("kind", c.kind()).put("name", c.name()).put("gone", c.gone());
            if (!c.gone()) {
                left.addObject().put("kind", c.kind()).put("name", c.name());
            }
        }
        ArrayNode failures = doc.putArray("teardownFailures");
        teardown.failures().forEach(failures::add);
        ResultsJson.write(artifacts.resolve("cleanup-verification.json"), doc);
        if (left.isEmpty() && teardown.failures().isEmpty()) {
            console.info("teardown verified: nothing left behind (" + checks.size() + " checks)");
            return exit;
        }
        console.error("teardown left something behind: " + left + " " + teardown.failures()
                + " (see cleanup-verification.json)");
        return exit == ExitCode.OK ? ExitCode.LEFT_BEHIND : exit;
    }
}
