package contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The execution input's Config object (REFERENCE.md). Either chunkSize or maxParallelChunks decides the
 * chunking; fps/width/height must agree with the composition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderConfig(Integer fps, Integer width, Integer height, String format,
                           Integer chunkSize, Integer maxParallelChunks) {
    public static final String FORMAT_MP4 = "mp4";

    public RenderConfig withChunking(Integer newChunkSize, Integer newMaxParallelChunks) {
        return new RenderConfig(fps, width, height, format, newChunkSize, newMaxParallelChunks);
    }
}
