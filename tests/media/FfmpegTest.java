package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegTest {
    @Test
    void bundledBuildIsTheStatic441WithTheFiltersWeNeed() {
        Ffmpeg ffmpeg = Ffmpeg.bundled();
        assertTrue(Files.isExecutable(ffmpeg.executable()));
        assertTrue(ffmpeg.version().contains("ffmpeg version " + Ffmpeg.BUNDLED_VERSION), ffmpeg.version());
        String filters = ffmpeg.run(List.of("-filters")).stdoutText();
        for (String f : List.of(" psnr ", " astats ", " amix ", " apad ")) {
            assertTrue(filters.contains(f), "missing filter" + f);
        }
        assertTrue(ffmpeg.run(List.of("-encoders")).stdoutText().contains("libx264"));
    }

    @Test
    void failingRunNamesTheExitCodeAndTheError() {
        var e = assertThrows(Ffmpeg.FfmpegException.class,
                () -> Ffmpeg.bundled().run(List.of("-i", "/nonexistent/input.mp4", "-f", "null", "-")));
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    }
}
