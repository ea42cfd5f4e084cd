package render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.IntStream;
import media.DecodedHashes;
import media.Ffmpeg;
import media.FfmpegBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linux arm64 ffmpeg that an arm64 function bundles, run under qemu-aarch64-static on this
 * x86-64 machine, encodes a fixture's drawn frames (drawn in Java, the same on both) into the same
 * decoded frames as the x86-64 build, frame for frame, so an arm64 function's chunks can match an
 * x86-64 baseline exactly. Fixture many-cuts because it needs both of EncoderSettings' CPU-independence
 * settings: without cpu-independent=1 the builds differ from frame 0 (x264's x9 intra search), without
 * weightp=0 from frame 14 (weighted prediction at its full-frame colour cuts).
 */
class Arm64FfmpegTest {
    private static final String QEMU = "qemu-aarch64-static";

    @TempDir
    Path tmp;

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The renderer's drawing and encoding of the whole timeline (video only), with this ffmpeg build as the encoder. */
    private static int renderVideoWith(Ffmpeg ffmpeg, Path projectDir, Path out) throws Exception {
        Composition c = CompositionReader.read(projectDir);
        FrameRange range = new FrameRange(0, c.durationFrames());
        try (VideoEncoder encoder = VideoEncoder.start(ffmpeg, c, null, out, true, EncoderSettings.videoEncoder(c.fps()));
             FrameDrawer drawer = FrameDrawer.open(c, range);
             FramePipeline pipeline = new FramePipeline(c.width(), c.height(), encoder.frames())) {
            for (int f = range.start(); f < range.endExclusive(); f++) {
                java.awt.image.BufferedImage img = pipeline.acquire();
                drawer.draw(f, img);
                pipeline.submit(img);
            }
            pipeline.finish();
            encoder.finish();
        }
        return VideoProbe.probe(out).frames();
    }

    @Test
    void theArm64BuildEncodesAFixtureIntoTheSameDecodedFramesAsTheX8664Build() throws Exception {
        Optional<Path> qemu = onPath(QEMU);
        boolean x86Host = FfmpegBuild.forThisHost().orElse(null) == FfmpegBuild.LINUX_X86_64;
        if (qemu.isEmpty() || !x86Host) {
            System.out.println("SKIP: the arm64 ffmpeg is compared under emulation on a Linux x86-64 host with " + QEMU
                    + " (apt-get install qemu-user-static); here: " + (x86Host ? QEMU + " is not on PATH" : "not Linux x86-64"));
        }
        assumeTrue(qemu.isPresent(), QEMU + " is not on PATH (apt-get install qemu-user-static)");
        assumeTrue(x86Host, "the comparison runs on a Linux x86-64 host");

        Path armBinary = tmp.resolve(FfmpegBuild.LINUX_ARM64.fileName());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FfmpegBuild.LINUX_ARM64.resource())) {
            Files.copy(in, armBinary);
        }
        assertTrue(armBinary.toFile().setExecutable(true));
        // No binfmt_misc here, so the emulator is named explicitly; "$@" hands ffmpeg its arguments untouched.
        Path wrapper = tmp.resolve("ffmpeg-arm64-under-qemu");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + qemu.get() + "' '" + armBinary + "' \"$@\"\n", StandardCharsets.UTF_8);
        assertTrue(wrapper.toFile().setExecutable(true));
        Ffmpeg arm64 = Ffmpeg.at(wrapper);
        assertTrue(arm64.version().contains("ffmpeg version " + Ffmpeg.BUNDLED_VERSION), arm64.version());

        Path fixture = Path.of("fixtures/many-cuts/src");
        Path x86Out = tmp.resolve("x86_64.mp4");
        Path armOut = tmp.resolve("arm64.mp4");
        int x86Frames = renderVideoWith(Ffmpeg.bundled(), fixture, x86Out);
        int armFrames = renderVideoWith(arm64, fixture, armOut);

        DecodedHashes x86 = DecodedHashes.of(x86Out);
        DecodedHashes arm = DecodedHashes.of(armOut);
        assertEquals(CompositionReader.read(fixture).durationFrames(), x86.frames().size(), "frames decoded from the x86-64 render");
        int firstDiffering = x86.firstDifferingFrame(arm);
        long differing = IntStream.range(0, Math.min(x86.frames().size(), arm.frames().size()))
                .filter(i -> !x86.frames().get(i).equals(arm.frames().get(i))).count();
        System.out.printf("arm64 vs x86-64 build, fixture many-cuts: arm64 %d frames, x86-64 %d, %d decoded frames differ%s%n",
                armFrames, x86Frames, differing, firstDiffering < 0 ? "" : ", the first is frame " + firstDiffering);
        assertEquals(-1, firstDiffering, "the arm64 render's decoded frame " + firstDiffering + " differs from the x86-64 render's ("
                + differing + " of " + x86.frames().size() + " frames differ; arm64 decoded " + arm.frames().size() + ")");
    }
}
