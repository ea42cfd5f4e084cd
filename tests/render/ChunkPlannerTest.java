package render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import contract.ErrorName;
import contract.RenderConfig;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
    private static Composition comp(int frames) {
        return new Composition(Path.of("p/composition.json"), 640, 360, 30, frames, 0, List.of(), List.of());
    }

    private static Plan plan(int frames, Integer chunkSize, Integer maxParallel) {
        return ChunkPlanner.plan(comp(frames), new RenderConfig(null, null, null, "mp4", chunkSize, maxParallel));
    }

    @Test
    void sixtyFramesAskedForEightChunksRendersSixOfTen() {
        Plan p = plan(60, null, 8);
        assertEquals(10, p.chunkSize());
        assertEquals(6, p.chunks().size());
        assertEquals(new FrameRange(50, 60), p.chunks().get(5));
    }

    @Test
    void maxParallelChunksSizing() {
        // size = max(10, ceil(total/N)), count = min(N, ceil(total/size))
        int[][] cases = {{90, 4, 23, 4}, {90, 2, 45, 2}, {100, 3, 34, 3}, {5, 4, 10, 1}, {61, 8, 10, 7}, {1000, 8, 125, 8}, {30, 1, 30, 1}};
        for (int[] c : cases) {
            Plan p = plan(c[0], null, c[1]);
            assertEquals(c[2], p.chunkSize(), "size for " + c[0] + "/" + c[1]);
            assertEquals(c[3], p.chunks().size(), "count for " + c[0] + "/" + c[1]);
            assertEquals(Math.min(c[1], (c[0] + c[2] - 1) / c[2]), p.chunks().size());
        }
    }

    @Test
    void explicitChunkSizeWinsAndCoversEveryFrameOnce() {
        Plan p = plan(61, 20, 2);
        assertEquals(20, p.chunkSize());
        assertEquals(List.of(new FrameRange(0, 20), new FrameRange(20, 40), new FrameRange(40, 60), new FrameRange(60, 61)), p.chunks());
        assertEquals(1, plan(7, 60, null).chunks().size());
    }

    @Test
    void configMustAgreeWithTheComposition() {
        var e = assertThrows(RenderFailure.class, () -> ChunkPlanner.plan(comp(60), new RenderConfig(25, null, null, "mp4", 10, null)));
        assertEquals(ErrorName.INVALID_EVENT, e.name());
        assertTrue(e.getMessage().contains("fps"), e.getMessage());
        e = assertThrows(RenderFailure.class, () -> ChunkPlanner.plan(comp(60), new RenderConfig(30, 640, 720, "mp4", 10, null)));
        assertTrue(e.getMessage().contains("height"), e.getMessage());
        e = assertThrows(RenderFailure.class, () -> ChunkPlanner.plan(comp(60), new RenderConfig(30, 1280, 360, "mp4", 10, null)));
        assertTrue(e.getMessage().contains("width"), e.getMessage());
        e = assertThrows(RenderFailure.class, () -> ChunkPlanner.plan(comp(60), new RenderConfig(null, null, null, "webm", 10, null)));
        assertEquals(ErrorName.FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED, e.name());
        e = assertThrows(RenderFailure.class, () -> plan(60, 0, null));
        assertEquals(ErrorName.INVALID_EVENT, e.name());
        e = assertThrows(RenderFailure.class, () -> plan(60, null, null));
        assertEquals(ErrorName.INVALID_EVENT, e.name());
        assertEquals(2, ChunkPlanner.plan(comp(60), new RenderConfig(30, 640, 360, "mp4", 30, null)).chunks().size());
    }

    @Test
    void aNonPositiveParallelismIsAnInvalidEventNotADivisionByZero() {
        for (int n : new int[] {0, -1}) {
            var e = assertThrows(RenderFailure.class, () -> plan(60, null, n), "maxParallelChunks " + n);
            assertEquals(ErrorName.INVALID_EVENT, e.name());
            assertTrue(e.getMessage().startsWith("Config.maxParallelChunks: must be > 0"), e.getMessage());
        }
        assertEquals(60, plan(60, null, 1).chunkSize());
    }

    @Test
    void thePlanSaysWhetherThereIsAudioToMix() {
        assertEquals(false, plan(60, 30, null).hasAudio());
        Composition withTone = new Composition(Path.of("p/composition.json"), 640, 360, 30, 60, 0, List.of(),
                List.of(new Composition.Tone(440, 0, 60, 0.5, 0, 0)));
        assertEquals(true, ChunkPlanner.plan(withTone, new RenderConfig(null, null, null, "mp4", 30, null)).hasAudio());
    }

    @Test
    void moreChunksThanTheMapCanTakeIsPlanTooLarge() {
        assertEquals(1000, plan(10_000, 10, null).chunks().size());
        var e = assertThrows(RenderFailure.class, () -> plan(10_001, 10, null));
        assertEquals(ErrorName.PLAN_TOO_LARGE, e.name());
        assertTrue(e.getMessage().contains("1001 chunks") && e.getMessage().contains("1000"), e.getMessage());
        assertEquals(1000, plan(20_000, null, 1000).chunks().size());
    }

    @Test
    void planRoundTripsThroughJson() throws Exception {
        Plan p = plan(60, null, 8);
        String text = json.Json.MAPPER.writeValueAsString(p);
        assertEquals(p, json.Json.MAPPER.readValue(text, Plan.class));
    }
}
