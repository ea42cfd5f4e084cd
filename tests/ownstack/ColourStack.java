package ownstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * The second, independent contract-following stack (tests/ownstack/colour-stack/): its template, its
 * one fixture, and its handler compiled by the test into a small jar. The jar holds only the handler's
 * own classes; its dependencies (AWS SDK S3, Jackson, aws-lambda-java-core) are named in its manifest's
 * Class-Path, relative to the jar, pointing at the Maven jars this test run already resolved. A class
 * loader honours Class-Path as it would a fat jar's contents, so --embedded loads it like any artifact.
 */
public final class ColourStack {
    public static final Path DIR = Path.of("tests", "ownstack", "colour-stack").toAbsolutePath();
    public static final Path TEMPLATE = DIR.resolve("template.yaml");
    public static final Path FIXTURES = DIR.resolve("fixtures");
    public static final String FIXTURE = "stripes";
    private static final Path SOURCE = DIR.resolve("ColourHandler.java.txt");
    private static Path jar;

    private ColourStack() {}

    /**
     * The handler jar, built once per test run under build/ (ignored by git, replaced by the next run),
     * so that runs leave no temp directories behind.
     */
    public static synchronized Path jar() {
        if (jar == null) {
            try {
                Path dir = Path.of("build", "colour-stack").toAbsolutePath();
                deleteTree(dir);
                Files.createDirectories(dir);
                jar = build(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The arguments that point smoke or conformance at this stack on --embedded. */
    public static List<String> stackArguments(String variant) {
        return List.of("--template", TEMPLATE.toString(), "--artifact", jar().toString(),
                "--code-bucket-parameter", "ArtifactBucket", "--code-key-parameter", "ArtifactKey",
                "--parameter", "FfmpegPath=" + media.Ffmpeg.bundled().executable(),
                "--parameter", "Variant=" + variant);
    }

    private static Path build(Path dir) throws IOException {
        Path src = dir.resolve("src/ColourHandler.java");
        Files.createDirectories(src.getParent());
        Files.copy(SOURCE, src);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<Path> deps = dependencies();
        String classpath = String.join(File.pathSeparator, deps.stream().map(Path::toString).toList());
        var errors = new java.io.ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "--release", "17", "-encoding", "UTF-8",
                "-cp", classpath, "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("ColourHandler does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
        Path jarFile = dir.resolve("colour-stack.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<String> relative = new ArrayList<>();
        for (Path d : deps) {
            relative.add(dir.relativize(d).toString().replace(File.separatorChar, '/'));
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", relative));
        try (OutputStream out = Files.newOutputStream(jarFile); var jarOut = new JarOutputStream(out, manifest);
             var files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(c).toString().replace(File.separatorChar, '/')));
                Files.copy(c, jarOut);
                jarOut.closeEntry();
            }
        }
        return jarFile;
    }

    /** Maven group paths of what the handler uses: the AWS SDK, Jackson, the Lambda interfaces, and their needs. */
    private static final List<String> DEPENDENCY_GROUPS = List.of("/software/amazon/", "/com/fasterxml/jackson/",
            "/com/amazonaws/aws-lambda-java-core/", "/org/reactivestreams/", "/org/slf4j/slf4j-api/");

    /**
     * The handler's dependencies, from the Maven jars this test run resolved. Not the whole classpath:
     * the suite's own jar holds the harness, logback (s3proxy's) would log every SDK call at DEBUG, and
     * the handler names its HTTP client, so the SDK's other ones stay out.
     */
    private static List<Path> dependencies() {
        List<Path> deps = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (entry.endsWith(".jar") && DEPENDENCY_GROUPS.stream().anyMatch(unix::contains)
                    && !unix.contains("/apache-client/") && !unix.contains("/netty-nio-client/")) {
                deps.add(Path.of(entry).toAbsolutePath());
            }
        }
        return deps;
    }
}
