package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.TarGzPacker;
import com.fasterxml.jackson.databind.JsonNode;
import contract.RenderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import media.Ffmpeg;
import media.FfmpegBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new execution environment of the built artifact, loaded in isolation as --embedded loads it: the
 * handler honours the FFMPEG_DIR of its own environment (a map, not this process's environment), and
 * prepares ffmpeg there in the background before its first invocation, leaving nothing in the work root.
 */
class HandlerColdStartTest {
    @TempDir
    Path tmp;

    @Test
    void aNewEnvironmentPreparesFfmpegInItsOwnDirectoryBeforeItsFirstInvocation() throws Exception {
        Path ffmpegDir = tmp.resolve("ffmpeg-of-this-environment");
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (HandlerHarness h = new HandlerHarness(work, 64L << 20, Map.of("FFMPEG_DIR", ffmpegDir.toString()))) {
            joinWarmUps();
            Path extracted = ffmpegDir.resolve(Ffmpeg.BUNDLED_VERSION + "-" + FfmpegBuild.forThisHost().orElseThrow().fileName());
            assertTrue(Files.isExecutable(extracted), "ffmpeg ready in the handler's FFMPEG_DIR before any invocation: "
                    + list(tmp));
            assertEquals(List.of(), list(work), "the warm-up writes nothing in the work root");

            Path tgz = tmp.resolve("project.tar.gz");
            TarGzPacker.pack(Path.of("fixtures/mp4-h264-sdr/src").toAbsolutePath(), tgz);
            JsonNode plan = h.invoke(Map.of("Action", "plan", "ProjectS3Uri", h.put("projects/p.tar.gz", tgz),
                    "PlanOutputS3Prefix", HandlerHarness.uri("renders/cold"), "Config", new RenderConfig(30, 640, 360, "mp4", null, 4)));
            assertEquals(90, plan.path("TotalFrames").asInt(), "the new environment plans the fixture: " + plan);
            assertEquals(List.of(extracted), list(ffmpegDir), "one copy, no leftover partial file");
        }
    }

    /** The handler's warm-up threads (those still running), waited for, not slept on, so the test sees their result. */
    private static void joinWarmUps() throws InterruptedException {
        List<Thread> warmUps = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("renderproof-warmup-")).toList();
        for (Thread t : warmUps) {
            t.join(120_000);
            assertFalse(t.isAlive(), t.getName() + " still running after 120 s");
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
