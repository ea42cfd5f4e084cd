package media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether every chunk of an output was encoded like the baseline: the container's codec, pixel format
 * and time base, every SPS and PPS in the output (the extradata and each in-band one, which sits at a
 * chunk's first frame) field by field against the baseline's, and every x264 settings string in the
 * output against the baseline's, option by option. Each chunk must carry its own settings string at its
 * first frame when the baseline has one, so a chunk made by another encoder cannot hide behind its
 * neighbour's.
 *
 * Nothing is excluded: every field compared here is decided by the encoder's settings, the picture size
 * and the frame rate, none by the content or the frame count, and the reference renderer encodes every
 * chunk with exactly the baseline's settings.
 */
public final class EncodedStreamCompare {
    /** One field that differs, in the chunk whose frames it governs (-1: the whole file). */
    public record Difference(int chunk, int frame, String field, String value, String baseline) {
        public String describe() {
            return (chunk < 0 ? "container" : "chunk " + chunk + " (frame " + frame + ")") + ": " + field + " "
                    + value + " != baseline " + baseline;
        }
    }

    /** Readable names for the SPS fields a person asks about; the rest keep their syntax-element names. */
    private static final Map<String, String> NAMES = names();

    private EncodedStreamCompare() {}

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("profile_idc", "profile");
        m.put("level_idc", "level");
        m.put("chroma_format_idc", "pixel format (chroma_format_idc)");
        m.put("bit_depth_luma_minus8", "pixel format (luma bit depth - 8)");
        m.put("bit_depth_chroma_minus8", "pixel format (chroma bit depth - 8)");
        m.put("matrix_coefficients", "colour matrix");
        m.put("video_full_range_flag", "colour range (full_range_flag)");
        m.put("colour_primaries", "colour primaries");
        m.put("transfer_characteristics", "colour transfer");
        m.put("aspect_ratio_info_present_flag", "SAR (present)");
        m.put("aspect_ratio_idc", "SAR (aspect_ratio_idc)");
        m.put("sar_width", "SAR width");
        m.put("sar_height", "SAR height");
        m.put("num_units_in_tick", "time base (VUI num_units_in_tick)");
        m.put("time_scale", "time base (VUI time_scale)");
        return m;
    }

    /**
     * @param chunkStarts first frame of every chunk, ascending (empty or [0] for a single encode)
     */
    public static List<Difference> compare(StreamTrace output, StreamTrace baseline, List<Integer> chunkStarts) {
        List<Difference> out = new ArrayList<>();
        field(out, -1, 0, "codec", output.codec(), baseline.codec());
        field(out, -1, 0, "pixel format", output.pixFmt(), baseline.pixFmt());
        field(out, -1, 0, "time base", output.timeBase(), baseline.timeBase());
        int[] frameOf = output.frameOfPacket();
        for (StreamTrace.ParameterSet set : output.parameterSets()) {
            int frame = set.packet() < 0 ? 0 : frameOf[set.packet()];
            Map<String, Long> base = baseline.first(set.kind());
            Set<String> keys = new TreeSet<>(base.keySet());
            keys.addAll(set.fields().keySet());
            for (String k : ordered(keys)) {
                Long a = set.fields().get(k);
                Long b = base.get(k);
                if (!Objects.equals(a, b)) {
                    out.add(new Difference(chunkOf(frame, chunkStarts), frame, set.kind() + " " + NAMES.getOrDefault(k, k),
                            String.valueOf(a), String.valueOf(b)));
                }
            }
        }
        String baseSettings = baseline.encoderSettings().isEmpty() ? null : baseline.encoderSettings().get(0).text();
        Map<Integer, String> settingsAtFrame = new LinkedHashMap<>();
        for (StreamTrace.EncoderSettingsSei sei : output.encoderSettings()) {
            settingsAtFrame.put(frameOf[sei.packet()], sei.text());
        }
        if (baseSettings != null) {
            List<Integer> starts = chunkStarts.isEmpty() ? List.of(0) : chunkStarts;
            for (int start : starts) {
                if (!settingsAtFrame.containsKey(start)) {
                    out.add(new Difference(chunkOf(start, starts), start, "x264 settings", "absent", "present"));
                }
            }
        }
        settingsAtFrame.forEach((frame, text) -> {
            int chunk = chunkOf(frame, chunkStarts);
            if (baseSettings == null) {
                out.add(new Difference(chunk, frame, "x264 settings", "present", "absent"));
                return;
            }
            Map<String, String> a = StreamTrace.options(text);
            Map<String, String> b = StreamTrace.options(baseSettings);
            Set<String> keys = new java.util.LinkedHashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (String k : keys) {
                if (!Objects.equals(a.get(k), b.get(k))) {
                    out.add(new Difference(chunk, frame, "x264 " + k, String.valueOf(a.get(k)), String.valueOf(b.get(k))));
                }
            }
        });
        // Per frame, the container first, then x264's own settings (what a person changed), then the
        // parameter sets that follow from them.
        out.sort(java.util.Comparator.comparingInt(Difference::frame).thenComparingInt(Difference::chunk)
                .thenComparingInt(d -> d.field().startsWith("x264") ? 0 : d.field().startsWith("SPS") ? 1 : d.field().startsWith("PPS") ? 2 : -1));
        return out;
    }

    /** The named fields first (in {@link #NAMES} order), then the rest alphabetically. */
    private static List<String> ordered(Set<String> keys) {
        List<String> out = new ArrayList<>();
        NAMES.keySet().stream().filter(keys::contains).forEach(out::add);
        keys.stream().filter(k -> !NAMES.containsKey(k)).forEach(out::add);
        return out;
    }

    private static void field(List<Difference> out, int chunk, int frame, String name, String a, String b) {
        if (!Objects.equals(a, b)) {
            out.add(new Difference(chunk, frame, name, a, b));
        }
    }

    /** Index of the chunk holding {@code frame}; 0 when no chunk boundaries are known. */
    public static int chunkOf(int frame, List<Integer> chunkStarts) {
        int chunk = 0;
        for (int i = 0; i < chunkStarts.size(); i++) {
            if (chunkStarts.get(i) <= frame) {
                chunk = i;
            }
        }
        return chunk;
    }
}
