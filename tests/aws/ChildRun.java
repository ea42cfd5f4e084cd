package aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One harness command (smoke, cleanup) as a child JVM on the test classpath, as a user would run it:
 * its own process, so real signals reach it and its exit code is real. Every line it prints is kept,
 * and every descendant process seen while it ran, so a test can prove none outlived it.
 */
final class ChildRun {
    record Result(int exit, List<String> stdout, List<String> stderr, Set<ProcessHandle> descendants, long millis) {
        List<String> stderrLines() {
            return stderr.stream().filter(l -> !l.isBlank()).toList();
        }

        String transcript() {
            return "exit " + exit + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
        }
    }

    private ChildRun() {}

    /**
     * @param onLine sees each stdout line with the running process (e.g. to kill moto at a given point)
     */
    static Result run(String mainClass, Map<String, String> env, List<String> args, long timeoutSeconds,
                      java.util.function.BiConsumer<String, Process> onLine) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("AWS_ENDPOINT_URL");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        Thread outReader = reader(p.getInputStream(), line -> {
            out.add(line);
            p.descendants().forEach(seen::add);
            if (onLine != null) {
                onLine.accept(line, p);
            }
        });
        Thread errReader = reader(p.getErrorStream(), err::add);
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                outReader.join(5000);
                errReader.join(5000);
                throw new AssertionError("no exit within " + timeoutSeconds + " s\n" + String.join("\n", out)
                        + "\n--- stderr\n" + String.join("\n", err));
            }
            outReader.join(10_000);
            errReader.join(10_000);
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), List.copyOf(out), List.copyOf(err), Set.copyOf(seen),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static Thread reader(InputStream in, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // the child is gone; what it printed so far is kept
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Sends a real signal (kill with an argument array; no shell). */
    static void signal(long pid, String signal) {
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new AssertionError("kill -" + signal + " " + pid + " exited " + rc);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
