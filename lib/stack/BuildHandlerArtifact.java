package stack;

import archive.ReproducibleJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import media.FfmpegBuild;

/**
 * Builds the Lambda artifact: `jbang export fatjar` of stack/RenderHandler.java, through the repo's
 * own ./jbang bootstrap so that the artifact compiles the same lib sources the in-process render uses,
 * then rewritten by {@link ReproducibleJar}: sorted entries and fixed times (the same inputs give the
 * same bytes), without what the handler never loads, and with the bundled ffmpeg marked executable so
 * that Lambda can run it where it unpacks the code. Lambda accepts a jar as its zip package; what it
 * limits is the unzipped size. The jar bundles exactly one static ffmpeg, added with --deps since the
 * handler's sources declare none: the Linux build of the function's architecture, or the host's build
 * for a handler run in this process.
 *
 * The jar records a hash of its inputs (the handler sources and files it compiles, their //DEPS lines,
 * the jbang and Java versions, this recipe); a build whose inputs match the jar in place is skipped.
 * The new jar is written beside the old one and moved into place atomically, so a concurrent reader
 * never sees it missing or partial; builds of one output take turns through a file lock; a build's
 * child processes end with it, also when the JVM is stopped by a signal.
 */
public final class BuildHandlerArtifact {
    /** Lambda's quota for a function's deployment package, unzipped (250 MB). */
    public static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L;
    public static final String HANDLER_SOURCE = "stack/RenderHandler.java";
    public static final Path DEFAULT_OUTPUT = Path.of("build", "renderproof-handler.jar");
    /** The entry holding the hash of the inputs the jar was built from. */
    public static final String INPUTS_ENTRY = "META-INF/renderproof/inputs.sha256";
    /** The x86_64 artifact's ffmpeg (the default function architecture's). */
    public static final String FFMPEG_ENTRY = FfmpegBuild.LINUX_X86_64.resource();
    public static final String UP_TO_DATE = "handler artifact up to date";

    /**
     * Left out: Netty and the Apache HTTP client with their resources (the handler carries no AWS SDK
     * since it signs its own S3 requests, so none arrive today; a dependency bringing them back still
     * cannot grow the jar), and FontBox's CMaps for CJK PDF fonts (glyphs come from a TrueType file).
     * Changing this list changes the inputs hash, so the next run rebuilds.
     */
    static final List<String> UNUSED_PREFIXES = List.of(
            "io/netty/", "META-INF/native-image/io.netty/", "META-INF/maven/io.netty/",
            "software/amazon/awssdk/http/nio/netty/", "software/amazon/awssdk/http/apache/",
            "org/apache/http/", "META-INF/maven/org.apache.httpcomponents/", "mozilla/");
    private static final String CMAPS = "org/apache/fontbox/cmap/";
    private static final Predicate<String> UNUSED = name -> UNUSED_PREFIXES.stream().anyMatch(name::startsWith)
            || (name.startsWith(CMAPS) && !name.endsWith("/") && !name.endsWith(".class"));
    /** Bumped when the rewrite itself changes in a way the inputs hash cannot see. */
    private static final String RECIPE = "reproducible-jar-3 " + UNUSED_PREFIXES + " cmaps:" + CMAPS;
    private static final Object IN_PROCESS = new Object();

    private BuildHandlerArtifact() {}

    /** ffmpegEntries: the bundled ffmpeg builds' entries (one, for an artifact built here). */
    public record Artifact(Path jar, long zippedBytes, long unzippedBytes, String sha256, List<String> ffmpegEntries) {
        public String summary() {
            return String.format("%s: %.1f MB zipped, %.1f MB unzipped, sha256 %s",
                    jar, zippedBytes / 1e6, unzippedBytes / 1e6, sha256);
        }
    }

    /** The build itself failed (jbang's exit code and output tail in the message). */
    public static final class BuildFailedException extends RuntimeException {
        public BuildFailedException(String message) {
            super(message);
        }
    }

    /** The artifact exceeds the unzipped limit; it is left in place for inspection. */
    public static final class TooLargeException extends RuntimeException {
        private final Artifact artifact;

        public TooLargeException(Artifact artifact, long limit) {
            super(String.format("handler artifact is %.1f MB unzipped, over the %.1f MB limit (%s)",
                    artifact.unzippedBytes() / 1e6, limit / 1e6, artifact.jar()));
            this.artifact = artifact;
        }

        public Artifact artifact() {
            return artifact;
        }
    }

    /** The directory holding ./jbang and stack/RenderHandler.java, searched upwards from start. */
    public static Path findRepoRoot(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(HANDLER_SOURCE)) && Files.isRegularFile(p.resolve("jbang"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("no renderproof checkout (with ./jbang and " + HANDLER_SOURCE
                + ") at or above " + start.toAbsolutePath());
    }

    /** Where the artifact bundling this ffmpeg build goes: the Linux x86-64 one keeps the historical name. */
    public static Path defaultOutput(FfmpegBuild ffmpeg) {
        return ffmpeg == FfmpegBuild.LINUX_X86_64 ? DEFAULT_OUTPUT
                : Path.of("build", "renderproof-handler-" + ffmpeg.platform().replace('/', '-') + ".jar");
    }

    /** The x86_64 function's artifact at output (relative paths resolve against repoRoot), unless up to date; checks its size. */
    public static Artifact build(Path repoRoot, Path output, long unzippedLimitBytes, Consumer<String> log) {
        return build(repoRoot, output, FfmpegBuild.LINUX_X86_64, unzippedLimitBytes, log, false);
    }

    /** As {@link #build(Path, Path, long, Consumer)}; {@code force} builds even when the jar is up to date. */
    public static Artifact build(Path repoRoot, Path output, long unzippedLimitBytes, Consumer<String> log, boolean force) {
        return build(repoRoot, output, FfmpegBuild.LINUX_X86_64, unzippedLimitBytes, log, force);
    }

    /** The artifact bundling this ffmpeg build, unless up to date. */
    public static Artifact build(Path repoRoot, Path output, FfmpegBuild ffmpeg, long unzippedLimitBytes, Consumer<String> log) {
        return build(repoRoot, output, ffmpeg, unzippedLimitBytes, log, false);
    }

    public static Artifact build(Path repoRoot, Path output, FfmpegBuild ffmpeg, long unzippedLimitBytes, Consumer<String> log,
                                 boolean force) {
        Path jar = repoRoot.resolve(output).toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(jar.getParent());
            String inputs = inputsHash(repoRoot, ffmpeg);
            // One build per output at a time: threads of this JVM through the monitor, other processes
            // through the file lock (which the JVM holds per process, not per thread).
            synchronized (IN_PROCESS) {
                Path lockFile = jar.resolveSibling("." + jar.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = acquire(channel, jar, log)) {
                    String builtFrom = builtFrom(jar);
                    if (!force && inputs.equals(builtFrom)) {
                        Artifact current = measure(jar);
                        log.accept(UP_TO_DATE + ": " + current.summary());
                        return checked(current, unzippedLimitBytes);
                    }
                    log.accept("building " + jar + " from " + HANDLER_SOURCE + " with the " + ffmpeg.platform() + " ffmpeg ("
                            + (force ? "rebuild requested" : !Files.exists(jar) ? "no artifact yet"
                            : builtFrom == null ? "the jar in place records no inputs" : "its inputs changed") + ")");
                    buildInto(repoRoot, jar, ffmpeg, inputs, log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the handler artifact: " + e.getMessage(), e);
        }
        Artifact artifact = measure(jar);
        log.accept(String.format("%s (built in %.1f s)", artifact.summary(), (System.nanoTime() - t0) / 1e9));
        return checked(artifact, unzippedLimitBytes);
    }

    private static Artifact checked(Artifact artifact, long unzippedLimitBytes) {
        if (artifact.unzippedBytes() > unzippedLimitBytes) {
            throw new TooLargeException(artifact, unzippedLimitBytes);
        }
        return artifact;
    }

    private static FileLock acquire(FileChannel channel, Path jar, Consumer<String> log) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            log.accept("waiting for another build of " + jar + " to finish");
            lock = channel.lock();
        }
        return lock;
    }

    /** Export, rewrite, then one atomic rename: until that rename the previous jar stays in place. */
    private static void buildInto(Path repoRoot, Path jar, FfmpegBuild ffmpeg, String inputs, Consumer<String> log)
            throws IOException {
        Path exported = Files.createTempFile(jar.getParent(), "." + jar.getFileName() + "-", ".export.jar");
        Path rewritten = Files.createTempFile(jar.getParent(), "." + jar.getFileName() + "-", ".part");
        try {
            log.accept("  exporting the fat jar with jbang (compiles the handler sources, resolves their //DEPS)...");
            export(repoRoot, exported, ffmpeg, List.of(exported, rewritten), log);
            log.accept("  rewriting it reproducibly (sorted entries, fixed times), leaving out what the handler never loads...");
            ReproducibleJar.Stats stats = ReproducibleJar.rewrite(exported, rewritten, UNUSED, Set.of(ffmpeg.resource()),
                    Map.of(INPUTS_ENTRY, inputs.getBytes(StandardCharsets.US_ASCII)));
            log.accept(String.format("  %d entries, %d left out (%.1f MB unzipped)", stats.kept(), stats.dropped(),
                    stats.droppedBytes() / 1e6));
            readableByAll(rewritten);
            Files.move(rewritten, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(exported);
            Files.deleteIfExists(rewritten);
        }
    }

    /** Temp files are created owner-only; the artifact is read by other users' tools and containers too. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: files are readable by default ACLs.
        }
    }

    /**
     * Runs jbang with its output passed on line by line (the user sees progress). A shutdown hook ends
     * the child's whole process tree (the bootstrap script, jbang's JVM) and removes the temp files
     * when this JVM is stopped by SIGINT or SIGTERM, which a child started here does not receive.
     */
    private static void export(Path repoRoot, Path exported, FfmpegBuild ffmpeg, List<Path> temps, Consumer<String> log)
            throws IOException {
        List<String> cmd = List.of(repoRoot.resolve("jbang").toString(), "export", "fatjar", "--force",
                "--deps", ffmpeg.mavenCoordinates(), "-O", exported.toString(), HANDLER_SOURCE);
        Process p = new ProcessBuilder(cmd).directory(repoRoot.toFile()).redirectErrorStream(true).start();
        Thread reaper = new Thread(() -> {
            destroyTree(p);
            temps.forEach(t -> t.toFile().delete());
        }, "handler-build-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Deque<String> tail = new ArrayDeque<>();
        try {
            p.getOutputStream().close();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.accept("    " + line);
                    tail.addLast(line);
                    if (tail.size() > 30) {
                        tail.removeFirst();
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || Files.size(exported) == 0) {
                throw new BuildFailedException("jbang export fatjar exited " + code + ":\n" + String.join("\n", tail));
            }
        } catch (InterruptedException e) {
            destroyTree(p);
            Thread.currentThread().interrupt();
            throw new BuildFailedException("interrupted while building the handler artifact");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running and ends the child itself.
            }
        }
    }

    private static void destroyTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillAlive) {
                h.destroyForcibly();
            }
        }
    }

    /** The inputs hash recorded in jar, or null when there is no readable jar with one. */
    static String builtFrom(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(INPUTS_ENTRY);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * sha256 over what decides the artifact's bytes: this recipe, the jbang and Java versions, and every
     * file the handler build reads (stack/RenderHandler.java, the sources its //SOURCES name, the files
     * their //FILES name), each with its path. //DEPS are lines of those files, so they are covered.
     */
    public static String inputsHash(Path repoRoot) {
        return inputsHash(repoRoot, FfmpegBuild.LINUX_X86_64);
    }

    /** {@link #inputsHash(Path)} of the artifact bundling this ffmpeg build (added with --deps, so not in a //DEPS line). */
    public static String inputsHash(Path repoRoot, FfmpegBuild ffmpeg) {
        MessageDigest md = sha256();
        update(md, RECIPE);
        update(md, "ffmpeg " + ffmpeg.mavenCoordinates() + " exec:" + ffmpeg.resource());
        update(md, jbangVersion(repoRoot));
        update(md, System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        for (Path f : handlerInputs(repoRoot)) {
            update(md, repoRoot.relativize(f).toString().replace('\\', '/'));
            try {
                md.update(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The handler source and, transitively, the sources and files its directives name. */
    static Set<Path> handlerInputs(Path repoRoot) {
        Set<Path> seen = new TreeSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(repoRoot.resolve(HANDLER_SOURCE).toAbsolutePath().normalize()));
        while (!todo.isEmpty()) {
            Path file = todo.removeFirst();
            if (!seen.add(file) || !file.toString().endsWith(".java")) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            for (String line : lines) {
                if (line.startsWith("//SOURCES ")) {
                    for (String pattern : line.substring("//SOURCES ".length()).trim().split("\\s+")) {
                        todo.addAll(expand(file.getParent(), pattern));
                    }
                } else if (line.startsWith("//FILES ")) {
                    for (String spec : line.substring("//FILES ".length()).trim().split("\\s+")) {
                        String source = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
                        todo.add(file.getParent().resolve(source).normalize());
                    }
                }
            }
        }
        return seen;
    }

    private static List<Path> expand(Path dir, String pattern) {
        if (!pattern.contains("*")) {
            return List.of(dir.resolve(pattern).normalize());
        }
        Path base = dir.resolve(pattern.substring(0, pattern.lastIndexOf('/', pattern.indexOf('*')) + 1)).normalize();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + dir.resolve(pattern).normalize());
        try (Stream<Path> walk = Files.walk(base, pattern.contains("**") ? Integer.MAX_VALUE : 1)) {
            return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static String jbangVersion(Path repoRoot) {
        try {
            Process p = new ProcessBuilder(repoRoot.resolve("jbang").toString(), "version")
                    .directory(repoRoot.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new BuildFailedException("./jbang version failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ./jbang version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException("interrupted while asking jbang for its version");
        }
    }

    /** Sizes as Lambda counts them: the file, and the sum of its entries' uncompressed sizes. */
    public static Artifact measure(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long unzipped = 0;
            List<String> ffmpegEntries = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                unzipped += Math.max(0, e.getSize());
                if (e.getName().startsWith("ws/schild/jave/nativebin/ffmpeg")) {
                    ffmpegEntries.add(e.getName());
                }
            }
            return new Artifact(jar, Files.size(jar), unzipped, sha256(jar), List.copyOf(ffmpegEntries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }
}
