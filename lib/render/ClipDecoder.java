package render;

import contract.ErrorName;
import contract.RenderFailure;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import media.Ffmpeg;

/**
 * One video layer's source frames for one render: a long-lived ffmpeg decoding exactly
 * {@code count} frames from {@code firstSourceFrame} on, scaled to the layer's size, as bgr24. Frames
 * are selected by index (trim=start_frame counts decoded frames), never by timestamp, so a chunk
 * starting mid-clip sees the same frames a whole render does. A reader thread keeps one frame ready
 * while the current one is drawn; two buffers, whatever the clip's length.
 */
final class ClipDecoder implements AutoCloseable {
    private static final BufferedImage END = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);

    private final Process process;
    private final BlockingQueue<BufferedImage> free = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<BufferedImage> ready = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private final StringBuilder stderr = new StringBuilder();
    private volatile Exception failure;
    private BufferedImage current;
    private final String description;

    ClipDecoder(Composition.Video layer, int firstSourceFrame, int count) {
        description = layer.src().getFileName() + " frames " + firstSourceFrame + ".." + (firstSourceFrame + count - 1);
        for (int i = 0; i < 2; i++) {
            free.add(new BufferedImage(layer.width(), layer.height(), BufferedImage.TYPE_3BYTE_BGR));
        }
        List<String> args = new ArrayList<>(List.of("-loglevel", "error", "-threads", "1", "-i", layer.src().toString(),
                "-map", "0:v:0", "-an", "-sn",
                "-vf", "trim=start_frame=" + firstSourceFrame + ",setpts=PTS-STARTPTS,scale=" + layer.width() + ":" + layer.height()
                        + ":flags=" + EncoderSettings.SWS_FLAGS + ",format=bgr24",
                "-vsync", "passthrough", "-frames:v", String.valueOf(count), "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"));
        process = Ffmpeg.bundled().start(args);
        Thread err = new Thread(this::drainStderr, "clip-stderr");
        err.setDaemon(true);
        err.start();
        reader = new Thread(() -> read(count), "clip-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next source frame; call once per composition frame the layer is visible in, in order. */
    BufferedImage next() {
        try {
            if (current != null) {
                free.put(current);
            }
            current = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderFailure(ErrorName.RENDER_FAILED, "interrupted while decoding " + description, e);
        }
        if (current == END) {
            current = null;
            throw new RenderFailure(ErrorName.RENDER_FAILED, "decoding " + description + " ended early"
                    + (failure != null ? ": " + failure.getMessage() : "") + stderrTail());
        }
        return current;
    }

    private void read(int count) {
        try (InputStream in = process.getInputStream()) {
            for (int i = 0; i < count; i++) {
                BufferedImage img = free.take();
                byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                if (in.readNBytes(data, 0, data.length) != data.length) {
                    ready.put(END);
                    return;
                }
                ready.put(img);
            }
        } catch (IOException e) {
            failure = e;
            ready.offer(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainStderr() {
        try (InputStream in = process.getErrorStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                    if (stderr.length() > 4000) {
                        stderr.delete(0, stderr.length() - 2000);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is all there is
        }
    }

    private String stderrTail() {
        synchronized (stderr) {
            String s = stderr.toString().strip().replaceAll("\\s*\\n\\s*", " | ");
            return s.isEmpty() ? "" : " (ffmpeg: " + s + ")";
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
