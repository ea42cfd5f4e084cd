package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineManifestTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndNamesTheFirstDifferingFrameAndThePcm() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("composition.json"), "{}");
        DecodedMedia reference = DecodedMedia.of(TestMedia.make(dir, "ref.mp4", 440, 0, null));
        BaselineManifest written = BaselineManifest.of("demo", "7", "./jbang baseline.java --fixture demo", src, reference);
        Path file = dir.resolve(BaselineManifest.FILE_NAME);
        written.write(file);
        BaselineManifest read = BaselineManifest.read(file);
        assertEquals(written, read);
        assertTrue(Files.readString(file).indexOf("\"fixture\"") < Files.readString(file).indexOf("\"frameHashes\""),
                "provenance comes first, the long hash list last");

        assertEquals(List.of(), read.differences(DecodedMedia.of(TestMedia.make(dir, "same.mp4", 440, 0, null))));

        DecodedMedia marked = DecodedMedia.of(TestMedia.make(dir, "marked.mp4", 660, 0,
                "drawbox=x=0:y=0:w=40:h=40:color=red:t=fill:enable='gte(n\\,7)'"));
        List<String> diffs = read.differences(marked);
        assertEquals("first differing frame 7", diffs.get(0));
        assertTrue(diffs.get(1).startsWith("decoded PCM differs"), diffs.toString());

        DecodedMedia silentShort = DecodedMedia.of(TestMedia.make(dir, "short.mp4", 0, 0, null, 20));
        List<String> d2 = read.differences(silentShort);
        assertTrue(d2.contains("frame count 20, baseline 30"), d2.toString());
        assertTrue(d2.contains("first differing frame 20"), d2.toString());
        assertTrue(d2.contains("no audio stream, baseline has one"), d2.toString());
    }

    @Test
    void sourceHashCoversNamesAndBytes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.json"), "1");
        String first = BaselineManifest.sourceSha256(src);
        assertEquals(first, BaselineManifest.sourceSha256(src));
        Files.writeString(src.resolve("a.json"), "2");
        String edited = BaselineManifest.sourceSha256(src);
        assertNotEquals(first, edited);
        Files.move(src.resolve("a.json"), src.resolve("b.json"));
        assertNotEquals(edited, BaselineManifest.sourceSha256(src));
    }
}
