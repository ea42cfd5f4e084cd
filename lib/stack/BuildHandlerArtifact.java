package stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds the Lambda artifact: `jbang export fatjar` of stack/RenderHandler.java, through the repo's
 * own ./jbang bootstrap so that the artifact compiles the same lib sources the in-process render uses.
 * Lambda accepts a jar as its zip package; what it limits is the unzipped size.
 */
public final class BuildHandlerArtifact {
    /** Lambda's quota for a function's deployment package, unzipped (250 MB). */
    public static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L;
    public static final String HANDLER_SOURCE = "stack/RenderHandler.java";
    public static final Path DEFAULT_OUTPUT = Path.of("build", "renderproof-handler.jar");

    private BuildHandlerArtifact() {}

    public record Artifact(Path jar, long zippedBytes, long unzippedBytes, String sha256) {
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

    /** Exports the fat jar to output (relative paths resolve against repoRoot) and checks its size. */
    public static Artifact build(Path repoRoot, Path output, long unzippedLimitBytes, Consumer<String> log) {
        Path jar = repoRoot.resolve(output).toAbsolutePath().normalize();
        try {
            Files.createDirectories(jar.getParent());
            List<String> cmd = List.of(repoRoot.resolve("jbang").toString(), "export", "fatjar", "--force",
                    "-O", jar.toString(), HANDLER_SOURCE);
            log.accept("building " + jar + " from " + HANDLER_SOURCE);
            Process p = new ProcessBuilder(cmd).directory(repoRoot.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0 || !Files.isRegularFile(jar)) {
                List<String> lines = out.lines().toList();
                throw new BuildFailedException("jbang export fatjar exited " + code + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the handler artifact: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException("interrupted while building the handler artifact");
        }
        Artifact artifact = measure(jar);
        log.accept(artifact.summary());
        if (artifact.unzippedBytes() > unzippedLimitBytes) {
            throw new TooLargeException(artifact, unzippedLimitBytes);
        }
        return artifact;
    }

    /** Sizes as Lambda counts them: the file, and the sum of its entries' uncompressed sizes. */
    public static Artifact measure(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long unzipped = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                unzipped += Math.max(0, e.getSize());
            }
            return new Artifact(jar, Files.size(jar), unzipped, sha256(jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
