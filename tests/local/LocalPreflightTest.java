package local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.Console;
import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.RunFailure;
import cli.SmokeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import json.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a Docker engine, --local stops in pre-flight with exit 1 and one line naming what it needs
 * and suggesting --embedded; Testcontainers' own discovery is asked before refusing.
 */
class LocalPreflightTest {
    private static final Duration PROBE = Duration.ofSeconds(3);
    private static final Duration CONFIRM = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    @Test
    void missingSocketFallsThroughToTestcontainersDiscoveryBeforeRefusing() {
        AtomicBoolean asked = new AtomicBoolean();
        String socket = "unix://" + tmp.resolve("no-docker.sock");
        Optional<String> problem = DockerPreflight.problem(Map.of("DOCKER_HOST", socket), tmp, PROBE, () -> {
            asked.set(true);
            return false;
        }, CONFIRM);
        assertTrue(asked.get(), "Testcontainers' own discovery is asked before refusing");
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains(socket) && problem.get().contains("Testcontainers"), problem.get());
    }

    @Test
    void anEngineOnlyTestcontainersFindsIsAccepted() {
        // e.g. TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE, or a strategy the quick probe does not know
        Optional<String> problem = DockerPreflight.problem(Map.of("DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock")),
                tmp, PROBE, () -> true, CONFIRM);
        assertEquals(Optional.empty(), problem);
    }

    @Test
    void closedTcpPortIsReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Optional<String> problem = DockerPreflight.problem(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port), tmp, PROBE,
                () -> false, CONFIRM);
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("tcp://127.0.0.1:" + port), problem.get());
    }

    @Test
    void candidatesFollowDockerHostThenTestcontainersConfigThenSockets() throws Exception {
        assertEquals(java.util.List.of("tcp://10.0.0.1:2375"),
                DockerPreflight.candidates(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"), tmp));
        Files.writeString(tmp.resolve(".testcontainers.properties"), "docker.host=unix:///custom/docker.sock\n"
                + "tc.host=tcp://127.0.0.1:2376\n");
        var list = DockerPreflight.candidates(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), tmp);
        assertEquals("tcp://127.0.0.1:2376", list.get(0));
        assertEquals("unix:///custom/docker.sock", list.get(1));
        for (String s : new String[] {".colima/default/docker.sock", ".rd/docker.sock", ".orbstack/run/docker.sock"}) {
            assertTrue(list.contains("unix://" + tmp.resolve(s)), s + " in " + list);
        }
        assertTrue(list.contains("unix:///var/run/docker.sock"));
        assertTrue(list.contains("unix:///run/user/1000/docker.sock"));
    }

    /** A stand-in engine on a unix socket that answers GET /_ping: the probe passes, Testcontainers decides. */
    @Test
    void answeringEngineIsConfirmedByTestcontainers() throws Exception {
        Path sock = tmp.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (SocketChannel c = server.accept()) {
                        c.read(ByteBuffer.allocate(1024));
                        c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                                .getBytes(StandardCharsets.US_ASCII)));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "stand-in-engine");
            t.setDaemon(true);
            t.start();
            Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + sock);
            assertEquals(Optional.empty(), DockerPreflight.problem(env, tmp, PROBE, () -> true, CONFIRM));
            Optional<String> refused = DockerPreflight.problem(env, tmp, PROBE, () -> false, CONFIRM);
            assertTrue(refused.isPresent() && refused.get().contains("Testcontainers cannot use it"), refused.toString());
        }
    }

    @Test
    void targetPreflightFailsWithExitOneAndSuggestsEmbedded() {
        var target = new LocalTarget("abcd1234", Path.of("stack/template.yaml"), 2, 1024, tmp.resolve("function.log"),
                false, Map.of("DOCKER_HOST", "unix://" + tmp.resolve("none.sock")), () -> false);
        var out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), false);
        RunFailure f = org.junit.jupiter.api.Assertions.assertThrows(RunFailure.class, () -> target.preflight(console));
        assertEquals(ExitCode.USAGE, f.exitCode());
        assertTrue(f.getMessage().startsWith("--local needs a running Docker engine"), f.getMessage());
        assertTrue(f.getMessage().contains("--embedded"), f.getMessage());
        assertEquals(1, f.getMessage().lines().count());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    /** The real command lines on a machine without a Docker engine (this one, and CI). */
    @Test
    void smokeWithLocalExitsOneWithOneLineWhenNoEngineAnswers() throws Exception {
        expectNoEngineExit("smoke", new SmokeCommand());
    }

    @Test
    void evalWithLocalExitsOneWithOneLineWhenNoEngineAnswers() throws Exception {
        expectNoEngineExit("eval", new cli.EvalCommand());
    }

    private void expectNoEngineExit(String name, Object command) throws Exception {
        boolean engine = DockerPreflight.candidates(System.getenv(), Path.of(System.getProperty("user.home"))).stream()
                .anyMatch(DockerPreflight::answers);
        Assumptions.assumeFalse(engine, "a Docker engine answers on this machine; this test covers the no-engine path");
        Path artifacts = tmp.resolve("artifacts");
        var err = new ByteArrayOutputStream();
        var out = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        int exit;
        long started = System.nanoTime();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = ExitOnBadArguments.execute(command, "--local", "--skip-build", "--artifacts", artifacts.toString());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        String message = err.toString(StandardCharsets.UTF_8).strip();
        System.out.println(name + " --local without a Docker engine: exit " + exit + " after " + elapsedMs + " ms: " + message);
        assertEquals(ExitCode.USAGE, exit, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: --local needs a running Docker engine"), message);
        assertTrue(message.contains("--embedded"), message);
        // Every path writes its reports and cleanup-verification.json; before pre-flight passes they must show
        // that nothing was rendered or created.
        assertFalse(Files.exists(artifacts.resolve("renders")), "nothing may be rendered before pre-flight passes");
        JsonNode v = Json.MAPPER.readTree(artifacts.resolve("cleanup-verification.json").toFile());
        assertEquals(0, v.path("checked").size(), "a refused run created nothing: " + v);
        assertEquals("nothing was created, nothing left behind", v.path("summary").asText());
    }
}
