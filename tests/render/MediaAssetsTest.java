package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import assets.MediaAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fixtures/make-assets.java reproduces the committed asset files byte for byte, in every fixture
 * that holds them (media-assets, mp4-h264-sdr), so their baselines stay valid for anyone who
 * regenerates them.
 */
class MediaAssetsTest {
    @TempDir
    Path tmp;

    @Test
    void regeneratedAssetsAreTheCommittedBytes() throws Exception {
        MediaAssets.write(tmp);
        for (String fixture : MediaAssets.FIXTURES) {
            for (String name : MediaAssets.FILES) {
                byte[] made = Files.readAllBytes(tmp.resolve(name));
                byte[] committed = Files.readAllBytes(Path.of("fixtures", fixture, "src", name));
                assertArrayEquals(committed, made, fixture + "/src/" + name + ": made " + made.length + " bytes, committed "
                        + committed.length);
            }
        }
    }
}
