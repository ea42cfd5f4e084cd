package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An artifacts directory that cannot be written fails pre-flight (exit 1, one line) before anything
 * exists, instead of failing with a stack trace after resources were created. (Permission bits do
 * not stop root, so the directory is made impossible: its parent is a regular file.)
 */
class UnwritableArtifactsTest {
    @Test
    void unwritableArtifactsExitOneBeforeAnythingIsCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("occupied"), "x");
        Set<String> before = embeddedTempDirs();
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = ExitOnBadArguments.execute(new SmokeCommand(), "--embedded", "--skip-build", "--chunk-counts", "1",
                    "--artifacts", file.resolve("artifacts").toString());
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ExitCode.USAGE, exit, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: --artifacts ") && message.endsWith("; nothing was created"), message);
        assertEquals(before, embeddedTempDirs(), "nothing was created");
    }

    private static Set<String> embeddedTempDirs() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("renderproof-embedded-")).collect(Collectors.toSet());
        }
    }
}
