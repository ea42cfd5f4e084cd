package render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Faults a distributed renderer really produces, injected on purpose so that tests can prove the gates
 * catch them through the real handler and real ffmpeg, without editing the renderer. Only the handler
 * applies them, and only when its environment names them (HandlerConfig.TEST_FAULT,
 * docs/faults.md); the in-process render and every baseline are never faulted.
 *
 * <p>A spec is one or more faults separated by ';', each {@code name} or {@code name:argument}, e.g.
 * {@code drop-frame:30} or {@code corrupt-block:40;no-frame-hashes}. Frames are composition frame
 * indexes, times are milliseconds from the start of the video.
 */
public final class TestFault {
    public enum Kind {
        DROP_FRAME(true), DUPLICATE_FRAME(true), CORRUPT_BLOCK(true), CHROMA_SHIFT(true), ENCODER_SETTINGS(false),
        SEAM_SHIFT(false), ANIMATION_RESTART(false), PTS_JITTER(true), SEAM_DRIFT(false), AUDIO_DELAY_1MS(false),
        AUDIO_CLICK(true), AUDIO_SHORT(true), NO_FRAME_HASHES(false);

        private final boolean takesArgument;

        Kind(boolean takesArgument) {
            this.takesArgument = takesArgument;
        }

        public String specName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final TestFault NONE = new TestFault(Map.of());

    /** The crf and preset a chunk uses under encoder-settings: close enough to pass a 40 dB PSNR floor. */
    static final int FAULT_CRF = EncoderSettings.CRF + 2;
    static final String FAULT_PRESET = "faster";
    /** The side of the square corrupt-block alters. */
    static final int BLOCK = 16;

    private final Map<Kind, Integer> faults;

    private TestFault(Map<Kind, Integer> faults) {
        this.faults = faults;
    }

    /** Parses a spec; null or blank is {@link #NONE}. Unknown names and bad arguments are errors. */
    public static TestFault parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<Kind, Integer> faults = new EnumMap<>(Kind.class);
        for (String part : spec.split(";")) {
            String item = part.strip();
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon);
            Kind kind = null;
            for (Kind k : Kind.values()) {
                if (k.specName().equals(name)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw new IllegalArgumentException("unknown test fault \"" + name + "\" in \"" + spec + "\"");
            }
            if (kind.takesArgument != (colon >= 0)) {
                throw new IllegalArgumentException("test fault " + name + (kind.takesArgument
                        ? " needs an argument (" + name + ":N)" : " takes no argument"));
            }
            int argument = 0;
            if (colon >= 0) {
                try {
                    argument = Integer.parseInt(item.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("test fault " + name + ": \"" + item.substring(colon + 1)
                            + "\" is not a whole number");
                }
                if (argument < 0) {
                    throw new IllegalArgumentException("test fault " + name + ": argument must be >= 0");
                }
            }
            faults.put(kind, argument);
        }
        return new TestFault(java.util.Collections.unmodifiableMap(faults));
    }

    public boolean isNone() {
        return faults.isEmpty();
    }

    public boolean has(Kind kind) {
        return faults.containsKey(kind);
    }

    private int arg(Kind kind) {
        return faults.get(kind);
    }

    /** Whether assembled and chunk outputs may hold another number of frames than the plan says. */
    boolean changesFrameCount() {
        return has(Kind.DROP_FRAME) || has(Kind.DUPLICATE_FRAME);
    }

    /** Whether a chunk should leave FrameHashesS3Uri out of its result, as a stack that cannot hash would. */
    public boolean withholdsFrameHashes() {
        return has(Kind.NO_FRAME_HASHES);
    }

    /**
     * The composition frame a chunk draws for output slot {@code frame}: one frame early in the chunk
     * after the first seam (seam-shift), or counted from 0 in every chunk (animation-restart).
     */
    int drawnFrame(int chunkIndex, FrameRange range, int frame) {
        if (has(Kind.ANIMATION_RESTART)) {
            return frame - range.start();
        }
        if (has(Kind.SEAM_SHIFT) && chunkIndex == 1) {
            return frame - 1;
        }
        return frame;
    }

    /** How many times the frame drawn for slot {@code frame} is handed to the encoder: 0, 1 or 2. */
    int copies(int frame) {
        if (has(Kind.DROP_FRAME) && arg(Kind.DROP_FRAME) == frame) {
            return 0;
        }
        if (has(Kind.DUPLICATE_FRAME) && arg(Kind.DUPLICATE_FRAME) == frame) {
            return 2;
        }
        return 1;
    }

    /**
     * Alters the drawn pixels of slot {@code frame} before they are hashed and encoded: corrupt-block
     * flips bit 5 of every channel in a 16x16 block at the centre (each value moves by 32); chroma-shift
     * adds (R+2, G-1, B+4) to every pixel, or subtracts it where adding would clip (pure white takes
     * neither), which leaves BT.709 luma unchanged (0.2126*2 - 0.7152 + 0.0722*4 = -0.001) and moves
     * Cb and Cr by one to two code values.
     */
    void alterDrawn(int frame, BufferedImage img) {
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int w = img.getWidth();
        if (has(Kind.CORRUPT_BLOCK) && arg(Kind.CORRUPT_BLOCK) == frame) {
            int x0 = w / 2 - BLOCK / 2;
            int y0 = img.getHeight() / 2 - BLOCK / 2;
            for (int y = y0; y < y0 + BLOCK; y++) {
                for (int i = (y * w + x0) * 3; i < (y * w + x0 + BLOCK) * 3; i++) {
                    px[i] ^= 0x20;
                }
            }
        }
        if (has(Kind.CHROMA_SHIFT) && arg(Kind.CHROMA_SHIFT) == frame) {
            for (int i = 0; i < px.length; i += 3) {
                int b = px[i] & 0xff;
                int g = px[i + 1] & 0xff;
                int r = px[i + 2] & 0xff;
                // Where the shift would clip, the opposite shift keeps luma just as well.
                int sign = b + 4 <= 255 && g >= 1 && r + 2 <= 255 ? 1 : b >= 4 && g <= 254 && r >= 2 ? -1 : 0;
                px[i] = (byte) (b + 4 * sign);
                px[i + 1] = (byte) (g - sign);
                px[i + 2] = (byte) (r + 2 * sign);
            }
        }
    }

    /**
     * The chunk's video encoder arguments: another crf and preset (encoder-settings), and for the
     * chunk holding the pts-jitter frame a track time base fine enough to stamp that frame half a frame
     * late (the frame before it lasts 1.5 frames, it lasts 0.5).
     */
    List<String> videoEncoder(int fps, FrameRange range) {
        List<String> args = new ArrayList<>(EncoderSettings.videoEncoder(fps));
        if (has(Kind.ENCODER_SETTINGS)) {
            args.set(args.indexOf("-crf") + 1, String.valueOf(FAULT_CRF));
            args.set(args.indexOf("-preset") + 1, FAULT_PRESET);
        }
        int jitter = has(Kind.PTS_JITTER) ? arg(Kind.PTS_JITTER) : -1;
        if (jitter >= range.start() && jitter < range.endExclusive()) {
            // The mp4 muxer's timescale for an fps of r is r doubled until it reaches 10000 (15360 at 30).
            int ticksPerFrame = 1;
            while ((long) fps * ticksPerFrame < 10000) {
                ticksPerFrame *= 2;
            }
            int vf = args.indexOf("-vf") + 1;
            args.set(vf, "settb=expr=1/" + fps * ticksPerFrame + ",setpts=PTS+eq(N\\," + (jitter - range.start()) + ")*"
                    + ticksPerFrame / 2 + "," + args.get(vf));
            args.addAll(List.of("-enc_time_base", "1/" + fps * ticksPerFrame, "-vsync", "passthrough"));
        }
        return args;
    }

    /**
     * Microseconds the concat list states for a chunk of exactly {@code exactMicros}: one millisecond
     * more under seam-drift, as if each chunk's length had been rounded up to the millisecond.
     */
    long concatDurationMicros(long exactMicros) {
        return has(Kind.SEAM_DRIFT) ? exactMicros + 1000 : exactMicros;
    }

    /**
     * The audio filters the audio encode (RenderOps.renderAudio) puts in front of the pad/trim to the
     * video's length: a 1 ms delay, one sample of both channels replaced by 0.95 of full scale, or
     * (audio-short) nothing here but a shorter target length, see {@link #audioSamples}.
     */
    String audioFilterPrefix() {
        List<String> filters = new ArrayList<>();
        if (has(Kind.AUDIO_DELAY_1MS)) {
            filters.add("adelay=delays=1|1");
        }
        if (has(Kind.AUDIO_CLICK)) {
            long sample = (long) arg(Kind.AUDIO_CLICK) * Composition.SAMPLE_RATE / 1000;
            String ch = "if(eq(n\\," + sample + ")\\,0.95\\,val(%d))";
            filters.add("aeval=exprs=" + String.format(ch, 0) + "|" + String.format(ch, 1) + ":channel_layout=stereo");
        }
        return filters.isEmpty() ? "" : String.join(",", filters) + ",";
    }

    /** The audio length the audio encode pads or trims to: the video's, or that minus the audio-short milliseconds. */
    long audioSamples(long videoSamples) {
        return has(Kind.AUDIO_SHORT) ? videoSamples - (long) arg(Kind.AUDIO_SHORT) * Composition.SAMPLE_RATE / 1000 : videoSamples;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        faults.forEach((k, v) -> parts.add(k.takesArgument ? k.specName() + ":" + v : k.specName()));
        return parts.isEmpty() ? "none" : String.join(";", parts);
    }
}
