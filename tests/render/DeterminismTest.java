package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import contract.RenderConfig;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    static Path tmp;
    static Path project;

    @BeforeAll
    static void setUp() throws Exception {
        project = RenderFixtures.smallProject(tmp.resolve("src"));
    }

    @Test
    void renderingTheSameChunkTwiceIsByteIdentical() throws Exception {
        Plan plan = RenderOps.plan(project, new RenderConfig(30, 160, 90, "mp4", 15, null));
        Path first = RenderOps.renderChunk(project, plan, 1, tmp.resolve("c1-first.mp4")).output();
        Path second = RenderOps.renderChunk(project, plan, 1, tmp.resolve("c1-second.mp4")).output();
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void renderingTheSameFixtureTwiceAtTheSameChunkCountGivesByteIdenticalOutputs() throws Exception {
        Path src = Path.of("fixtures", "mp4-h264-sdr", "src");
        RenderConfig config = new RenderConfig(30, 640, 360, "mp4", null, 4);
        byte[] first = Files.readAllBytes(renderChunked(src, config, tmp.resolve("first")));
        byte[] second = Files.readAllBytes(renderChunked(src, config, tmp.resolve("second")));
        assertArrayEquals(first, second, "two renders of mp4-h264-sdr at 4 chunks");
    }

    private static Path renderChunked(Path src, RenderConfig config, Path dir) throws Exception {
        Files.createDirectories(dir);
        Plan plan = RenderOps.plan(src, config);
        Path audio = RenderOps.renderAudio(src, plan, dir.resolve("audio.m4a")).output();
        List<Path> chunks = new ArrayList<>();
        for (int i = 0; i < plan.chunks().size(); i++) {
            chunks.add(RenderOps.renderChunk(src, plan, i, dir.resolve(i + ".mp4")).output());
        }
        return RenderOps.assemble(plan, chunks, audio, dir.resolve("out.mp4")).output();
    }

    @Test
    void aFrameDoesNotDependOnTheChunkItIsRenderedIn() {
        Composition c = CompositionReader.read(project);
        // Frames 20..29 inside a whole render, inside chunks that start mid-clip at 10, 17 and 20, and
        // alone; [20,21) bakes the backdrop (visible until 25) into its background, the others draw it.
        FrameRange[] splits = {new FrameRange(0, 40), new FrameRange(10, 30), new FrameRange(17, 33), new FrameRange(20, 21), new FrameRange(25, 26)};
        Map<Integer, byte[]> reference = new HashMap<>();
        for (FrameRange split : splits) {
            BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
            int compared = 0;
            try (FrameDrawer drawer = FrameDrawer.open(c, split)) {
                for (int f = split.start(); f < split.endExclusive(); f++) {
                    drawer.draw(f, img);
                    if (f < 20 || f >= 30) {
                        continue;
                    }
                    byte[] pixels = ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
                    byte[] expected = reference.putIfAbsent(f, pixels);
                    if (expected != null) {
                        assertArrayEquals(expected, pixels, "frame " + f + " differs when rendered in " + split);
                        compared++;
                    }
                }
            }
            if (split.start() != 0) {
                assertEquals(Math.min(split.endExclusive(), 30) - Math.max(split.start(), 20), compared);
            }
        }
    }
}
