//DEPS org.testcontainers:testcontainers:1.21.4
package local;

import com.github.dockerjava.api.command.CreateContainerCmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The container definitions of --local, as factory methods that configure a container without starting
 * it (so tests can check images, environment, files, aliases, ports and command without Docker):
 * LocalStack serving S3 under the network alias {@value #LOCALSTACK_ALIAS}, and one Lambda Runtime
 * Interface Emulator container per execution environment, running the handler artifact.
 *
 * <p>Images are pinned. {@code RENDERPROOF_LOCALSTACK_IMAGE} / {@code RENDERPROOF_LAMBDA_IMAGE} override
 * them (e.g. for a mirror, or when a pinned tag disappears); the defaults are what the tests check.
 */
public final class LocalContainers {
    /** A LocalStack 4.x community release, which runs without an auth token (only S3 is used). */
    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";
    /**
     * The Lambda Java 21 base image (it embeds the RIE), pinned to a dated release, x86_64 tag; arm64
     * runs take the same release's -arm64 tag (the artifact then bundles the arm64 ffmpeg).
     */
    public static final String DEFAULT_LAMBDA_IMAGE = "public.ecr.aws/lambda/java:21.2025.05.04.06-x86_64";
    public static final String LOCALSTACK_IMAGE_ENV = "RENDERPROOF_LOCALSTACK_IMAGE";
    public static final String LAMBDA_IMAGE_ENV = "RENDERPROOF_LAMBDA_IMAGE";

    /** The handler as stack/template.yaml names it; the image's entrypoint passes CMD to the runtime. */
    public static final String HANDLER = "stack.RenderHandler::handleRequest";
    /**
     * Where the fat jar goes: the Java runtime's customer class loader is /var/task plus every jar in
     * /var/task/lib (then /opt/lib), so a jar placed here is found without unpacking it.
     */
    public static final String ARTIFACT_IN_CONTAINER = "/var/task/lib/renderproof-handler.jar";
    public static final int RIE_PORT = 8080;
    public static final String LOCALSTACK_ALIAS = "localstack";
    public static final int LOCALSTACK_PORT = 4566;
    /** Label on every container of a run; verifyGone and the inspect hints filter on it. */
    public static final String RUN_LABEL = "renderproof.run";
    /** Testcontainers' per-JVM session label: its reaper removes whatever carries it once the JVM exits. */
    static final String TESTCONTAINERS_SESSION_LABEL = "org.testcontainers.sessionId";

    private LocalContainers() {}

    public static String localStackImage(Map<String, String> env) {
        return nonBlank(env.get(LOCALSTACK_IMAGE_ENV), DEFAULT_LOCALSTACK_IMAGE);
    }

    public static String lambdaImage(Map<String, String> env) {
        return lambdaImage(env, "x86_64");
    }

    /** The pinned image for the function's architecture (x86_64 or arm64): the same dated release, the other tag. */
    public static String lambdaImage(Map<String, String> env, String architecture) {
        return nonBlank(env.get(LAMBDA_IMAGE_ENV), DEFAULT_LAMBDA_IMAGE.replaceFirst("-x86_64$", "-" + architecture));
    }

    /** Docker's platform name for a Lambda architecture. */
    static String dockerPlatform(String architecture) {
        return "arm64".equals(architecture) ? "linux/arm64" : "linux/amd64";
    }

    /**
     * LocalStack with S3 only, reachable from the function containers as http://localstack:4566.
     *
     * <p>A plain container rather than Testcontainers' LocalStackContainer: that module's constructor
     * asks the Docker engine for its socket path (so the definition could not even be built, let alone
     * checked, without an engine) and bind-mounts the Docker socket into LocalStack, which only its
     * Lambda emulation needs. S3 needs neither. Readiness is LocalStack's "Ready." log line, as the
     * module waits for it; EAGER_SERVICE_LOADING makes S3 part of that.
     */
    public static GenericContainer<?> localStack(String image, Network network, String runId, Map<String, String> hostEnv,
                                                 boolean keepAfterExit) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(LOCALSTACK_ALIAS)
                .withExposedPorts(LOCALSTACK_PORT)
                .withEnv("SERVICES", "s3")
                .withEnv("EAGER_SERVICE_LOADING", "1")
                .withEnv("LOCALSTACK_HOST", LOCALSTACK_ALIAS)
                .withLabel(RUN_LABEL, runId)
                .withLabel("renderproof.role", "s3")
                .waitingFor(Wait.forLogMessage(".*Ready\\.\n", 1));
        String token = hostEnv.get("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        if (keepAfterExit) {
            c.withCreateContainerCmdModifier(LocalContainers::outliveThisProcess);
        }
        return c;
    }

    /** LocalStack's S3 endpoint as seen from this process, once the container runs. */
    public static String localStackEndpoint(GenericContainer<?> localStack) {
        return "http://" + localStack.getHost() + ":" + localStack.getMappedPort(LOCALSTACK_PORT);
    }

    /**
     * One execution environment: the Lambda Java 21 image with the artifact copied to
     * {@link #ARTIFACT_IN_CONTAINER} (a copy, not a bind mount, so a remote Docker engine works too),
     * the handler as command, and the function's environment. The RIE answers on {@link #RIE_PORT}.
     */
    public static GenericContainer<?> rie(String image, Network network, Path artifact, Map<String, String> environment,
                                          String runId, String environmentName, boolean keepAfterExit) {
        return rie(image, "x86_64", network, artifact, environment, runId, environmentName, keepAfterExit);
    }

    /**
     * One function container of this architecture: on a host of the other one Docker runs it emulated
     * (Docker Desktop and Colima ship the emulator), which TargetOptions' default concurrency allows for.
     */
    public static GenericContainer<?> rie(String image, String architecture, Network network, Path artifact,
                                          Map<String, String> environment, String runId, String environmentName,
                                          boolean keepAfterExit) {
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalArgumentException("no handler artifact at " + artifact);
        }
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withExposedPorts(RIE_PORT)
                .withCopyFileToContainer(MountableFile.forHostPath(artifact.toAbsolutePath(), 0644), ARTIFACT_IN_CONTAINER)
                .withEnv(environment)
                .withCommand(HANDLER)
                .withLabel(RUN_LABEL, runId)
                .withLabel("renderproof.role", "function")
                .withLabel("renderproof.environment", environmentName)
                // The RIE listens at once; the runtime initialises on the first invocation (the cold start).
                .waitingFor(Wait.forListeningPort());
        c.withCreateContainerCmdModifier(cmd -> cmd.withPlatform(dockerPlatform(architecture)));
        if (keepAfterExit) {
            c.withCreateContainerCmdModifier(LocalContainers::outliveThisProcess);
        }
        return c;
    }

    /**
     * For --keep-stack: Testcontainers adds its session label after every create-command modifier has
     * run, and its reaper removes what carries that label when this JVM exits. Giving the command a label
     * map that refuses that one key keeps the container after exit; the other labels (ours, and
     * Testcontainers' own org.testcontainers=true) stay, so the hints can still find the containers.
     */
    static void outliveThisProcess(CreateContainerCmd cmd) {
        Map<String, String> labels = cmd.getLabels() == null ? Map.of() : cmd.getLabels();
        cmd.withLabels(new LabelsWithoutSession(labels));
    }

    /** A label map that never takes Testcontainers' session label. */
    static final class LabelsWithoutSession extends HashMap<String, String> {
        LabelsWithoutSession(Map<String, String> initial) {
            initial.forEach(this::put);
        }

        @Override
        public String put(String key, String value) {
            return TESTCONTAINERS_SESSION_LABEL.equals(key) ? null : super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ? extends String> m) {
            m.forEach(this::put);
        }

        @Override
        public String putIfAbsent(String key, String value) {
            return TESTCONTAINERS_SESSION_LABEL.equals(key) ? null : super.putIfAbsent(key, value);
        }
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
