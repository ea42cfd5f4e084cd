package media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The baseline's kept pictures: sizes as rawvideo packs them, the memory bound, and bytes out as they came in. */
class YuvFramesTest {
    @Test
    void aFrameIsLumaPlusTwoChromaPlanesRoundedUp() {
        assertEquals(640 * 360 * 3 / 2, YuvFrames.frameBytes(640, 360));
        assertEquals(3 * 3 + 2 * 2 * 2, YuvFrames.frameBytes(3, 3));
    }

    @Test
    void framesFitTheLimitInclusively() {
        long frame = YuvFrames.frameBytes(4, 2);
        assertTrue(YuvFrames.fit(4, 2, 10, 10 * frame));
        assertFalse(YuvFrames.fit(4, 2, 10, 10 * frame - 1));
        assertFalse(YuvFrames.fit(0, 2, 1, Long.MAX_VALUE), "no picture, nothing to keep");
        assertTrue(YuvFrames.limit() <= YuvFrames.MAX_BYTES && YuvFrames.limit() <= Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void whatIsReadIsWrittenBackAcrossBlocksWithoutAPartialFrame() throws IOException {
        // Frames over half a block: a block holds two, so three frames span two blocks.
        int width = 2560;
        int height = 2560;
        int frame = Math.toIntExact(YuvFrames.frameBytes(width, height));
        byte[] stream = new byte[3 * frame + frame / 2];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) (i * 31 + i / frame);
        }
        YuvFrames f = YuvFrames.read(new ByteArrayInputStream(stream), width, height, Long.MAX_VALUE);
        assertEquals(3, f.count());
        var out = new ByteArrayOutputStream();
        f.writeTo(out);
        assertArrayEquals(Arrays.copyOf(stream, 3 * frame), out.toByteArray());
    }

    @Test
    void moreFramesThanTheLimitAreNotKept() throws IOException {
        int frame = Math.toIntExact(YuvFrames.frameBytes(4, 2));
        assertNull(YuvFrames.read(new ByteArrayInputStream(new byte[3 * frame]), 4, 2, 2L * frame));
        assertEquals(3, YuvFrames.read(new ByteArrayInputStream(new byte[3 * frame]), 4, 2, 3L * frame).count());
        assertEquals(0, YuvFrames.read(new ByteArrayInputStream(new byte[0]), 4, 2, 3L * frame).count());
    }
}
