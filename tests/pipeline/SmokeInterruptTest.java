package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a render: a real smoke process gets a real SIGINT while its chunks encode,
 * and must leave no S3 server listening, no temp directory and no ffmpeg behind, say so in
 * cleanup-verification.json and one stderr line, and exit 130.
 */
class SmokeInterruptTest {
    private static final Pattern SERVER = Pattern.compile("embedded S3 server on http://127\\.0\\.0\\.1:(\\d+), .* data in (\\S+)");

    @TempDir
    Path tmp;

    @Test
    void sigintMidRenderTearsEverythingDown() throws Exception {
        HandlerArtifactForTests.jar();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process smoke = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "cli.SmokeCommand", "--embedded", "--skip-build", "--chunk-counts", "2",
                "--artifacts", tmp.resolve("artifacts").toString())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        Integer port = null;
        Path dataDir = null;
        List<ProcessHandle> children = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(smoke.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                Matcher m = SERVER.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    dataDir = Path.of(m.group(2));
                }
                // The first progress line: the render is under way (a fast machine may never show 0/2).
                if (line.startsWith("smoke-N2-")) {
                    children.addAll(awaitEncoders(smoke));
                    int kill = new ProcessBuilder("kill", "-INT", Long.toString(smoke.pid())).start().waitFor();
                    assertTrue(kill == 0, "kill -INT failed");
                    break;
                }
            }
            assertNotNull(port, "no server line in " + output);
            assertTrue(smoke.waitFor(120, TimeUnit.SECONDS), "smoke did not exit after SIGINT: " + output);
            r.lines().forEach(output::add);
        } finally {
            smoke.destroyForcibly();
        }
        String all = String.join("\n", output);
        assertEquals(130, smoke.exitValue(), all);
        List<String> errorLines = output.stream().filter(l -> l.startsWith("error: ") || l.startsWith("warning: ")).toList();
        assertEquals(1, errorLines.size(), all);
        assertTrue(errorLines.get(0).startsWith("error: interrupted by SIGINT at stage render; teardown ran "), all);
        JsonNode v = Json.MAPPER.readTree(tmp.resolve("artifacts").resolve("cleanup-verification.json").toFile());
        assertEquals("SIGINT", v.path("interruptedBy").asText(), v.toString());
        assertEquals(0, v.path("leftBehind").size(), v.toString());
        assertEquals(0, v.path("unverified").size(), v.toString());
        assertTrue(portFree(port), "S3 server port " + port + " still bound");
        Path root = dataDir.getParent();
        assertFalse(Files.exists(root), "temp directory left: " + root + "\n" + String.join("\n", output));
        assertFalse(children.isEmpty(), "expected ffmpeg children mid-render");
        for (ProcessHandle c : children) {
            assertFalse(c.isAlive(), "child still running: " + c.info().command().orElse("?"));
        }
    }

    /**
     * The smoke process's children once there are any (on the embedded target its only children are
     * ffmpeg processes: the chunk encoders, then the gates' analysis), polled for at most 30 s.
     */
    private static List<ProcessHandle> awaitEncoders(Process smoke) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> now = smoke.descendants().toList();
        while (now.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = smoke.descendants().toList();
        }
        return now;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
