package render;

import java.util.List;

/** What the plan step decides; serialized as JSON by the handler, whose bytes are hashed into PlanHash. */
public record Plan(int totalFrames, int fps, int width, int height, String format, int chunkSize,
                   List<FrameRange> chunks, boolean hasAudio) {
    public Plan {
        chunks = List.copyOf(chunks);
    }
}
