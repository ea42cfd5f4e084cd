package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real build (a jbang export of about 20 s, twice): the artifact is reproducible, lean and
 * cached, replaced atomically under concurrent readers in other processes, its child build ends
 * with an interrupted build, and it runs both from an isolated class loader and unpacked the way
 * Lambda unpacks it (ffmpeg in place).
 */
class BuildHandlerArtifactTest {
    /** The artifact must stay below this many bytes unzipped (issue 15: it was 129.7 MB). */
    private static final long LEAN_LIMIT = 118_000_000L;

    @TempDir
    static Path out;
    static Path root;
    static Path fresh;
    static BuildHandlerArtifact.Artifact first;
    static final List<String> firstLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void buildFromScratch() {
        root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
        fresh = out.resolve("fresh/h.jar");
        first = BuildHandlerArtifact.build(root, fresh, BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, firstLog::add);
        firstLog.forEach(System.out::println);
    }

    @Test
    void theBuildShowsItsProgressAndSizes() throws IOException {
        assertTrue(firstLog.stream().anyMatch(l -> l.contains("no artifact yet")), firstLog.toString());
        assertTrue(firstLog.stream().anyMatch(l -> l.startsWith("    [jbang]")), "jbang's own lines are passed on");
        assertTrue(firstLog.stream().anyMatch(l -> l.contains("left out")), firstLog.toString());
        assertTrue(firstLog.get(firstLog.size() - 1).contains("MB zipped") && firstLog.get(firstLog.size() - 1).contains("MB unzipped"));
        assertEquals(first.zippedBytes(), Files.size(fresh));
        try (Stream<Path> left = Files.list(fresh.getParent())) {
            assertEquals(List.of("h.jar"), left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList(),
                    "no temp files left beside the jar");
        }
    }

    @Test
    void anUpToDateJarIsNotRebuiltAndStillChecksTheLimit() throws IOException {
        Object inode = Files.readAttributes(fresh, BasicFileAttributes.class).fileKey();
        List<String> log = new ArrayList<>();
        var again = BuildHandlerArtifact.build(root, fresh, BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, log::add);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith(BuildHandlerArtifact.UP_TO_DATE), log.get(0));
        assertEquals(first.sha256(), again.sha256());
        assertEquals(inode, Files.readAttributes(fresh, BasicFileAttributes.class).fileKey(), "the jar was not rewritten");
        var tooLarge = assertThrows(BuildHandlerArtifact.TooLargeException.class,
                () -> BuildHandlerArtifact.build(root, fresh, 1_000_000L, line -> { }));
        assertTrue(tooLarge.getMessage().contains("over the 1.0 MB limit"), tooLarge.getMessage());
    }

    @Test
    void theInputsAreTheHandlersSourcesAndFilesNotTheHarness() {
        Set<Path> inputs = BuildHandlerArtifact.handlerInputs(root);
        assertTrue(inputs.contains(root.resolve("stack/RenderHandler.java")));
        assertTrue(inputs.contains(root.resolve("lib/handler/RenderRequestHandler.java")));
        assertTrue(inputs.contains(root.resolve("lib/render/fonts/DejaVuSans-Bold.ttf")), "//FILES resources count");
        assertFalse(inputs.contains(root.resolve("lib/stack/Template.java")), "harness sources do not");
        assertFalse(inputs.contains(root.resolve("lib/embedded/EmbeddedS3Server.java")));
    }

    @Test
    void theArtifactIsLeanAndFfmpegIsExecutableInTheArchive() throws IOException {
        System.out.println(first.summary());
        assertTrue(first.unzippedBytes() < LEAN_LIMIT, first.summary());
        assertTrue(first.unzippedBytes() > first.zippedBytes());
        try (ZipFile zip = ZipFile.builder().setPath(fresh).get()) {
            assertTrue(zip.getEntry("stack/RenderHandler.class") != null);
            assertTrue(zip.getEntry("PLAN_HASH_MISMATCH.class") != null, "error types in the unnamed package");
            assertTrue(zip.getEntry(BuildHandlerArtifact.INPUTS_ENTRY) != null);
            ZipArchiveEntry ffmpeg = zip.getEntry(BuildHandlerArtifact.FFMPEG_ENTRY);
            assertEquals(0755, ffmpeg.getUnixMode() & 0777, "the bundled ffmpeg is executable in the archive");
            assertEquals(java.util.zip.ZipEntry.DEFLATED, ffmpeg.getMethod(),
                    "compressed: stored, it would add some 49 MB to every aws run's upload");
            assertEquals(0644, zip.getEntry("stack/RenderHandler.class").getUnixMode() & 0777);
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                String n = e.getName();
                assertFalse(n.startsWith("io/netty/") || n.startsWith("org/apache/http/") || n.startsWith("org/yaml/")
                        || n.startsWith("software/amazon/awssdk/") || n.startsWith("org/slf4j/")
                        || n.startsWith("org/gaul/s3proxy/") || n.startsWith("org/apache/fontbox/cmap/") && !n.endsWith(".class")
                        && !n.endsWith("/"), "left out: " + n);
            }
        }
    }

    /**
     * Unpacked with the archive's modes, as Lambda unpacks a function's code into /var/task: the
     * handler's Ffmpeg runs the bundled file where it lies instead of copying it first.
     */
    @Test
    void ffmpegRunsInPlaceWhereTheArtifactIsUnpacked() throws Exception {
        Path task = Files.createDirectories(out.resolve("var-task"));
        try (ZipFile zip = ZipFile.builder().setPath(fresh).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                Path target = task.resolve(e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
                if ((e.getUnixMode() & 0100) != 0) {
                    Files.setPosixFilePermissions(target, Set.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {task.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> ffmpeg = loader.loadClass("media.Ffmpeg");
            Object bundled = ffmpeg.getMethod("bundled").invoke(null);
            assertEquals(task.resolve(BuildHandlerArtifact.FFMPEG_ENTRY), ffmpeg.getMethod("executable").invoke(bundled));
            assertTrue(((String) ffmpeg.getMethod("version").invoke(bundled)).startsWith("ffmpeg version"));
        }
    }

    @Test
    void theArtifactRunsFromAnIsolatedClassLoader() throws Exception {
        assertEquals("INVALID_EVENT", errorTypeInIsolation(fresh));
    }

    /**
     * Real processes: two readers do what --skip-build runs do with the jar, over and over, while a
     * full build replaces it. Neither ever finds it missing or partial, and the rebuilt jar is
     * byte-identical to the first build (same inputs, same bytes).
     */
    @Test
    void concurrentReadersNeverSeeAMissingOrPartialJarAndTheRebuildIsByteIdentical() throws Exception {
        Path shared = Files.createDirectories(out.resolve("shared")).resolve("h.jar");
        Files.copy(fresh, shared, StandardCopyOption.COPY_ATTRIBUTES);
        Object inode = Files.readAttributes(shared, BasicFileAttributes.class).fileKey();
        Path stop = out.resolve("shared-stop");
        List<Process> readers = List.of(child("read", shared.toString(), stop.toString()),
                child("read", shared.toString(), stop.toString()));
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process r : readers) {
            BufferedReader o = new BufferedReader(new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", o.readLine());
            outputs.add(o);
        }
        BuildHandlerArtifact.Artifact rebuilt;
        try {
            rebuilt = BuildHandlerArtifact.build(root, shared, BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, line -> { }, true);
        } finally {
            Files.createFile(stop);
        }
        for (int i = 0; i < readers.size(); i++) {
            assertTrue(readers.get(i).waitFor(60, TimeUnit.SECONDS), "reader " + i + " stops");
            String last = outputs.get(i).readLine();
            assertEquals(0, readers.get(i).exitValue(), "reader " + i + ": " + last);
            System.out.println("reader " + i + ": " + last);
        }
        assertNotEquals(inode, Files.readAttributes(shared, BasicFileAttributes.class).fileKey(), "the jar was replaced");
        assertEquals(first.sha256(), rebuilt.sha256(), "two full builds of the same inputs are byte-identical");
    }

    /** Ctrl-C (SIGINT to the building JVM only) ends jbang's process tree and leaves no temp files. */
    @Test
    void anInterruptedBuildEndsItsChildProcessesAndLeavesNoTempFiles() throws Exception {
        Path dir = Files.createDirectories(out.resolve("interrupted"));
        Process builder = child("build", dir.resolve("h.jar").toString());
        BufferedReader o = new BufferedReader(new InputStreamReader(builder.getInputStream(), StandardCharsets.UTF_8));
        List<ProcessHandle> tree = List.of();
        String line;
        while (tree.isEmpty() && (line = o.readLine()) != null) {
            if (line.contains("[jbang]")) {
                tree = builder.descendants().toList();
            }
        }
        assertFalse(tree.isEmpty(), "the build started jbang");
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(builder.pid())).start().waitFor());
        assertTrue(builder.waitFor(60, TimeUnit.SECONDS), "the building JVM ends on SIGINT");
        for (ProcessHandle h : tree) {
            h.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(h.isAlive(), "child " + h.pid() + " " + h.info().command().orElse("") + " outlived the build");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList());
        }
        assertNull(BuildHandlerArtifact.builtFrom(dir.resolve("h.jar")));
    }

    private static Process child(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), ArtifactProcesses.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Loads the artifact the way the embedded target does (own class loader, configuration by map) and
     * checks a failure surfaces under the bare error type from inside the jar.
     */
    private static String errorTypeInIsolation(Path jar) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = loader.loadClass("stack.RenderHandler");
            Object handler = type.getConstructor(Map.class).newInstance(Map.of("RENDER_BUCKET", "b", "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y"));
            Class<?> context = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, context);
            try {
                handle.invoke(handler, new ByteArrayInputStream("{\"Action\":\"explode\"}".getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null);
            } catch (InvocationTargetException e) {
                assertEquals(loader, e.getCause().getClass().getClassLoader());
                return e.getCause().getClass().getName();
            }
            return "no error";
        }
    }
}
