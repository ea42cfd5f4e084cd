package teardown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown hook, the backstop for an exit that skips close() (System.exit from a library, a
 * fatal path): a child JVM registers two undos, never closes, exits, and both undos still ran.
 */
class TeardownHookTest {
    /** The child: registers undos that append to the file in its first argument, then exits without close(). */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Teardown t = new Teardown(l -> { });
        t.register("older", () -> Files.writeString(file, "older\n", java.nio.file.StandardOpenOption.APPEND));
        t.register("newer", () -> Files.writeString(file, "newer\n", java.nio.file.StandardOpenOption.APPEND));
        System.exit(3);
    }

    @Test
    void anExitWithoutCloseStillRunsEveryUndoNewestFirst(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = Files.createFile(dir.resolve("undos.txt"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TeardownHookTest.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
        assertEquals(3, p.exitValue(), output);
        assertEquals(List.of("newer", "older"), Files.readAllLines(file), output);
    }
}
