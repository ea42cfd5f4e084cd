package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import assets.MediaAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fixtures/make-assets.java reproduces the committed media-assets files byte for byte, so the
 * media-assets baseline stays valid for anyone who regenerates them.
 */
class MediaAssetsTest {
    private static final Path COMMITTED = Path.of("fixtures/media-assets/src");

    @TempDir
    Path tmp;

    @Test
    void regeneratedAssetsAreTheCommittedBytes() throws Exception {
        MediaAssets.write(tmp);
        for (String name : MediaAssets.FILES) {
            byte[] made = Files.readAllBytes(tmp.resolve(name));
            byte[] committed = Files.readAllBytes(COMMITTED.resolve(name));
            assertArrayEquals(committed, made, name + ": made " + made.length + " bytes, committed " + committed.length);
        }
    }
}
