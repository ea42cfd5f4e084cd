package contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The contract between the state machine (stack/template.yaml), the handler and the harness: the field
 * names of REFERENCE.md, in one place both sides compile against. Java components are camelCase; the
 * wire names are UpperCamelCase ("PlanS3Uri"), which is what @JsonNaming maps them to.
 */
public final class Events {
    private Events() {}

    public static final String ACTION_PLAN = "plan";
    public static final String ACTION_RENDER_CHUNK = "renderChunk";
    public static final String ACTION_ASSEMBLE = "assemble";

    /** What StartExecution receives. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ExecutionInput(String projectS3Uri, String planOutputS3Prefix, String outputS3Uri,
                                 RenderConfig config) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record PlanEvent(String action, String projectS3Uri, String planOutputS3Prefix, RenderConfig config) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record PlanResult(String planS3Uri, String planHash, int chunkCount, int totalFrames, int fps,
                             int width, int height, String format, boolean hasAudio,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String audioS3Uri, long durationMs) {}

    /** One Map item: what the ItemSelector builds for each chunk index. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ChunkEvent(String action, int chunkIndex, String planS3Uri, String planHash,
                             String chunkOutputS3Prefix, String format) {}

    /**
     * {@code frameHashesS3Uri} names the chunk's {@link FrameHashes} JSON, written next to the chunk as
     * {@code chunks/NNNN.frames.json}. Optional: a stack that does not hash its raw frames omits it. The
     * harness reads it from the task's own output in the execution history, so the template's
     * ResultSelector does not name it (a selector path that matches nothing fails the state, which
     * would make the field mandatory).
     */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ChunkResult(String chunkS3Uri, int chunkIndex, String sha256, int framesEncoded, long durationMs,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String frameHashesS3Uri) {
        /** Wire names of the result fields a stack may leave out. */
        public static final java.util.Set<String> OPTIONAL_FIELDS = java.util.Set.of("FrameHashesS3Uri");
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record AssembleEvent(String action, String planS3Uri, String planHash, List<ChunkResult> chunks,
                                String outputS3Uri) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record AssembleResult(String outputS3Uri, int framesEncoded, long fileSize, long durationMs) {}
}
