package media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ffmpeg executable, called with argument arrays only (never through a shell).
 *
 * {@link #bundled()} is the static ffmpeg 4.4.1 of the ws.schild jave-nativebin family for this host
 * ({@link FfmpegBuild}), used for every render everywhere (in-process, embedded, RIE, Lambda) so
 * outputs are comparable. It runs in
 * place where the classes lie unpacked and it is executable (Lambda); otherwise it is
 * extracted once into a cache directory: $RENDERPROOF_FFMPEG_DIR, else $FFMPEG_DIR (set by the stack
 * template to a path under /tmp, the only writable place on Lambda), else ~/.cache/renderproof/ffmpeg;
 * a handler names its own with {@link #useDirectory}.
 * {@link #forAnalysis()} lets a user name another build for PSNR and audio analysis.
 */
public final class Ffmpeg {
    public static final String BUNDLED_VERSION = "4.4.1";
    public static final String ANALYSIS_ENV = "RENDERPROOF_ANALYSIS_FFMPEG";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile Ffmpeg bundled;
    private static volatile Path analysisOverride;
    private static volatile Path directoryOverride;

    static {
        // Children must not outlive an interrupted harness: an encoder blocked on a pipe or a long
        // analysis would otherwise keep running after Ctrl-C.
        Runtime.getRuntime().addShutdownHook(new Thread(Ffmpeg::destroyAll, "ffmpeg-reaper"));
    }

    private final Path executable;

    private Ffmpeg(Path executable) {
        this.executable = executable;
    }

    public static Ffmpeg at(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalArgumentException("ffmpeg not executable: " + executable);
        }
        return new Ffmpeg(executable);
    }

    /** The pinned static build, extracted on first use. */
    public static Ffmpeg bundled() {
        Ffmpeg f = bundled;
        if (f == null) {
            synchronized (Ffmpeg.class) {
                if (bundled == null) {
                    FfmpegBuild build = FfmpegBuild.forThisHost().orElseThrow(() -> new IllegalStateException(
                            FfmpegBuild.missingMessage(System.getProperty("os.name"), System.getProperty("os.arch"))));
                    bundled = new Ffmpeg(inPlace(build).orElseGet(() -> extract(build, cacheDir())));
                }
                f = bundled;
            }
        }
        return f;
    }

    /** Names the ffmpeg used for analysis (a flag's value); null restores the default. */
    public static void setAnalysisOverride(Path executable) {
        analysisOverride = executable;
    }

    public static boolean analysisOverridden() {
        return analysisOverride != null || (System.getenv(ANALYSIS_ENV) != null && !System.getenv(ANALYSIS_ENV).isBlank());
    }

    /** --ffmpeg, else $RENDERPROOF_ANALYSIS_FFMPEG, else the bundled build. */
    public static Ffmpeg forAnalysis() {
        Path override = analysisOverride;
        if (override == null && System.getenv(ANALYSIS_ENV) != null && !System.getenv(ANALYSIS_ENV).isBlank()) {
            override = Path.of(System.getenv(ANALYSIS_ENV));
        }
        return override == null ? bundled() : at(override);
    }

    /** Where the bundled ffmpeg is extracted when it cannot run in place. */
    public static Path cacheDir() {
        Path named = directoryOverride;
        return named != null ? named : directoryNamedBy(System.getenv())
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "renderproof", "ffmpeg"));
    }

    /** $RENDERPROOF_FFMPEG_DIR, else $FFMPEG_DIR, of this environment, when either is set. */
    public static Optional<Path> directoryNamedBy(Map<String, String> environment) {
        for (String name : List.of("RENDERPROOF_FFMPEG_DIR", "FFMPEG_DIR")) {
            String v = environment.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(Path.of(v));
            }
        }
        return Optional.empty();
    }

    /**
     * The extraction directory a handler's own environment names: a handler loaded in an isolated class
     * loader (--embedded) gets its environment as a map, not as this process's environment, which
     * {@link #cacheDir()} would otherwise read. Statics are per class loader, so this reaches the
     * handler's copy of this class only. Takes effect if the bundled ffmpeg is not located yet.
     */
    public static void useDirectory(Path directory) {
        directoryOverride = directory;
    }

    /**
     * The bundled file itself, when the classes were unpacked with the archive's permissions (Lambda
     * unpacks the handler artifact into /var/task, where the build marked ffmpeg 0755): no copy to /tmp
     * before the first render of a new execution environment. From inside a jar it must be copied out.
     */
    private static Optional<Path> inPlace(FfmpegBuild build) {
        URL url = Ffmpeg.class.getClassLoader().getResource(build.resource());
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(url.toURI());
            return Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Path extract(FfmpegBuild build, Path dir) {
        ClassLoader loader = Ffmpeg.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(build.resource())) {
            if (in == null) {
                throw new IllegalStateException("the bundled ffmpeg for " + build.platform() + " (" + build.resource()
                        + " from " + build.mavenCoordinates() + ") is not on the classpath");
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(BUNDLED_VERSION + "-" + build.fileName());
            long expected = resourceSize(loader, build.resource());
            if (Files.isExecutable(target) && Files.size(target) == expected) {
                return target;
            }
            // Several JVMs (parallel tests, concurrent Lambda inits sharing /tmp) may extract at once:
            // write a private temp file and rename it into place.
            Path tmp = Files.createTempFile(dir, "ffmpeg-", ".part");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (!tmp.toFile().setExecutable(true)) {
                    throw new IOException("cannot mark " + tmp + " executable");
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract ffmpeg into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long resourceSize(ClassLoader loader, String resource) throws IOException {
        var url = loader.getResource(resource);
        var conn = url.openConnection();
        conn.setUseCaches(false);
        return conn.getContentLengthLong();
    }

    public Path executable() {
        return executable;
    }

    /** Starts ffmpeg with these arguments (the executable and -hide_banner are prepended). */
    public Process start(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("-hide_banner");
        cmd.add("-nostats");
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable + ": " + e.getMessage(), e);
        }
    }

    /** Runs ffmpeg to completion; returns stdout and stderr, or throws with the tail of stderr. */
    public Result run(List<String> args) {
        return run(args, null, null);
    }

    /** Writes ffmpeg's standard input (an input named pipe:0). */
    public interface Feed {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /** Reads ffmpeg's standard output (an output named pipe:1) as it comes, instead of keeping it all. */
    public interface Sink {
        void readFrom(InputStream stdout) throws IOException;
    }

    /**
     * As {@link #run(List)}, with standard input written by {@code stdin} on a thread of its own and
     * standard output read by {@code stdout}; either may be null (no input; stdout kept in the result).
     * ffmpeg may stop reading its input before the end (an input longer than a shortest=1 filter
     * needs): the feed then fails on the closed pipe, which is not an error, since ffmpeg's exit code
     * says whether the run was right. Whatever the sink leaves unread is drained, so ffmpeg never
     * blocks on a full pipe; the result's stdout is then empty.
     */
    public Result run(List<String> args, Feed stdin, Sink stdout) {
        Process p = start(args);
        try {
            Thread feeder = null;
            if (stdin == null) {
                p.getOutputStream().close();
            } else {
                feeder = new Thread(() -> {
                    try (OutputStream in = p.getOutputStream()) {
                        stdin.writeTo(in);
                    } catch (IOException closedByFfmpeg) {
                        // See above: the exit code decides.
                    }
                }, "ffmpeg-stdin");
                feeder.setDaemon(true);
                feeder.start();
            }
            var err = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread drain = new Thread(() -> {
                try {
                    err.complete(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    err.completeExceptionally(e);
                }
            }, "ffmpeg-stderr");
            drain.setDaemon(true);
            drain.start();
            byte[] out;
            if (stdout == null) {
                out = p.getInputStream().readAllBytes();
            } else {
                stdout.readFrom(p.getInputStream());
                p.getInputStream().transferTo(OutputStream.nullOutputStream());
                out = new byte[0];
            }
            int code = p.waitFor();
            if (feeder != null) {
                feeder.join();
            }
            String stderr = new String(err.join(), StandardCharsets.UTF_8);
            if (code != 0) {
                throw new FfmpegException(code, args, stderr);
            }
            return new Result(out, stderr);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ffmpeg", e);
        }
    }

    /** The first line of `ffmpeg -version`. */
    public String version() {
        String out = new String(run(List.of("-version")).stdout(), StandardCharsets.UTF_8);
        return out.lines().findFirst().orElse("unknown").trim();
    }

    /** Kills every ffmpeg this JVM started and waits (briefly) until they are gone. */
    public static void destroyAll() {
        List<Process> live = List.copyOf(LIVE);
        live.forEach(Process::destroyForcibly);
        for (Process p : live) {
            try {
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public record Result(byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    public static final class FfmpegException extends RuntimeException {
        public FfmpegException(int code, List<String> args, String stderr) {
            super("ffmpeg exited " + code + " (" + String.join(" ", args.subList(0, Math.min(args.size(), 12)))
                    + (args.size() > 12 ? " ..." : "") + "): " + tail(stderr));
        }

        private static String tail(String stderr) {
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
    }
}
