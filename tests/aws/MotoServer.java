package aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A moto_server process on a free loopback port, for tests of the AWS code path without AWS. Tests
 * check {@link #locate()} first and skip (not fail) where moto_server is absent, since not every
 * machine has it. close() stops the process and its children.
 */
public final class MotoServer implements AutoCloseable {
    public static final String EXECUTABLE = "moto_server";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The moto_server on PATH, if any. */
    public static Optional<Path> locate() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, EXECUTABLE);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts moto_server and waits until it answers HTTP. */
    public static MotoServer start() {
        return start(Map.of());
    }

    /** Starts moto_server with these extra environment variables (e.g. INITIAL_NO_AUTH_ACTION_COUNT). */
    public static MotoServer start(Map<String, String> environment) {
        Path exe = locate().orElseThrow(() -> new IllegalStateException(EXECUTABLE + " is not on PATH"));
        try {
            int port = freeLoopbackPort();
            Path log = Files.createTempFile("moto-server-", ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            Process p = pb.start();
            p.getOutputStream().close();
            MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + exe + ": " + e.getMessage(), e);
        }
    }

    /** For tests that kill or stop the server mid-run. */
    public long pid() {
        return process.pid();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** What an SDK client built from an environment map (awsclient.AwsEnvironment) needs; moto accepts any keys. */
    public Map<String, String> clientEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(EXECUTABLE + " exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() > 0) {
                    c.disconnect();
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet; poll again.
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + EXECUTABLE);
            }
        }
        close();
        throw new IllegalStateException(EXECUTABLE + " did not answer on " + endpoint + " within " + START_TIMEOUT + ": " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp log is harmless.
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
