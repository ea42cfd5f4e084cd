package local;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import pipeline.Deployment;
import pipeline.RenderTarget;
import s3.S3Clients;
import software.amazon.awssdk.services.s3.S3Client;
import statemachine.TemplateStateMachine;
import teardown.Teardown;

/**
 * --local: LocalStack (S3 only) and a pool of Lambda Runtime Interface Emulator containers running the
 * built handler artifact, all started by Testcontainers on one Docker network; the template's state
 * machine runs in this process ({@link statemachine.LocalExecution}) over the pool. Every container is
 * registered in the teardown registry before it starts; Testcontainers' reaper is only the backstop.
 */
public final class LocalTarget implements RenderTarget {
    /** The quick engine probe; no engine means exit 1 within about this long. */
    static final Duration PROBE_BOUND = Duration.ofSeconds(3);
    /** Testcontainers' own confirmation, once something answered the probe. */
    static final Duration CONFIRM_BOUND = Duration.ofSeconds(30);
    /** How long a cold invocation waits for the RIE's REPORT line (it is printed as the answer is sent). */
    static final Duration REPORT_WAIT = Duration.ofSeconds(3);
    /** Added to the function timeout before an unanswered invocation counts as a wedged environment. */
    static final Duration INVOKE_MARGIN = Duration.ofSeconds(60);

    private final String runId;
    private final Path template;
    private final int concurrency;
    private final int memoryMb;
    private final Path functionLog;
    private final boolean keepAfterExit;
    private final Map<String, String> hostEnv;
    private final Callable<Boolean> dockerConfirm;
    private String architecture = "x86_64";

    /**
     * @param keepAfterExit --keep-stack: the containers must outlive this process, so they are created
     *                      without Testcontainers' session label (its reaper would remove them at exit)
     */
    public LocalTarget(String runId, Path template, int concurrency, int memoryMb, Path functionLog, boolean keepAfterExit) {
        this(runId, template, concurrency, memoryMb, functionLog, keepAfterExit, System.getenv(),
                DockerPreflight::testcontainersCanConnect);
    }

    LocalTarget(String runId, Path template, int concurrency, int memoryMb, Path functionLog, boolean keepAfterExit,
                Map<String, String> hostEnv, Callable<Boolean> dockerConfirm) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.runId = runId;
        this.template = template;
        this.concurrency = concurrency;
        this.memoryMb = memoryMb;
        this.functionLog = functionLog;
        this.keepAfterExit = keepAfterExit;
        this.hostEnv = Map.copyOf(hostEnv);
        this.dockerConfirm = dockerConfirm;
    }

    private volatile boolean deployStarted;
    private volatile LocalDeployment deployment;

    @Override
    public String name() {
        return "local";
    }

    /** --architecture: the function containers' (x86_64 or arm64), matching the artifact's ffmpeg. */
    public LocalTarget forArchitecture(String lambdaArchitecture) {
        this.architecture = lambdaArchitecture;
        return this;
    }

    @Override
    public void preflight(Console console) {
        try {
            // The gates analyse on this host: without a bundled ffmpeg here (and no --ffmpeg) they would fail after the renders.
            platform.HostPlatform.checkFfmpeg(false);
        } catch (IllegalStateException e) {
            throw new RunFailure(ExitCode.USAGE, e.getMessage(), e);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Optional<String> problem = DockerPreflight.problem(hostEnv, home, PROBE_BOUND, dockerConfirm, CONFIRM_BOUND);
        if (problem.isPresent()) {
            throw new RunFailure(ExitCode.USAGE, "--local needs a running Docker engine (it starts LocalStack and "
                    + "Lambda runtime containers), but " + problem.get() + "; start Docker, or use --embedded, which "
                    + "needs no Docker");
        }
        console.info("target: local (LocalStack " + LocalContainers.localStackImage(hostEnv) + " for S3, "
                + concurrency + " x " + LocalContainers.lambdaImage(hostEnv, architecture) + " running the handler)");
    }

    @Override
    public Deployment deploy(Path artifact, Teardown teardown, Console console) {
        deployStarted = true;
        JsonNode definition = TemplateStateMachine.definition(template);
        FunctionEnvironment.TemplateFunction function = FunctionEnvironment.read(template);
        String localStackImage = LocalContainers.localStackImage(hostEnv);
        String lambdaImage = LocalContainers.lambdaImage(hostEnv, architecture);

        ContainerLog log = new ContainerLog(functionLog);
        teardown.register("function log " + functionLog, log::close);
        Network network = Network.newNetwork();
        // Registered first so it is removed last, after every container attached to it.
        teardown.register("docker network", network::close);

        GenericContainer<?> localStack = LocalContainers.localStack(localStackImage, network, runId, hostEnv, keepAfterExit);
        teardown.register("LocalStack container", localStack::stop);
        console.info("starting LocalStack (" + localStackImage + ") ...");
        localStack.start();

        String bucket = "renderproof-" + runId;
        Map<String, String> s3Env = new LinkedHashMap<>();
        String endpoint = LocalContainers.localStackEndpoint(localStack);
        s3Env.put("AWS_ENDPOINT_URL", endpoint);
        s3Env.put("AWS_ACCESS_KEY_ID", FunctionEnvironment.TEST_ACCESS_KEY);
        s3Env.put("AWS_SECRET_ACCESS_KEY", FunctionEnvironment.TEST_SECRET_KEY);
        s3Env.put("AWS_REGION", FunctionEnvironment.REGION);
        S3Client s3 = S3Clients.fromEnvironment(s3Env);
        teardown.register("S3 client", s3::close);
        s3.createBucket(b -> b.bucket(bucket));
        console.info("LocalStack S3 at " + endpoint + ", bucket " + bucket);

        Map<String, String> functionEnv = FunctionEnvironment.forContainers(function, bucket,
                "renderproof-" + runId + "-render", memoryMb);
        console.info("starting " + concurrency + " function container(s) (" + lambdaImage + ") ...");
        RiePool.EnvironmentFactory factory = name -> {
            GenericContainer<?> container = LocalContainers.rie(lambdaImage, architecture, network, artifact, functionEnv, runId,
                    name, keepAfterExit);
            ContainerEnvironment env = new ContainerEnvironment(name, container, log);
            teardown.register("function container " + name, env::close);
            env.start();
            return env;
        };
        Duration invokeTimeout = Duration.ofSeconds(function.defaultTimeoutSec()).plus(INVOKE_MARGIN);
        RiePool pool = RiePool.start(concurrency, factory, invokeTimeout, REPORT_WAIT, console::warn);
        pool.current().forEach(e -> console.info("  " + e.describe()));
        deployment = new LocalDeployment(runId, bucket, memoryMb, s3, definition, pool, localStack.getContainerId(), endpoint,
                network, functionLog, new DockerProbe());
        return deployment;
    }

    /** The deployment's containers and network; after a deploy cut short, any container labelled with this run. */
    @Override
    public List<Deployment.CleanupCheck> verifyGone(Duration budget) {
        if (deployment != null) {
            return deployment.verifyGone();
        }
        if (!deployStarted) {
            return List.of();
        }
        try {
            return new DockerProbe().containersOfRun(runId).stream()
                    .map(id -> new Deployment.CleanupCheck("container", id, false)).toList();
        } catch (RuntimeException e) {
            return List.of(Deployment.CleanupCheck.unverified("container", "containers of run " + runId,
                    "could not check: " + e.getMessage()));
        }
    }
}
