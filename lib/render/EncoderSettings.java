package render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every ffmpeg setting that decides output bytes, in one place, so renderAll, renderChunk and
 * assemble cannot drift apart. Pinned for reproducibility between machines and reruns:
 * single-threaded x264 (its output otherwise depends on the core count), CPU-independent x264 (see
 * {@link #X264_PARAMS}), bit-exact swscale and muxers (no version strings or timestamps), no metadata.
 */
final class EncoderSettings {
    static final String PRESET = "veryfast";
    static final int CRF = 16;
    static final String AUDIO_BITRATE = "192k";
    /** swscale flags for every conversion we ask for: accurate_rnd + bitexact keep CPU-specific SIMD paths out. */
    static final String SWS_FLAGS = "bicubic+accurate_rnd+bitexact";
    /**
     * x264 picks algorithms by CPU: its x9 intra searches and the float maths of weighted-prediction
     * analysis give different streams on x86-64 (with or without AVX-512) and arm64, so an arm64
     * function's chunks would not match an x86-64 baseline frame for frame. cpu-independent=1 turns
     * off the former; weightp=0 the latter, which cpu-independent leaves alone (fixture many-cuts
     * still differed from frame 14 with it). Costs 0.1 to 1.7 % more bytes on the fixtures.
     */
    static final String X264_PARAMS = "threads=1:lookahead-threads=1:sliced-threads=0:cpu-independent=1:weightp=0";

    private EncoderSettings() {}

    /** The raw frames Java writes: TYPE_3BYTE_BGR's backing array is bgr24, so no conversion in Java. */
    static List<String> rawVideoInput(int width, int height, int fps) {
        return List.of("-f", "rawvideo", "-pix_fmt", "bgr24", "-s", width + "x" + height, "-framerate", String.valueOf(fps),
                "-i", "pipe:0");
    }

    /**
     * libx264 with no B-frames (no edit lists or reordering delay at concat joins), closed GOPs and
     * no scene-cut keyframes, so each chunk is an independent run starting with an IDR frame.
     */
    static List<String> videoEncoder(int fps) {
        int keyint = Math.max(1, 2 * fps);
        return List.of(
                "-vf", "scale=out_color_matrix=bt709:out_range=tv:flags=" + SWS_FLAGS + ",format=yuv420p",
                "-c:v", "libx264", "-preset", PRESET, "-crf", String.valueOf(CRF), "-profile:v", "high",
                "-threads", "1", "-x264-params", X264_PARAMS,
                "-bf", "0", "-g", String.valueOf(keyint), "-keyint_min", String.valueOf(keyint), "-sc_threshold", "0",
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
                "-flags:v", "+bitexact");
    }

    /**
     * The plan's WAV to AAC, padded or trimmed to exactly {@code samples} (the video's duration at
     * 48 kHz). Identical in renderAll and assemble, so both decode to the same PCM.
     */
    static List<String> audioEncoder(long samples) {
        return audioEncoder("", samples);
    }

    /** As {@link #audioEncoder(long)} with filters in front of the pad and trim (TestFault's audio faults). */
    static List<String> audioEncoder(String filterPrefix, long samples) {
        return List.of("-af", filterPrefix + "apad=whole_len=" + samples + ",atrim=end_sample=" + samples,
                "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", "48000", "-ac", "2", "-flags:a", "+bitexact");
    }

    static List<String> mp4Output(Path out, boolean faststart) {
        List<String> args = new ArrayList<>(List.of("-map_metadata", "-1", "-fflags", "+bitexact"));
        if (faststart) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        args.addAll(List.of("-f", "mp4", "-y", out.toString()));
        return args;
    }
}
