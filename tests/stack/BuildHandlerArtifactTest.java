package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real export (about 20 s): sizes are printed, a limit below the artifact's size fails the build,
 * and the jar runs from an isolated class loader.
 */
class BuildHandlerArtifactTest {
    @TempDir
    Path out;

    @Test
    void exportsTheHandlerPrintsSizesAndRefusesAnArtifactOverTheLimit() throws Exception {
        Path root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
        List<String> log = new ArrayList<>();
        var tooLarge = assertThrows(BuildHandlerArtifact.TooLargeException.class,
                () -> BuildHandlerArtifact.build(root, out.resolve("h.jar"), 1_000_000L, log::add));
        BuildHandlerArtifact.Artifact a = tooLarge.artifact();
        log.forEach(System.out::println);
        assertTrue(log.stream().anyMatch(l -> l.contains("MB zipped") && l.contains("MB unzipped")), log.toString());
        assertTrue(tooLarge.getMessage().contains("over the 1.0 MB limit"), tooLarge.getMessage());
        assertTrue(a.unzippedBytes() > a.zippedBytes());
        assertTrue(a.unzippedBytes() < BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES,
                "the real artifact fits Lambda's limit: " + a.summary());
        assertEquals(a.zippedBytes(), Files.size(a.jar()));
        try (ZipFile zip = new ZipFile(a.jar().toFile())) {
            assertTrue(zip.getEntry("stack/RenderHandler.class") != null);
            assertTrue(zip.getEntry("PLAN_HASH_MISMATCH.class") != null, "error types in the unnamed package");
            assertTrue(zip.getEntry("ws/schild/jave/nativebin/ffmpeg-amd64") != null, "the bundled ffmpeg");
            assertTrue(zip.getEntry("org/gaul/s3proxy/S3Proxy.class") == null, "no harness-only dependencies");
        }
        assertEquals("INVALID_EVENT", errorTypeInIsolation(a.jar()));
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
