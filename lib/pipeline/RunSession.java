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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import json.Json;
import statemachine.HistoryAnalysis;
import teardown.FaultInjection;
import teardown.Signals;
import teardown.Teardown;

/**
 * What smoke and eval share around their renders: pre-flight, build, deploy through the target with
 * every resource in the teardown registry, upload fixtures, run executions, and at the end tear down
 * (or keep, with --keep-stack) and verify that nothing is left, on every path: success, failure,
 * an exception anywhere, SIGINT and SIGTERM.
 *
 * <p>A signal marks the run interrupted, stops creation (the registry refuses new resources) and
 * interrupts the thread running the pipeline, which then falls through to {@link #finish}. If that
 * thread does not get there within {@link #SIGNAL_GRACE} (stuck in a call that ignores interrupts),
 * a watchdog tears down, verifies and exits in its place.
 */
final class RunSession {
    static final Duration SIGNAL_GRACE = Duration.ofSeconds(15);

    /** How the run's cleanup ended, for the reports. */
    record Outcome(String summary, int exitCode) {}

    private final RenderTarget target;
    private final Console console;
    private final String runId;
    private final Path artifacts;
    private final boolean keepStack;
    private final Duration timeout;
    private final Teardown teardown;
    private final Signals signals;
    private final Thread owner;
    private volatile String stage = "start";
    private volatile String signal;
    private volatile String signalStage;
    private volatile boolean artifactsWritable = true;
    private boolean artifactsPrepared;
    private Deployment deployment;
    private volatile Outcome outcome;
    private String firstFailure;
    private final PhaseTimes times = new PhaseTimes();

    RunSession(RenderTarget target, Console console, String runId, Path artifacts, boolean keepStack, Duration timeout) {
        this(target, console, runId, artifacts, keepStack, timeout, Teardown.DEFAULT_DEADLINE);
    }

    RunSession(RenderTarget target, Console console, String runId, Path artifacts, boolean keepStack, Duration timeout,
               Duration teardownDeadline) {
        this.target = target;
        this.console = console;
        this.runId = runId;
        this.artifacts = artifacts;
        this.keepStack = keepStack;
        this.timeout = timeout;
        this.teardown = new Teardown(console::info).withDeadline(teardownDeadline);
        this.owner = Thread.currentThread();
        this.signals = Signals.install(this::onSignal);
    }

    private void onSignal(String name) {
        signalStage = FaultInjection.lastReached();
        signal = name;
        teardown.beginClosing();
        if (outcome != null || atTeardown()) {
            return;
        }
        owner.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(SIGNAL_GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!atTeardown()) {
                console.warn("the run did not stop within " + SIGNAL_GRACE.toSeconds() + " s of " + name
                        + "; tearing down from the signal handler");
                System.exit(finish(ExitCode.OK));
            }
        }, "interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private boolean atTeardown() {
        return stage.equals("teardown") || stage.equals("reports");
    }

    boolean interrupted() {
        return signal != null;
    }

    /** Where the run is, for messages; also the fault-injection point of the cleanup tests. */
    void stage(String name) {
        if (!atTeardown()) {
            stage = name;
        }
        FaultInjection.reach(name);
    }

    /** The artifacts directory must be usable before anything exists (exit 1), then the target's own checks. */
    void preflight() {
        try {
            ArtifactsDirectory.check(artifacts, "--artifacts");
        } catch (RunFailure e) {
            artifactsWritable = false;
            throw new RunFailure(e.exitCode(), e.getMessage() + "; nothing was created", e);
        }
        try {
            stage("preflight");
            times.time("preflight", () -> target.preflight(console));
        } catch (RunFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.USAGE, "pre-flight failed: " + e.getMessage(), e);
        }
    }

    /**
     * Moves an earlier run's artifacts aside (ArtifactsDirectory) once this run is about to write: after
     * the build, or at the latest when cleanup-verification.json is written.
     */
    private void prepareArtifacts() {
        if (!artifactsPrepared && artifactsWritable) {
            ArtifactsDirectory.prepare(artifacts, console);
            artifactsPrepared = true;
        }
    }

    boolean artifactsWritable() {
        return artifactsWritable;
    }

    Path build(Supplier<Path> artifactBuilder) {
        try {
            stage("build");
            Path artifact = times.time("build", artifactBuilder);
            prepareArtifacts();
            return artifact;
        } catch (RunFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.BUILD, "building the handler artifact failed: " + e.getMessage(), e);
        }
    }

    Deployment deploy(Path artifact) {
        try {
            stage("deploy");
            deployment = times.time("deploy", () -> target.deploy(artifact, teardown, console));
            stage("after-deploy");
            return deployment;
        } catch (RunFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunFailure(ExitCode.DEPLOY, "deploy failed: " + e.getMessage(), e);
        }
    }

    /** Packs the fixture's src/ as .tar.gz and uploads it once; returns its key. */
    String uploadFixture(Fixture fixture) {
        stage("fixture-upload");
        String key = deployment.keyPrefix() + "projects/" + runId + "/" + fixture.name() + ".tar.gz";
        AtomicReference<Path> local = new AtomicReference<>();
        // Registered before the file exists, for a signal during packing or upload; deleted right after
        // the upload either way, since the local copy is not part of a deployment --keep-stack would keep.
        teardown.register("project archive", () -> {
            if (local.get() != null) {
                Files.deleteIfExists(local.get());
            }
        });
        try {
            Path archive = Files.createTempFile("renderproof-project-", ".tar.gz");
            local.set(archive);
            try {
                times.time("fixture-upload", () -> {
                    TarGzPacker.pack(fixture.src(), archive);
                    deployment.upload(archive, key);
                });
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
        stage = "render";
        String prefix = "s3://" + deployment.bucket() + "/" + deployment.keyPrefix() + "renders/" + executionName;
        var input = new Events.ExecutionInput("s3://" + deployment.bucket() + "/" + projectKey, prefix,
                prefix + "/output.mp4", config);
        return times.time(PhaseTimes.EXECUTIONS, () -> DistributedRender.run(new RenderStage(deployment), executionName, input,
                timeout, console, historyFile, descriptionFile));
    }

    /** Downloads an execution's output (the key follows {@link #render}'s layout). */
    void downloadOutput(String executionName, Path target) {
        stage("download");
        times.time("download", () -> deployment.download(deployment.keyPrefix() + "renders/" + executionName + "/output.mp4", target));
    }

    /** Downloads an object of the render bucket named by an s3:// URI; refuses one in any other bucket. */
    void download(s3.S3Uri uri, Path target) {
        if (!uri.bucket().equals(deployment.bucket())) {
            throw new IllegalArgumentException(uri + " is outside the render bucket " + deployment.bucket());
        }
        times.time("download", () -> deployment.download(uri.key(), target));
    }

    /** Where this run's time went, phase by phase. */
    PhaseTimes times() {
        return times;
    }

    int memoryMb() {
        return deployment.memoryMb();
    }

    String architecture() {
        return deployment.architecture();
    }

    /**
     * Records the failure that ended the run; {@link #finish} prints it, with the cleanup outcome
     * beside it when something was left, as the run's one stderr line.
     */
    String failed(String message) {
        if (firstFailure == null) {
            firstFailure = message;
        }
        return message;
    }

    /**
     * Tears down (or keeps), verifies within the teardown deadline and writes cleanup-verification.json;
     * returns the exit code: 130/143 when interrupted, else 7 when an otherwise passing run left
     * something behind or could not prove it did not, else the first failure's code. Runs once; a
     * second call (the watchdog and the pipeline thread) returns the same code.
     */
    synchronized int finish(int exit) {
        if (outcome != null) {
            return outcome.exitCode();
        }
        stage = "teardown";
        // The interrupt was for the work; teardown and verification must run to the end.
        Thread.interrupted();
        long start = System.nanoTime();
        Duration deadline = teardown.deadline();
        if (keepStack) {
            teardown.keep();
            if (deployment != null) {
                console.info("--keep-stack: nothing was torn down. To inspect:");
                deployment.inspectHints().forEach(h -> console.info("  " + h));
            }
        }
        List<String> injected = new ArrayList<>();
        try {
            FaultInjection.reach("teardown");
        } catch (RuntimeException e) {
            injected.add("teardown: " + e.getMessage());
        }
        // Verification keeps a share of the deadline, so a teardown that used it all still yields a list.
        Duration reserve = deadline.dividedBy(4).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : deadline.dividedBy(4);
        teardown.withDeadline(deadline.minus(reserve));
        times.time("teardown", teardown::close);
        List<String> failures = new ArrayList<>(injected);
        failures.addAll(teardown.failures());
        Duration left = deadline.minusNanos(System.nanoTime() - start);
        List<Deployment.CleanupCheck> checks = keepStack ? List.of()
                : times.time("teardown-verification", () -> target.verifyGone(left.compareTo(reserve) < 0 ? reserve : left));
        stage = "reports";
        int code = exitCode(exit, checks, failures);
        String line = CleanupVerdict.summarize(checks, failures, teardown.unfinished());
        boolean written = writeVerification(checks, failures, line);
        String where = written ? " (see " + artifacts.resolve(VERIFICATION_FILE) + ")"
                : artifactsWritable ? " (cleanup-verification.json could not be written)" : "";
        if (signal != null) {
            console.error("interrupted by " + signal + " at stage " + signalStage + "; teardown ran " + teardown.done().size() + " undo(s); " + line + where);
        } else {
            boolean clean = keepStack || clean(checks, failures);
            if (!keepStack && clean) {
                console.info("teardown verified: " + line);
            }
            if (firstFailure != null) {
                console.error(firstFailure + (clean ? "" : "; teardown: " + line + where));
            } else if (!clean) {
                console.error("teardown: " + line + where);
            }
        }
        outcome = new Outcome(keepStack ? "kept (--keep-stack)" : line, code);
        signals.close();
        return code;
    }

    /** What the reports say about cleanup; available after {@link #finish}. */
    synchronized String cleanupSummary() {
        return outcome == null ? "not run" : outcome.summary();
    }

    static final String VERIFICATION_FILE = "cleanup-verification.json";

    private int exitCode(int exit, List<Deployment.CleanupCheck> checks, List<String> failures) {
        if (signal != null) {
            return Signals.exitCode(signal);
        }
        return CleanupVerdict.exitCode(exit, keepStack || clean(checks, failures));
    }

    private boolean clean(List<Deployment.CleanupCheck> checks, List<String> failures) {
        return CleanupVerdict.clean(checks, failures, teardown.unfinished());
    }

    private boolean writeVerification(List<Deployment.CleanupCheck> checks, List<String> failures, String summary) {
        if (!artifactsWritable) {
            // Pre-flight's one line already says why; nothing was created to report on.
            return false;
        }
        try {
            prepareArtifacts();
        } catch (RunFailure e) {
            console.warn(e.getMessage());
            artifactsWritable = false;
            return false;
        }
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("runId", runId);
        doc.put("target", target.name());
        if (signal != null) {
            doc.put("interruptedBy", signal);
        }
        doc.put("kept", keepStack);
        doc.put("summary", summary);
        ArrayNode checked = doc.putArray("checked");
        ArrayNode left = doc.putArray("leftBehind");
        ArrayNode unverified = doc.putArray("unverified");
        for (var c : checks) {
            ObjectNode o = checked.addObject().put("kind", c.kind()).put("name", c.name()).put("gone", c.gone())
                    .put("status", c.status().name());
            if (c.note() != null) {
                o.put("note", c.note());
            }
            if (c.status() == Deployment.CleanupCheck.Status.left) {
                left.addObject().put("kind", c.kind()).put("name", c.name());
            } else if (c.status() == Deployment.CleanupCheck.Status.unverified) {
                unverified.addObject().put("kind", c.kind()).put("name", c.name()).put("why", c.note());
            }
        }
        ArrayNode f = doc.putArray("teardownFailures");
        failures.forEach(f::add);
        ArrayNode u = doc.putArray("teardownUnfinished");
        teardown.unfinished().forEach(u::add);
        try {
            ResultsJson.write(artifacts.resolve(VERIFICATION_FILE), doc);
            return true;
        } catch (RuntimeException e) {
            console.warn("cannot write " + VERIFICATION_FILE + ": " + e.getMessage());
            return false;
        }
    }

    /** The deployment with the "render" fault-injection point at the first progress of each execution. */
    private final class RenderStage implements Deployment {
        private final Deployment d;

        RenderStage(Deployment d) {
            this.d = d;
        }

        public String bucket() { return d.bucket(); }
        public int memoryMb() { return d.memoryMb(); }
        public void upload(Path file, String key) { d.upload(file, key); }
        public void download(String key, Path target) { d.download(key, target); }
        public List<String> inspectHints() { return d.inspectHints(); }

        public RunningExecution start(String executionName, Events.ExecutionInput input) {
            RunningExecution running = d.start(executionName, input);
            return (timeout, progress) -> running.await(timeout, new Consumer<HistoryAnalysis>() {
                private boolean first = true;

                @Override
                public void accept(HistoryAnalysis h) {
                    if (first) {
                        first = false;
                        stage("render");
                    }
                    progress.accept(h);
                }
            });
        }
    }
}
