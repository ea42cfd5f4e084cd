package render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer must work where the JDK has no font support (the Lambda Java runtime has no fonts and
 * may lack libfreetype): text renders in a jlinked runtime from which libfontmanager was deleted.
 */
class NoJdkFontsTest {
    @TempDir
    static Path tmp;
    static Path java;

    @BeforeAll
    static void jlinkARuntimeWithoutFontSupport() throws Exception {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeTrue(Files.isExecutable(jlink), "no jlink in " + System.getProperty("java.home"));
        Path image = tmp.resolve("jre");
        Result r = run(List.of(jlink.toString(), "--add-modules",
                "java.base,java.desktop,java.xml,java.logging,java.sql,java.naming,java.management,jdk.unsupported",
                "--no-header-files", "--no-man-pages", "--strip-debug", "--output", image.toString()));
        assertEquals(0, r.code(), r.output());
        try (Stream<Path> libs = Files.walk(image.resolve("lib"))) {
            for (Path lib : libs.filter(p -> p.getFileName().toString().matches("lib(fontmanager|freetype).*\\.so")).toList()) {
                Files.delete(lib);
            }
        }
        java = image.resolve("bin").resolve("java");
    }

    @Test
    void thatRuntimeCannotDrawAwtText() throws Exception {
        Result r = probe("--awt-text");
        assertNotEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("fontmanager"), r.output());
    }

    @Test
    void textRendersThere() throws Exception {
        Path project = RenderFixtures.project(tmp.resolve("src"), """
                {"width": 96, "height": 48, "fps": 30, "durationFrames": 3, "background": "#000000",
                 "layers": [{"type": "text", "text": "Ag {frame}", "size": 24, "fill": {"color": "#ffffff"}}]}
                """);
        Path out = tmp.resolve("text.mp4");
        Result r = probe(project.toString(), out.toString());
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("rendered 3 frames"), r.output());
        byte[] rgb = RenderFixtures.decodeRgb(out);
        assertEquals(3 * 96 * 48 * 3, rgb.length);
        int bright = 0;
        for (byte b : rgb) {
            bright += (b & 0xff) > 200 ? 1 : 0;
        }
        assertTrue(bright > 300, "the glyphs should cover some pixels, got " + bright + " bright samples");
        assertFalse(r.output().contains("Exception"), r.output());
    }

    private static Result probe(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoJdkFontsProbe.class.getName()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
