package render;

import contract.ErrorName;
import contract.RenderConfig;
import contract.RenderFailure;
import java.util.ArrayList;
import java.util.List;

/** Checks a render config against the composition and splits the timeline into chunks (REFERENCE.md). */
final class ChunkPlanner {
    /** Below this, a chunk's process start-up outweighs its frames. */
    static final int MIN_CHUNK_FRAMES = 10;
    /** The state machine builds its Map items with States.ArrayRange, which returns at most 1000 items. */
    static final int MAX_CHUNKS = 1000;

    private ChunkPlanner() {}

    static Plan plan(Composition c, RenderConfig cfg) {
        if (cfg == null) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Config: missing");
        }
        String format = cfg.format() == null ? RenderConfig.FORMAT_MP4 : cfg.format();
        if (!format.equals(RenderConfig.FORMAT_MP4)) {
            throw new RenderFailure(ErrorName.FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED,
                    "Config.format: \"" + format + "\" is not supported in a distributed render (only \"mp4\")");
        }
        agree("fps", cfg.fps(), c.fps(), c);
        agree("width", cfg.width(), c.width(), c);
        agree("height", cfg.height(), c.height(), c);
        int size = chunkSize(c.durationFrames(), cfg.chunkSize(), cfg.maxParallelChunks());
        int count = ceilDiv(c.durationFrames(), size);
        if (count > MAX_CHUNKS) {
            throw new RenderFailure(ErrorName.PLAN_TOO_LARGE, count + " chunks of " + size + " frames exceed the "
                    + MAX_CHUNKS + " the state machine can map (States.ArrayRange's limit); use a larger Config.chunkSize");
        }
        List<FrameRange> chunks = new ArrayList<>();
        for (int start = 0; start < c.durationFrames(); start += size) {
            chunks.add(new FrameRange(start, Math.min(c.durationFrames(), start + size)));
        }
        return new Plan(c.durationFrames(), c.fps(), c.width(), c.height(), format, size, chunks, !c.audio().isEmpty());
    }

    /**
     * An explicit chunkSize wins; else size = max(10, ceil(total/N)), which yields
     * min(N, ceil(total/size)) chunks (60 frames asked for 8 gives 6 chunks of 10).
     */
    static int chunkSize(int totalFrames, Integer chunkSize, Integer maxParallelChunks) {
        if (chunkSize != null) {
            if (chunkSize <= 0) {
                throw new RenderFailure(ErrorName.INVALID_EVENT, "Config.chunkSize: must be > 0 (got " + chunkSize + ")");
            }
            return chunkSize;
        }
        if (maxParallelChunks == null) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Config: needs chunkSize or maxParallelChunks");
        }
        if (maxParallelChunks <= 0) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Config.maxParallelChunks: must be > 0 (got " + maxParallelChunks + ")");
        }
        return Math.max(MIN_CHUNK_FRAMES, ceilDiv(totalFrames, maxParallelChunks));
    }

    private static void agree(String field, Integer asked, int actual, Composition c) {
        if (asked != null && asked != actual) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Config." + field + ": " + asked + " does not match "
                    + c.file() + " (" + field + " " + actual + ")");
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
