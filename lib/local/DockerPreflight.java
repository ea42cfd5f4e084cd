package local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Is there a Docker engine --local can use? Answered within a bound, because Testcontainers' own
 * discovery tries several strategies and can take long to give up, and logs pages while it does.
 * First a quick probe of its own: GET /_ping on DOCKER_HOST, docker.host or tc.host from
 * ~/.testcontainers.properties, or the usual sockets (Docker Desktop, Colima, Rancher Desktop, OrbStack,
 * rootless). Then Testcontainers is asked (also bounded): to confirm an engine that answered, or, when
 * none did, to look by its own configuration (TESTCONTAINERS_* variables, its other strategies)
 * before --local is refused. The result is one line saying what is missing.
 */
public final class DockerPreflight {
    private DockerPreflight() {}

    /** Empty when an engine answered; otherwise why not, in a few words. */
    public static Optional<String> problem(Map<String, String> env, Path home, Duration probeBound,
                                           Callable<Boolean> confirm, Duration confirmBound) {
        List<String> candidates = candidates(env, home);
        Optional<String> reachable = bounded(() -> firstAnswering(candidates), probeBound).orElse(Optional.empty());
        if (reachable.isEmpty()) {
            if (bounded(confirm, confirmBound).orElse(false)) {
                return Optional.empty();
            }
            return Optional.of("no Docker engine answered at " + String.join(", ", candidates)
                    + ", and Testcontainers' own discovery found none");
        }
        Optional<Boolean> confirmed = bounded(confirm, confirmBound);
        if (confirmed.isEmpty()) {
            return Optional.of("the Docker engine at " + reachable.get() + " answered, but Testcontainers could not "
                    + "connect to it within " + confirmBound.toSeconds() + " s");
        }
        if (!confirmed.get()) {
            return Optional.of("the Docker engine at " + reachable.get() + " answered, but Testcontainers cannot use it");
        }
        return Optional.empty();
    }

    /** Testcontainers' own check, as the confirmation step. */
    public static boolean testcontainersCanConnect() {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    /** Where an engine may listen, in the order Docker clients look: DOCKER_HOST, Testcontainers' config, sockets. */
    static List<String> candidates(Map<String, String> env, Path home) {
        Set<String> list = new LinkedHashSet<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            list.add(dockerHost.trim());
            return new ArrayList<>(list);
        }
        Path props = home == null ? null : home.resolve(".testcontainers.properties");
        if (props != null && Files.isRegularFile(props)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(props)) {
                p.load(in);
                for (String key : List.of("tc.host", "docker.host")) {
                    String h = p.getProperty(key);
                    if (h != null && !h.isBlank()) {
                        list.add(h.trim());
                    }
                }
            } catch (IOException ignored) {
                // an unreadable file is Testcontainers' problem to report; fall through to the sockets
            }
        }
        list.add("unix:///var/run/docker.sock");
        if (home != null) {
            list.add("unix://" + home.resolve(".docker/run/docker.sock"));
            list.add("unix://" + home.resolve(".docker/desktop/docker.sock"));
            list.add("unix://" + home.resolve(".colima/default/docker.sock"));
            list.add("unix://" + home.resolve(".colima/docker.sock"));
            list.add("unix://" + home.resolve(".rd/docker.sock"));
            list.add("unix://" + home.resolve(".orbstack/run/docker.sock"));
        }
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            list.add("unix://" + Path.of(runtimeDir).resolve("docker.sock"));
        }
        return new ArrayList<>(list);
    }

    private static Optional<String> firstAnswering(List<String> candidates) {
        for (String c : candidates) {
            if (answers(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** GET /_ping answered with HTTP (any status: a TLS-only engine answers plain HTTP with 400). */
    static boolean answers(String dockerHost) {
        try {
            URI uri = URI.create(dockerHost);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            switch (scheme) {
                case "unix" -> {
                    Path socket = Path.of(uri.getPath());
                    if (!Files.exists(socket)) {
                        return false;
                    }
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(UnixDomainSocketAddress.of(socket));
                        ch.write(ByteBuffer.wrap(pingRequest()));
                        ByteBuffer buf = ByteBuffer.allocate(64);
                        while (buf.hasRemaining() && ch.read(buf) >= 0) {
                            if (buf.position() >= 12) {
                                break;
                            }
                        }
                        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/");
                    }
                }
                case "tcp", "http", "https" -> {
                    int port = uri.getPort() > 0 ? uri.getPort() : 2375;
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
                        s.setSoTimeout(2000);
                        s.getOutputStream().write(pingRequest());
                        byte[] head = s.getInputStream().readNBytes(5);
                        // A TLS endpoint may reset a plain request; having accepted the connection is enough then.
                        return head.length == 0 || new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/")
                                || head[0] == 0x15;
                    }
                }
                default -> {
                    // npipe:// and the like cannot be probed from here; let Testcontainers decide.
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pingRequest() {
        return "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs a check on a daemon thread; empty when it did not finish within the bound or threw. */
    private static <T> Optional<T> bounded(Callable<T> check, Duration bound) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<T> f = ex.submit(check);
            return Optional.ofNullable(f.get(bound.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            ex.shutdownNow();
        }
    }
}
