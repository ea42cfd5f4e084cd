package render;

import contract.ErrorName;
import contract.RenderFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import media.Ffmpeg;

/** The ffmpeg process that turns raw bgr24 frames on its stdin (plus, optionally, the WAV) into an MP4. */
final class VideoEncoder implements AutoCloseable {
    private final Process process;
    private final Thread stderrDrain;
    private final StringBuilder stderr = new StringBuilder();
    private final Path out;

    private VideoEncoder(Ffmpeg ffmpeg, List<String> args, Path out) {
        this.out = out;
        this.process = ffmpeg.start(args);
        this.stderrDrain = new Thread(this::drainStderr, "encoder-stderr");
        stderrDrain.setDaemon(true);
        stderrDrain.start();
    }

    /** Video from stdin with the renderer's settings (EncoderSettings.videoEncoder). */
    static VideoEncoder start(Composition c, Path wavOrNull, Path out, boolean faststart) {
        return start(c, wavOrNull, out, faststart, EncoderSettings.videoEncoder(c.fps()));
    }

    /**
     * Video from stdin, encoded with {@code videoEncoderArgs} (EncoderSettings.videoEncoder unless a test
     * fault changes them); with {@code wavOrNull}, that audio muxed as the plan would
     * (EncoderSettings.audioEncoder).
     */
    static VideoEncoder start(Composition c, Path wavOrNull, Path out, boolean faststart, List<String> videoEncoderArgs) {
        return start(Ffmpeg.bundled(), c, wavOrNull, out, faststart, videoEncoderArgs);
    }

    /** The same encode by another build of the bundled ffmpeg (the arm64 one is checked against x86-64's so). */
    static VideoEncoder start(Ffmpeg ffmpeg, Composition c, Path wavOrNull, Path out, boolean faststart,
                              List<String> videoEncoderArgs) {
        List<String> args = new ArrayList<>(List.of("-loglevel", "error"));
        args.addAll(EncoderSettings.rawVideoInput(c.width(), c.height(), c.fps()));
        if (wavOrNull != null) {
            args.addAll(List.of("-i", wavOrNull.toString()));
        }
        args.addAll(List.of("-map", "0:v:0"));
        args.addAll(videoEncoderArgs);
        if (wavOrNull != null) {
            args.addAll(List.of("-map", "1:a:0"));
            args.addAll(EncoderSettings.audioEncoder(c.totalSamples()));
        }
        args.addAll(EncoderSettings.mp4Output(out, faststart));
        return new VideoEncoder(ffmpeg, args, out);
    }

    OutputStream frames() {
        return process.getOutputStream();
    }

    /** Closes stdin and waits for the MP4 to be complete. */
    void finish() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // a dead encoder is reported from its exit code below
        }
        try {
            int code = process.waitFor();
            stderrDrain.join();
            if (code != 0) {
                throw new RenderFailure(ErrorName.RENDER_FAILED, "encoding " + out.getFileName() + " failed, ffmpeg exited " + code + stderrTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderFailure(ErrorName.RENDER_FAILED, "interrupted while encoding " + out.getFileName(), e);
        }
    }

    String stderrTail() {
        synchronized (stderr) {
            String s = stderr.toString().strip().replaceAll("\\s*\\n\\s*", " | ");
            return s.isEmpty() ? "" : ": " + s;
        }
    }

    private void drainStderr() {
        try (InputStream in = process.getErrorStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > 4000) {
                        stderr.delete(0, stderr.length() - 2000);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is all there is
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
