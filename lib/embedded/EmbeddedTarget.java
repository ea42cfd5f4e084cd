package embedded;

import cli.Console;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import media.Ffmpeg;
import pipeline.Deployment;
import pipeline.RenderTarget;
import s3http.S3HttpClient;
import statemachine.FunctionInvoker;
import statemachine.TemplateStateMachine;
import teardown.FaultInjection;
import teardown.Teardown;

/**
 * --embedded: no Docker, no AWS. An in-process S3 server (s3proxy over HTTP on a loopback port), the
 * built handler artifact in an isolated class loader, and the template's state machine run by
 * {@link statemachine.LocalExecution}.
 */
public final class EmbeddedTarget implements RenderTarget {
    private final String runId;
    private final Path template;
    private final int concurrency;
    private final int memoryMb;
    private final Path functionLog;
    private final InvokerDecorator decorator;
    private Map<String, String> parameters = Map.of();
    private final Map<String, String> extraEnvironment = new HashMap<>();
    private volatile Path root;
    private volatile int port;
    private String architecture = "x86_64";

    /** Wraps each invoker: the hook tests use to inject failures in front of the real handler. */
    public interface InvokerDecorator {
        FunctionInvoker decorate(FunctionInvoker invoker);
    }

    public EmbeddedTarget(String runId, Path template, int concurrency, int memoryMb, Path functionLog,
                          InvokerDecorator decorator) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.runId = runId;
        this.template = template;
        this.concurrency = concurrency;
        this.memoryMb = memoryMb;
        this.functionLog = functionLog;
        this.decorator = decorator;
    }

    /**
     * Adds these entries to the handler's environment, e.g. the test-only fault hook
     * (handler.HandlerConfig.TEST_FAULT, docs/faults.md). For tests: the CLI never sets it.
     */
    public EmbeddedTarget withHandlerEnvironment(Map<String, String> entries) {
        extraEnvironment.putAll(entries);
        return this;
    }

    /** --parameter values: what the template's Refs to its parameters resolve to, as CloudFormation would. */
    public EmbeddedTarget withParameters(Map<String, String> templateParameters) {
        this.parameters = Map.copyOf(templateParameters);
        return this;
    }

    /**
     * Pre-flight for a given artifact: the template's function must be a Java handler that the artifact
     * contains. One line, exit 1, before anything is created.
     */
    public void checkArtifact(Path artifact) {
        String problem = EmbeddedFunction.read(stack.Template.read(template), parameters, "bucket").problem(artifact);
        if (problem != null) {
            throw new cli.RunFailure(cli.ExitCode.USAGE, problem);
        }
    }

    /** --architecture: what the cost estimate prices the handler's durations at (x86_64 or arm64). */
    public EmbeddedTarget pricedAs(String lambdaArchitecture) {
        this.architecture = lambdaArchitecture;
        return this;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public void preflight(Console console) {
        try {
            platform.HostPlatform.checkFfmpeg(true);
        } catch (IllegalStateException e) {
            throw new cli.RunFailure(cli.ExitCode.USAGE, e.getMessage(), e);
        }
        console.info("target: embedded (in-process S3 server, handler artifact in an isolated class loader, "
                + concurrency + " concurrent invocations)");
    }

    @Override
    public Deployment deploy(Path artifact, Teardown teardown, Console console) {
        stack.Template declared = stack.Template.read(template);
        List<String> missing = declared.missingContractOutputs();
        if (!missing.isEmpty()) {
            throw new cli.RunFailure(cli.ExitCode.DEPLOY, template + " lacks the contract's output" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (every stack declares " + String.join(", ", stack.Template.CONTRACT_OUTPUTS) + ")");
        }
        JsonNode definition = TemplateStateMachine.definition(template);
        AtomicReference<Path> rootRef = new AtomicReference<>();
        // Each resource is registered before it is created (its undo tolerates "never created"), so a
        // signal at any point finds everything that exists in the registry.
        teardown.register("temp directory", () -> {
            if (rootRef.get() != null) {
                deleteTree(rootRef.get());
            }
        });
        Path root;
        try {
            root = Files.createTempDirectory("renderproof-embedded-" + runId + "-");
            rootRef.set(root);
            this.root = root;
            Files.createDirectories(root.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The in-process handler's encoders write under root; on Ctrl-C they must be gone before it is deleted.
        teardown.register("ffmpeg processes", Ffmpeg::destroyAll);
        Path dataDir = root.resolve("s3");
        AtomicReference<EmbeddedS3Server> serverRef = new AtomicReference<>();
        teardown.register("embedded S3 server", () -> {
            if (serverRef.get() != null) {
                serverRef.get().close();
            }
        });
        FaultInjection.reach("stack-create");
        EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
        serverRef.set(server);
        this.port = server.endpoint().getPort();
        String bucket = "renderproof-" + runId;
        server.createBucket(bucket);
        console.info("embedded S3 server on " + server.endpoint() + ", bucket " + bucket + ", data in " + dataDir);

        EmbeddedFunction function = EmbeddedFunction.read(declared, parameters, bucket);
        Map<String, String> env = new HashMap<>(function.variables());
        env.putAll(server.clientEnvironment());
        env.put("RENDER_BUCKET", bucket);
        // The template's FFMPEG_DIR is a /tmp path on Lambda; here the harness's extracted copy serves.
        env.put("FFMPEG_DIR", Ffmpeg.cacheDir().toString());
        env.put("RENDERPROOF_WORK_ROOT", root.resolve("work").toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "renderproof-" + runId + "-render");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.putAll(extraEnvironment);

        FaultInjection.reach("artifact-upload");
        AtomicReference<URLClassLoader> loaderRef = new AtomicReference<>();
        teardown.register("handler class loader", () -> {
            if (loaderRef.get() != null) {
                loaderRef.get().close();
            }
        });
        URLClassLoader loader = IsolatedHandlerInvoker.load(artifact);
        loaderRef.set(loader);
        var log = new FunctionLog(functionLog, console::warn);
        teardown.register("function log " + functionLog, log::close);
        List<FunctionInvoker> invokers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            FunctionInvoker invoker = IsolatedHandlerInvoker.create(loader, function.handlerClass(), function.handlerMethod(), env,
                    memoryMb, log::append);
            invokers.add(decorator == null ? invoker : decorator.decorate(invoker));
        }
        // The handler's own lean client: the SDK's would be the harness's only use of it here and cost
        // more to load than the rest of the deployment (its idle connections end with the server).
        S3HttpClient s3 = S3HttpClient.fromEnvironment(env);
        return new EmbeddedDeployment(bucket, memoryMb, s3, definition, invokers, dataDir).pricedAs(architecture);
    }

    /** The temp directory, the S3 server's port and this process's child processes (ffmpeg). */
    @Override
    public List<Deployment.CleanupCheck> verifyGone(Duration budget) {
        List<Deployment.CleanupCheck> checks = new ArrayList<>();
        if (port > 0) {
            checks.add(new Deployment.CleanupCheck("s3-server-port", "127.0.0.1:" + port, portFree(port)));
        }
        if (root != null) {
            checks.add(new Deployment.CleanupCheck("temp-directory", root.toString(), !Files.exists(root)));
        }
        if (root != null || port > 0) {
            List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
            checks.add(new Deployment.CleanupCheck("child-processes",
                    children.isEmpty() ? "none" : children.stream().map(c -> c.pid() + " " + c.info().command().orElse("?"))
                            .toList().toString(), children.isEmpty()));
        }
        return checks;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes a directory tree. On Ctrl-C the handler's threads may still create a file while the walk
     * runs, so a pass that meets a non-empty directory is repeated a few times.
     */
    static void deleteTree(Path root) throws IOException {
        for (int pass = 1; Files.exists(root); pass++) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                if (pass >= 5) {
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
        }
    }
}
