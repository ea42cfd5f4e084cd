package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.ReproducibleJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;

/**
 * Three smoke runs at once, real processes on --embedded: one rebuilds the handler artifact and two
 * with --skip-build start while it builds, using the same build/renderproof-handler.jar. All three
 * must pass. Not in the default suite (three smoke runs take minutes on two cores); run it with
 *   ./jbang tests/run.java '.*ConcurrentRunsCheck'
 */
class ConcurrentRunsCheck {
    @TempDir
    Path tmp;

    @Test
    void oneBuildingRunAndTwoSkipBuildRunsAllPass() throws Exception {
        Path root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
        Path jar = HandlerArtifactForTests.jar();
        // The same classes recorded as built from other inputs: the first run must rebuild the jar
        // while the other two run with it.
        Path stale = Files.createTempFile(jar.getParent(), ".stale-", ".part");
        ReproducibleJar.rewrite(jar, stale, name -> false, Set.of(BuildHandlerArtifact.FFMPEG_ENTRY),
                Map.of(BuildHandlerArtifact.INPUTS_ENTRY, "stale".getBytes(StandardCharsets.US_ASCII)));
        Files.move(stale, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Process building = smoke(root, tmp.resolve("a"));
        List<String> buildingLog = new ArrayList<>();
        List<Process> skipping = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(building.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                buildingLog.add(line);
                if (line.startsWith("building ") && skipping.isEmpty()) {
                    skipping.add(smoke(root, tmp.resolve("b"), "--skip-build"));
                    skipping.add(smoke(root, tmp.resolve("c"), "--skip-build"));
                }
            }
        }
        assertEquals(2, skipping.size(), "the first run built nothing: " + buildingLog);
        assertTrue(building.waitFor(15, TimeUnit.MINUTES));
        assertEquals(0, building.exitValue(), String.join("\n", buildingLog));
        assertTrue(buildingLog.stream().anyMatch(l -> l.contains("(built in")), String.join("\n", buildingLog));
        for (int i = 0; i < skipping.size(); i++) {
            Process p = skipping.get(i);
            assertTrue(p.waitFor(15, TimeUnit.MINUTES));
            String log = Files.readString(tmp.resolve(List.of("b", "c").get(i) + ".log"));
            assertEquals(0, p.exitValue(), log);
            assertTrue(log.contains("using existing"), log);
        }
    }

    private static Process smoke(Path root, Path artifacts, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "cli.SmokeCommand", "--embedded", "--chunk-counts", "2", "--artifacts", artifacts.toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        if (extra.length > 0) {
            pb.redirectOutput(artifacts.resolveSibling(artifacts.getFileName() + ".log").toFile());
        }
        return pb.start();
    }
}
