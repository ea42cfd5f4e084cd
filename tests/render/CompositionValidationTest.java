package render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import contract.ErrorName;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositionValidationTest {
    @TempDir
    static Path tmp;
    private static int projects;

    @BeforeAll
    static void clip() {
        RenderFixtures.encodeClip(tmp.resolve("clip.mp4"), 64, 36, 30, 10);
    }

    private static String canvas(String extra) {
        return "{\"width\": 64, \"height\": 36, \"fps\": 30, \"durationFrames\": 10, \"background\": \"#000000\"" + extra + "}";
    }

    private static String layers(String layer) {
        return canvas(", \"layers\": [ {\"type\": \"rect\", \"width\": 4, \"height\": 4}, " + layer + " ]");
    }

    /** Asserts the composition fails with one line naming composition.json and {@code field}. */
    private static void rejects(String json, String field, String problem) throws Exception {
        Path dir = RenderFixtures.project(tmp.resolve("p" + projects++), json);
        java.nio.file.Files.copy(tmp.resolve("clip.mp4"), dir.resolve("clip.mp4"));
        var e = assertThrows(CompositionException.class, () -> CompositionReader.read(dir));
        String m = e.getMessage();
        assertEquals(ErrorName.INVALID_COMPOSITION, e.name());
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(dir.resolve("composition.json") + ": " + field + ": "), m);
        assertTrue(m.contains(problem), m);
    }

    @Test
    void acceptsAValidComposition() throws Exception {
        Path dir = RenderFixtures.project(tmp.resolve("ok"), layers(
                "{\"type\": \"video\", \"src\": \"clip.mp4\", \"from\": 2, \"to\": 10, \"sourceStartFrame\": 2, \"width\": 32, \"height\": 18}"));
        java.nio.file.Files.copy(tmp.resolve("clip.mp4"), dir.resolve("clip.mp4"));
        Composition c = CompositionReader.read(dir);
        assertEquals(2, c.layers().size());
        assertEquals(10 * 48_000 / 30, c.totalSamples());
    }

    @Test
    void unknownLayerType() throws Exception {
        rejects(layers("{\"type\": \"circle\"}"), "layers[1].type", "unknown layer type \"circle\"");
    }

    @Test
    void missingAsset() throws Exception {
        rejects(layers("{\"type\": \"image\", \"src\": \"logo.png\", \"width\": 8, \"height\": 8}"), "layers[1].src", "missing asset logo.png");
        rejects(canvas(", \"audio\": [ {\"type\": \"wav\", \"src\": \"music.wav\"} ]"), "audio[0].src", "missing asset music.wav");
    }

    @Test
    void assetOutsideTheProject() throws Exception {
        rejects(layers("{\"type\": \"image\", \"src\": \"../logo.png\", \"width\": 8, \"height\": 8}"), "layers[1].src", "must not leave");
    }

    @Test
    void keyframesOutOfOrder() throws Exception {
        rejects(layers("{\"type\": \"ellipse\", \"width\": 4, \"height\": 4, \"transform\": {\"x\": ["
                + "{\"frame\": 5, \"value\": 1}, {\"frame\": 3, \"value\": 2}]}}"),
                "layers[1].transform.x", "keyframes out of order (frame 3 after 5)");
    }

    @Test
    void zeroDuration() throws Exception {
        rejects(canvas("").replace("\"durationFrames\": 10", "\"durationFrames\": 0"), "durationFrames", "must be > 0");
        rejects(layers("{\"type\": \"ellipse\", \"width\": 4, \"height\": 4, \"from\": 4, \"to\": 4}"), "layers[1].to", "zero duration");
        rejects(canvas(", \"audio\": [ {\"type\": \"tone\", \"frequency\": 440, \"durationFrames\": 0} ]"),
                "audio[0].durationFrames", "zero duration");
    }

    @Test
    void fpsZero() throws Exception {
        rejects(canvas("").replace("\"fps\": 30", "\"fps\": 0"), "fps", "positive integer");
    }

    @Test
    void oddWidthOrHeight() throws Exception {
        rejects(canvas("").replace("\"width\": 64", "\"width\": 65"), "width", "even");
        rejects(canvas("").replace("\"height\": 36", "\"height\": 37"), "height", "even");
    }

    @Test
    void videoClipStartingPastItsEnd() throws Exception {
        rejects(layers("{\"type\": \"video\", \"src\": \"clip.mp4\", \"sourceStartFrame\": 10, \"from\": 0, \"to\": 1, \"width\": 32, \"height\": 18}"),
                "layers[1].sourceStartFrame", "starts past the end of clip.mp4");
    }

    @Test
    void videoClipTooShortForItsSpan() throws Exception {
        rejects(layers("{\"type\": \"video\", \"src\": \"clip.mp4\", \"sourceStartFrame\": 3, \"from\": 0, \"to\": 8, \"width\": 32, \"height\": 18}"),
                "layers[1].sourceStartFrame", "too short for the span");
    }

    @Test
    void misspeltFieldIsNotIgnored() throws Exception {
        rejects(layers("{\"type\": \"ellipse\", \"width\": 4, \"height\": 4, \"transform\": {\"opactiy\": 0.5}}"),
                "layers[1].transform.opactiy", "unknown field");
    }
}
