package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.ExitOnBadArguments;
import cli.SmokeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad arguments end with exit 1 and one line on stderr, before anything is created. */
class SmokeArgumentsTest {
    @TempDir
    Path tmp;

    static Stream<List<String>> badArguments() {
        return Stream.of(
                List.of("--fixture", "no-such-fixture"),
                List.of("--chunk-counts", "0"),
                List.of("--chunk-counts", "-1"),
                List.of("--chunk-counts", "x"),
                List.of("--chunk-counts", "2,,4"),
                List.of("--iterations", "0"),
                List.of("--iterations", "x"),
                List.of("--timeout", "soon"),
                List.of("--embedded", "--local"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsExitOneWithOneLineAndCreateNothing(List<String> bad) throws Exception {
        Path artifacts = tmp.resolve("artifacts");
        Set<String> tempBefore = embeddedTempDirs();
        var err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] args = Stream.concat(Stream.of("--embedded", "--artifacts", artifacts.toString()), bad.stream())
                    .toArray(String[]::new);
            exit = ExitOnBadArguments.execute(new SmokeCommand(), args);
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ExitCode.USAGE, exit, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: "), message);
        assertFalse(Files.exists(artifacts), "artifacts were created");
        assertEquals(tempBefore, embeddedTempDirs());
    }

    private static Set<String> embeddedTempDirs() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("renderproof-embedded-"))
                    .collect(Collectors.toSet());
        }
    }
}
