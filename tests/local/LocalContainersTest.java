package local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.CreateContainerCmd;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.MountableFile;

/**
 * The container definitions, checked without Docker: factory methods configure containers without
 * starting them (and Testcontainers contacts no engine until start).
 */
class LocalContainersTest {
    private static final Path TEMPLATE = Path.of("stack/template.yaml");

    @TempDir
    Path tmp;

    /**
     * The image a container is configured with. getDockerImageName() would resolve (pull) it through the
     * engine; the unresolved RemoteDockerImage names it in its toString.
     */
    private static String configuredImage(GenericContainer<?> c) {
        String s = c.getImage().toString();
        int from = s.indexOf("imageName=") + "imageName=".length();
        return s.substring(from, s.indexOf(',', from));
    }

    private static String tag(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }

    @Test
    void imagesArePinnedToExactReleases() {
        assertTrue(LocalContainers.DEFAULT_LOCALSTACK_IMAGE.startsWith("localstack/localstack:"));
        assertTrue(tag(LocalContainers.DEFAULT_LOCALSTACK_IMAGE).matches("\\d+\\.\\d+\\.\\d+"),
                "LocalStack must be pinned to a patch release: " + LocalContainers.DEFAULT_LOCALSTACK_IMAGE);
        assertTrue(LocalContainers.DEFAULT_LAMBDA_IMAGE.startsWith("public.ecr.aws/lambda/java:"));
        assertTrue(tag(LocalContainers.DEFAULT_LAMBDA_IMAGE).matches("21\\.\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d{2}-x86_64"),
                "the Lambda image must be a dated java 21 x86_64 release, not a moving tag: "
                        + LocalContainers.DEFAULT_LAMBDA_IMAGE);
        assertEquals(LocalContainers.DEFAULT_LAMBDA_IMAGE, LocalContainers.lambdaImage(Map.of()));
        assertEquals(LocalContainers.DEFAULT_LOCALSTACK_IMAGE, LocalContainers.localStackImage(Map.of("X", "y")));
        assertEquals("mirror.example/lambda/java:21.2025.01.01.01-x86_64", LocalContainers.lambdaImage(
                Map.of(LocalContainers.LAMBDA_IMAGE_ENV, "mirror.example/lambda/java:21.2025.01.01.01-x86_64")));
    }

    @Test
    void localStackServesS3UnderTheNetworkAlias() {
        Network network = Network.newNetwork();
        GenericContainer<?> c = LocalContainers.localStack(LocalContainers.DEFAULT_LOCALSTACK_IMAGE, network, "abcd1234",
                Map.of(), false);
        assertEquals(LocalContainers.DEFAULT_LOCALSTACK_IMAGE, configuredImage(c));
        assertSame(network, c.getNetwork());
        assertEquals(List.of(LocalContainers.LOCALSTACK_ALIAS), c.getNetworkAliases().stream()
                .filter(a -> a.equals(LocalContainers.LOCALSTACK_ALIAS)).toList());
        assertEquals("s3", c.getEnvMap().get("SERVICES"));
        assertEquals("1", c.getEnvMap().get("EAGER_SERVICE_LOADING"));
        assertEquals(List.of(LocalContainers.LOCALSTACK_PORT), c.getExposedPorts());
        assertTrue(c.getBinds().isEmpty(), "S3 needs no Docker socket inside LocalStack: " + c.getBinds());
        assertEquals("abcd1234", c.getLabels().get(LocalContainers.RUN_LABEL));
        assertEquals("http://localstack:4566", FunctionEnvironment.ENDPOINT_IN_NETWORK);
    }

    @Test
    void functionContainerRunsTheArtifactWithTheTemplatesHandlerAndEnvironment() throws Exception {
        Path jar = Files.write(tmp.resolve("renderproof-handler.jar"), new byte[] {'P', 'K', 3, 4});
        Network network = Network.newNetwork();
        var function = FunctionEnvironment.read(TEMPLATE);
        Map<String, String> env = FunctionEnvironment.forContainers(function, "renderproof-abcd1234",
                "renderproof-abcd1234-render", 2048);
        GenericContainer<?> c = LocalContainers.rie(LocalContainers.DEFAULT_LAMBDA_IMAGE, network, jar, env, "abcd1234",
                "rie-3", false);

        assertEquals(LocalContainers.DEFAULT_LAMBDA_IMAGE, configuredImage(c));
        assertSame(network, c.getNetwork());
        assertEquals(List.of(8080), c.getExposedPorts());
        // The handler is the template's, passed as CMD to the image's entrypoint (which starts the RIE).
        JsonNode templateRoot = stack.Template.YAML.readTree(TEMPLATE.toFile());
        assertEquals(templateRoot.path("Resources").path("RenderFunction").path("Properties").path("Handler").asText(),
                String.join(" ", c.getCommandParts()));
        assertEquals(List.of("stack.RenderHandler::handleRequest"), List.of(c.getCommandParts()));

        // The fat jar is copied where the Java runtime's class loader looks: /var/task/lib/*.jar.
        Map<MountableFile, String> copies = c.getCopyToFileContainerPathMap();
        assertEquals(1, copies.size());
        var copy = copies.entrySet().iterator().next();
        assertEquals("/var/task/lib/renderproof-handler.jar", copy.getValue());
        assertEquals(jar.toRealPath().toString(), Path.of(copy.getKey().getResolvedPath()).toRealPath().toString());

        Map<String, String> e = c.getEnvMap();
        assertEquals("renderproof-abcd1234", e.get("RENDER_BUCKET"));
        assertEquals("/tmp/renderproof-ffmpeg", e.get("FFMPEG_DIR"), "FFMPEG_DIR as the template sets it, under /tmp");
        assertEquals("http://localstack:4566", e.get("AWS_ENDPOINT_URL"));
        assertEquals("test", e.get("AWS_ACCESS_KEY_ID"));
        assertEquals("test", e.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals("us-east-1", e.get("AWS_REGION"));
        assertEquals("2048", e.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("900", e.get("AWS_LAMBDA_FUNCTION_TIMEOUT"), "the template's LambdaTimeoutSec default");
        assertEquals("renderproof-abcd1234-render", e.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertFalse(e.containsKey("RENDERPROOF_WORK_ROOT"), "work dirs default to java.io.tmpdir (/tmp) as on Lambda");
        assertEquals("abcd1234", c.getLabels().get(LocalContainers.RUN_LABEL));
        assertEquals("rie-3", c.getLabels().get("renderproof.environment"));
    }

    @Test
    void arm64FunctionContainersUseTheArm64TagAndPlatform() throws Exception {
        Path jar = Files.write(tmp.resolve("renderproof-handler-linux-arm64.jar"), new byte[] {'P', 'K', 3, 4});
        String image = LocalContainers.lambdaImage(Map.of(), "arm64");
        assertEquals(LocalContainers.DEFAULT_LAMBDA_IMAGE.replace("-x86_64", "-arm64"), image);
        GenericContainer<?> c = LocalContainers.rie(image, "arm64", Network.newNetwork(), jar, Map.of(), "abcd1234", "rie-0", false);
        Map<String, Object> asked = new HashMap<>();
        CreateContainerCmd cmd = (CreateContainerCmd) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CreateContainerCmd.class}, (p, m, args) -> {
                    asked.put(m.getName(), args == null ? null : args[0]);
                    return p;
                });
        c.getCreateContainerCmdModifiers().forEach(modifier -> modifier.modify(cmd));
        assertEquals("linux/arm64", asked.get("withPlatform"));
        assertEquals("linux/amd64", LocalContainers.dockerPlatform("x86_64"));
    }

    @Test
    void everyTemplateVariableIsMirrored() {
        var function = FunctionEnvironment.read(TEMPLATE);
        assertTrue(function.variables().containsKey("RENDER_BUCKET"));
        assertTrue(function.variables().containsKey("FFMPEG_DIR"));
        Map<String, String> env = FunctionEnvironment.forContainers(function, "b", "f", 128);
        assertTrue(env.keySet().containsAll(function.variables().keySet()), env.keySet().toString());
        assertEquals(900, function.defaultTimeoutSec());
    }

    @Test
    void missingArtifactIsRefusedBeforeAnyContainerExists() {
        assertThrows(IllegalArgumentException.class, () -> LocalContainers.rie(LocalContainers.DEFAULT_LAMBDA_IMAGE,
                Network.newNetwork(), tmp.resolve("nope.jar"), Map.of(), "r", "rie-0", false));
    }

    @Test
    void keptContainersRefuseTestcontainersSessionLabel() {
        // A CreateContainerCmd stand-in holding only labels: the modifier swaps in a map that refuses the
        // session label Testcontainers adds after all modifiers ran (its reaper removes what carries it).
        Map<String, Object> state = new HashMap<>();
        state.put("labels", new HashMap<>(Map.of(LocalContainers.RUN_LABEL, "r1")));
        CreateContainerCmd cmd = (CreateContainerCmd) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CreateContainerCmd.class}, (p, m, args) -> switch (m.getName()) {
                    case "getLabels" -> state.get("labels");
                    case "withLabels" -> {
                        state.put("labels", args[0]);
                        yield p;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        assertEquals(org.testcontainers.DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL,
                LocalContainers.TESTCONTAINERS_SESSION_LABEL);
        LocalContainers.outliveThisProcess(cmd);
        @SuppressWarnings("unchecked")
        Map<String, String> labels = cmd.getLabels();
        labels.putAll(Map.of("org.testcontainers", "true", "org.testcontainers.sessionId", "s-1"));
        labels.put("org.testcontainers.sessionId", "s-2");
        assertEquals(Map.of(LocalContainers.RUN_LABEL, "r1", "org.testcontainers", "true"), labels);
    }
}
