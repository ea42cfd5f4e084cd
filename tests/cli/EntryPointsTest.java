package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry point in a child process under the POSIX locale: --help and --version exit 0 and leave
 * the checkout as it was; the scripts' own bad arguments exit with their documented code and one
 * stderr line, and write nothing; and smoke --help builds and runs through ./jbang with an empty
 * JBang cache under LC_ALL=C (javac once read the sources as US-ASCII there). Each script is built
 * once through ./jbang, which also says how it launches it (jar, classpath, main class, runtime
 * options); the cases then launch exactly that with java, a second each instead of jbang's start-up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntryPointsTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    record Result(int exit, String stdout, String stderr) {}

    record BadArguments(String script, List<String> args, int exit, String says) {
        @Override
        public String toString() {
            return script + " " + String.join(" ", args);
        }
    }

    private Path work;
    private final Map<String, List<String>> launch = new java.util.HashMap<>();

    /** Every script the catalog names (its aliases are what users type), plus the scripts outside it. */
    static List<String> scripts() throws IOException {
        JsonNode catalog = Json.MAPPER.readTree(REPO.resolve("jbang-catalog.json").toFile());
        List<String> scripts = new ArrayList<>();
        catalog.path("aliases").forEach(a -> scripts.add(a.path("script-ref").asText()));
        return scripts.stream().distinct().sorted().toList();
    }

    static List<BadArguments> badArguments() {
        return List.of(
                new BadArguments("build-handler.java", List.of("--max-unzipped-mb", "NaN"), 1, "--max-unzipped-mb"),
                new BadArguments("build-handler.java", List.of("--output", "@work/a-file/h.jar"), 1, "--output"),
                new BadArguments("fixtures/make-assets.java", List.of("--frobnicate"), 1, "--frobnicate"),
                new BadArguments("fixtures/make-assets.java", List.of("@work/no-such-dir"), 1, "no-such-dir"),
                new BadArguments("bench/smoke.java", List.of("no-such-fixture"), 1, "unknown fixture 'no-such-fixture'"),
                new BadArguments("bench/smoke.java", List.of("mp4-h264-sdr", "0"), 1, "LOOPS"),
                new BadArguments("bench/render.java", List.of("@work"), 1, "composition.json: (file): missing"),
                new BadArguments("bench/coldstart.java", List.of("--samples", "0"), 1, "--samples"),
                new BadArguments("bench/coldstart.java", List.of("no-such-fixture"), 1, "unknown fixture 'no-such-fixture'"),
                new BadArguments("baseline.java", List.of("--fixture", "no-such-fixture"), 1, "no-such-fixture"),
                new BadArguments("tests/run.java", List.of("Unclosed("), 1, "CLASS-REGEX"),
                new BadArguments("mutation.java", List.of("no-such-group"), 1, "unknown group(s) [no-such-group]"),
                new BadArguments("mutation.java", List.of("--threads", "0"), 1, "--threads must be in 1..64"),
                new BadArguments("smoke.java", List.of("--embedded", "--memory-mb", "1", "--artifacts", "@work/artifacts"), 1, "--memory-mb"),
                new BadArguments("eval.java", List.of("--embedded", "--fixtures", "silnet", "--artifacts", "@work/artifacts"), 1,
                        "unknown fixture 'silnet'"));
    }

    @BeforeAll
    void buildEveryScript(@TempDir Path dir) throws Exception {
        work = dir;
        Files.writeString(work.resolve("a-file"), "not a directory");
        for (String script : scripts()) {
            Result built = jbang(Map.of(), List.of("build", script));
            assertEquals(0, built.exit(), script + " does not build:\n" + built.stderr());
            Result info = jbang(Map.of(), List.of("info", "tools", script));
            assertEquals(0, info.exit(), info.stderr());
            JsonNode tools = Json.MAPPER.readTree(info.stdout());
            List<String> classpath = new ArrayList<>(List.of(tools.path("applicationJar").asText()));
            tools.path("resolvedDependencies").forEach(d -> classpath.add(d.asText()));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            tools.path("runtimeOptions").forEach(o -> cmd.add(o.asText()));
            cmd.addAll(List.of("-classpath", String.join(java.io.File.pathSeparator, classpath), tools.path("mainClass").asText()));
            launch.put(script, cmd);
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void helpAndVersionExitZeroAndLeaveTheCheckoutAsItWas(String script) throws Exception {
        String before = gitStatus();
        Path tmp = Files.createTempDirectory(work, "tmp-");
        Result help = run(script, tmp, "--help");
        assertEquals(0, help.exit(), help.stderr());
        assertTrue(help.stdout().startsWith("Usage: "), help.stdout());
        assertTrue(help.stdout().contains("--version") && help.stdout().contains("--help"), help.stdout());
        assertEquals("", help.stderr());
        Result version = run(script, tmp, "--version");
        assertEquals(0, version.exit(), version.stderr());
        assertEquals(Version.line(), version.stdout().strip());
        assertEquals("", version.stderr());
        assertEquals(before, gitStatus(), "--help or --version changed the checkout");
        assertEquals(List.of(), list(tmp), "--help or --version left temp files");
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badScriptArgumentsExitWithOneLineAndWriteNothing(BadArguments bad) throws Exception {
        String before = gitStatus();
        Path tmp = Files.createTempDirectory(work, "tmp-");
        String[] args = bad.args().stream().map(a -> a.replace("@work", work.toString())).toArray(String[]::new);
        long t0 = System.nanoTime();
        Result r = run(bad.script(), tmp, args);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(bad.exit(), r.exit(), r.stdout() + r.stderr());
        assertEquals(1, r.stderr().lines().count(), "exactly one stderr line:\n" + r.stderr());
        assertTrue(r.stderr().startsWith("error: ") && r.stderr().contains(bad.says()), r.stderr());
        assertTrue(ms < 30_000, "took " + ms + " ms");
        assertEquals(before, gitStatus(), "the checkout changed");
        assertEquals(List.of(), list(tmp), "temp files left");
        assertFalse(Files.exists(work.resolve("artifacts")), "an artifacts directory was created");
    }

    @Test
    void smokeHelpBuildsAndRunsUnderThePosixLocaleWithAnEmptyJBangCache() throws Exception {
        Path cache = Files.createDirectories(work.resolve("empty-jbang-cache"));
        Result r = jbang(Map.of("JBANG_CACHE_DIR", cache.toString()), List.of("smoke.java", "--help"));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("Usage: smoke"), r.stdout());
        assertFalse((r.stdout() + r.stderr()).contains("unmappable"), r.stderr());
        assertTrue(r.stderr().contains("Building jar for smoke.java"), "the cache was not empty: " + r.stderr());
    }

    /** The script as jbang launches it, with its own temp directory so what it leaves there can be seen. */
    private Result run(String script, Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(launch.get(script));
        cmd.add(1, "-Djava.io.tmpdir=" + tmp);
        cmd.addAll(List.of(args));
        return exec(Map.of(), cmd);
    }

    /** ./jbang ARGS in the checkout. */
    private static Result jbang(Map<String, String> env, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("jbang").toString()));
        cmd.addAll(args);
        return exec(env, cmd);
    }

    /** Runs cmd in the checkout with LC_ALL=C (and LANG unset), as reviewers and containers run it. */
    private static Result exec(Map<String, String> env, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile());
        pb.environment().remove("LANG");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), cmd + " did not finish");
        return new Result(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String gitStatus() throws Exception {
        Process p = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=all").directory(REPO.toFile())
                .redirectErrorStream(true).start();
        String out = read(p.getInputStream());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
