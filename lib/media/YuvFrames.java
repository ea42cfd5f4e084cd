package media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's decoded pictures in yuv420p, byte for byte what the PSNR filter compares, kept in memory so
 * that the later gates of a run feed the baseline to ffmpeg as raw video instead of decoding it again.
 *
 * <p>The frames lie in blocks of at least {@value #BLOCK_BYTES} bytes: arrays that large go straight
 * to the old generation (G1's humongous objects), so no garbage collection copies hundreds of
 * megabytes of pictures around while the run goes on.
 */
public final class YuvFrames {
    /** The most bytes kept, whatever the heap: 900 frames at 1280x720 (1.2 GiB) are decoded again instead. */
    static final long MAX_BYTES = 1L << 30;
    static final int BLOCK_BYTES = 16 << 20;

    private final int width;
    private final int height;
    private final int frameBytes;
    private final int framesPerBlock;
    private final List<byte[]> blocks = new ArrayList<>();
    private int count;

    private YuvFrames(int width, int height) {
        this.width = width;
        this.height = height;
        this.frameBytes = Math.toIntExact(frameBytes(width, height));
        this.framesPerBlock = Math.max(1, (BLOCK_BYTES + frameBytes - 1) / frameBytes);
    }

    /** One yuv420p picture as rawvideo packs it: the luma plane, then two chroma planes of half size, rounded up. */
    static long frameBytes(int width, int height) {
        return (long) width * height + 2L * ((width + 1) / 2) * ((height + 1) / 2);
    }

    /** How many bytes a run may keep: {@link #MAX_BYTES}, and at most a quarter of the heap. */
    public static long limit() {
        return Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Whether {@code frames} pictures of this size stay within {@code limit} bytes. */
    static boolean fit(int width, int height, long frames, long limit) {
        return width > 0 && height > 0 && frames * frameBytes(width, height) <= limit;
    }

    /**
     * Reads raw yuv420p pictures until the end of the stream; null when there are more than
     * {@code limit} bytes of them (a container that understated its frame count), so the caller decodes
     * again rather than running out of memory. A partial last picture is not a picture and is dropped.
     */
    static YuvFrames read(InputStream in, int width, int height, long limit) throws IOException {
        YuvFrames f = new YuvFrames(width, height);
        while (true) {
            int slot = f.count % f.framesPerBlock;
            if (slot == 0) {
                f.blocks.add(new byte[f.framesPerBlock * f.frameBytes]);
            }
            if (in.readNBytes(f.blocks.get(f.blocks.size() - 1), slot * f.frameBytes, f.frameBytes) < f.frameBytes) {
                if (slot == 0) {
                    f.blocks.remove(f.blocks.size() - 1);
                }
                return f;
            }
            f.count++;
            if ((long) f.count * f.frameBytes > limit) {
                return null;
            }
        }
    }

    public int count() {
        return count;
    }

    /** ffmpeg's arguments for an input that reads these pictures from standard input. */
    List<String> inputArguments() {
        return List.of("-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", width + "x" + height, "-i", "pipe:0");
    }

    /** Every picture, in order, as {@link #inputArguments()} expects them. */
    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < count; i++) {
            out.write(blocks.get(i / framesPerBlock), (i % framesPerBlock) * frameBytes, frameBytes);
        }
    }
}
