package render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Overlaps drawing with encoding: the caller draws into one of a few recycled frame buffers while a
 * writer thread feeds the previous ones to the encoder's stdin. Memory is the ring, whatever the
 * render's length, and nothing is allocated per frame. The writer also hashes every frame it hands
 * to the encoder (contract.FrameHashes.SHA256_BGR24), off the drawing thread.
 */
final class FramePipeline implements AutoCloseable {
    private static final int BUFFERS = 3;
    private static final BufferedImage END = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);

    private final BlockingQueue<BufferedImage> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<BufferedImage> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread writer;
    private final List<String> hashes = new ArrayList<>();
    private final MessageDigest sha256;
    private volatile IOException failure;
    private int written;

    FramePipeline(int width, int height, OutputStream sink) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR));
        }
        writer = new Thread(() -> write(sink), "frame-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** A buffer to draw the next frame into; blocks while the encoder is behind. */
    BufferedImage acquire() throws IOException, InterruptedException {
        BufferedImage img = free.take();
        if (failure != null) {
            throw failure;
        }
        return img;
    }

    void submit(BufferedImage img) throws InterruptedException {
        filled.put(img);
    }

    /** Gives back a buffer from {@link #acquire} without encoding it. */
    void discard(BufferedImage img) throws InterruptedException {
        free.put(img);
    }

    /** Waits until every submitted frame is written; returns how many were. */
    int finish() throws IOException, InterruptedException {
        filled.put(END);
        writer.join();
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    /** The hash of every frame written, in order; complete once {@link #finish} has returned. */
    List<String> hashes() {
        return List.copyOf(hashes);
    }

    private void write(OutputStream sink) {
        try {
            while (true) {
                BufferedImage img = filled.take();
                if (img == END) {
                    return;
                }
                if (failure == null) {
                    try {
                        byte[] pixels = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                        hashes.add(HexFormat.of().formatHex(sha256.digest(pixels)));
                        sink.write(pixels);
                        written++;
                    } catch (IOException e) {
                        // Keep recycling buffers so the drawing side wakes up and sees the failure.
                        failure = e;
                    }
                }
                free.put(img);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
