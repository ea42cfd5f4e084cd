package contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The raw-frame hashes a renderer records for the frames it drew, before any encoding: one lower-case
 * hex SHA-256 per frame, over the frame's pixels exactly as drawn. A chunk writes one of these for its
 * frame range as {@code <ChunkOutputS3Prefix>/chunks/NNNN.frames.json} and names it in its result
 * ({@code FrameHashesS3Uri}); the baseline stores the same hashes for every frame of the fixture.
 * Equal hashes mean the same pixels were handed to the encoder, so a drawing difference is found
 * exactly and by frame, whatever the encoder does afterwards.
 *
 * <p>{@code firstFrame} is the composition frame of the first hash; {@code frames} are consecutive.
 * The algorithm names what was hashed; two records are comparable only when it is the same.
 */
@JsonPropertyOrder({"algorithm", "width", "height", "firstFrame", "frames"})
public record FrameHashes(String algorithm, int width, int height, int firstFrame, List<String> frames) {
    /**
     * SHA-256 of the raster of a Java TYPE_3BYTE_BGR image: width x height pixels, rows top to bottom,
     * no padding, each pixel the bytes B, G, R (what the encoder reads as ffmpeg's bgr24).
     */
    public static final String SHA256_BGR24 = "sha256-bgr24";

    public FrameHashes {
        frames = List.copyOf(frames);
    }

    /** The composition frame after the last one hashed. */
    public int endFrame() {
        return firstFrame + frames.size();
    }

    public static FrameHashes fromJson(byte[] bytes) {
        try {
            return json.Json.MAPPER.readValue(bytes, FrameHashes.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a frame-hash record: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        try {
            return json.Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
