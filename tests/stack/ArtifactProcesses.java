package stack;

import embedded.IsolatedHandlerInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * The other side of BuildHandlerArtifactTest's real-process cases, started as a separate JVM:
 *   read JAR STOPFILE   does what a --skip-build run does with the artifact (open it, read its entries,
 *                       load the handler class in isolation) until STOPFILE exists; prints "ready" after
 *                       the first read and "reads N" at the end; exits 1 at the first failure.
 *   build JAR           builds the artifact to JAR with the progress on stdout.
 */
public final class ArtifactProcesses {
    private ArtifactProcesses() {}

    public static void main(String... args) throws Exception {
        switch (args[0]) {
            case "read" -> read(Path.of(args[1]), Path.of(args[2]));
            case "build" -> build(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void build(Path jar) {
        try {
            BuildHandlerArtifact.build(BuildHandlerArtifact.findRepoRoot(Path.of("")), jar,
                    BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, System.out::println, true);
        } catch (BuildHandlerArtifact.BuildFailedException e) {
            System.out.println("build failed: " + e.getMessage().lines().findFirst().orElse(""));
            System.exit(1);
        }
    }

    private static void read(Path jar, Path stop) {
        long reads = 0;
        try {
            while (!Files.exists(stop)) {
                readOnce(jar);
                if (reads++ == 0) {
                    System.out.println("ready");
                }
            }
            System.out.println("reads " + reads);
        } catch (Exception | LinkageError e) {
            System.out.println("read " + reads + " failed: " + e);
            System.exit(1);
        }
    }

    private static void readOnce(Path jar) throws IOException, ClassNotFoundException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing");
        }
        try (ZipFile zip = new ZipFile(jar.toFile());
             InputStream inputs = zip.getInputStream(zip.getEntry(BuildHandlerArtifact.INPUTS_ENTRY))) {
            inputs.readAllBytes();
        }
        try (URLClassLoader loader = IsolatedHandlerInvoker.load(jar)) {
            Class.forName(IsolatedHandlerInvoker.HANDLER_CLASS, true, loader);
        }
    }
}
