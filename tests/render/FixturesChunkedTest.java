package render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import contract.RenderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import media.BaselineManifest;
import media.DecodedMedia;
import media.Psnr;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed fixture: its in-process render reproduces the committed baseline exactly (decoded
 * frames and PCM, what `baseline.java --check` checks), and the chunked path (plan, every chunk,
 * assemble) at 1, 2, 3, 4 and 8 chunks matches the in-process render: same frame count, no frame lost
 * or repeated, every frame at or above the fixture's minPsnr (the gate's YUV PSNR), identical PCM.
 */
class FixturesChunkedTest {
    private static final int[] CHUNK_COUNTS = {1, 2, 3, 4, 8};

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mp4-h264-sdr", "many-cuts", "typography", "media-assets", "silent"})
    void fixtureMatchesItsBaselineAndEveryChunkingMatchesRenderAll(String fixture) throws Exception {
        Path src = Path.of("fixtures", fixture, "src");
        JsonNode meta = Json.MAPPER.readTree(Path.of("fixtures", fixture, "meta.json").toFile());
        double minPsnr = meta.path("thresholds").path("minPsnr").asDouble(40);
        RenderConfig config = Json.MAPPER.treeToValue(meta.path("renderConfig"), RenderConfig.class);

        RenderResult whole = RenderOps.renderAll(src, tmp.resolve("all.mp4"));
        BaselineManifest baseline = BaselineManifest.read(Path.of("baselines", fixture, BaselineManifest.FILE_NAME));
        assertEquals(List.of(), baseline.differences(DecodedMedia.of(whole.output())), fixture + " no longer renders its baseline");

        byte[] wholeRgb = RenderFixtures.decodeRgb(whole.output());
        byte[] wholePcm = whole.hasAudio() ? RenderFixtures.decodePcm(whole.output()) : null;
        int frameBytes = config.width() * config.height() * 3;
        for (int n : CHUNK_COUNTS) {
            Path dir = Files.createDirectories(tmp.resolve("n" + n));
            Path wav = dir.resolve("audio.wav");
            Plan plan = RenderOps.plan(src, config.withChunking(null, n), wav);
            List<Path> chunks = new ArrayList<>();
            for (int i = 0; i < plan.chunks().size(); i++) {
                chunks.add(RenderOps.renderChunk(src, plan, i, dir.resolve(String.format("%04d.mp4", i))).output());
            }
            Path out = RenderOps.assemble(plan, chunks, plan.hasAudio() ? wav : null, dir.resolve("out.mp4")).output();
            String label = fixture + " at " + n + " chunks (" + plan.chunks().size() + " rendered)";

            Psnr psnr = Psnr.compare(out, whole.output());
            assertEquals(whole.frames(), psnr.candidateFrames(), label + ": frame count");
            assertEquals(0, psnr.framesBelow(minPsnr), label + ": " + psnr.summary(minPsnr));

            byte[] rgb = RenderFixtures.decodeRgb(out);
            assertEquals(wholeRgb.length, rgb.length, label);
            for (int f = 0; f < whole.frames(); f++) {
                double own = RenderFixtures.psnr(rgb, f, wholeRgb, f, frameBytes);
                for (int m : new int[] {f - 1, f + 1}) {
                    // Where the picture changes between neighbours, a lost or repeated frame would
                    // resemble the neighbour more than its own index.
                    if (m >= 0 && m < whole.frames() && RenderFixtures.psnr(wholeRgb, f, wholeRgb, m, frameBytes) < 35) {
                        double neighbour = RenderFixtures.psnr(rgb, f, wholeRgb, m, frameBytes);
                        assertTrue(neighbour < own, label + ": frame " + f + " looks like frame " + m);
                    }
                }
            }
            if (wholePcm == null) {
                assertTrue(!plan.hasAudio(), label + ": audio appeared");
            } else {
                assertArrayEquals(wholePcm, RenderFixtures.decodePcm(out), label + ": decoded PCM");
            }
        }
    }
}
