package media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The first video stream's H.264 bitstream as ffmpeg's trace_headers bitstream filter reads it, without
 * decoding a picture: every packet's timestamps, every sequence and picture parameter set (the one in the
 * container's extradata and any in-band ones, which a concatenation of separately encoded chunks carries
 * at each chunk's first frame), and every x264 settings string (the "user data unregistered" SEI that
 * x264 writes at the start of each encode). Plus the container's codec name, pixel format and time base
 * from ffmpeg's input banner.
 *
 * A stream that is not H.264 has no trace: its parameter-set and SEI lists are empty.
 */
public record StreamTrace(String codec, String pixFmt, String timeBase, List<Packet> packets,
                          List<ParameterSet> parameterSets, List<EncoderSettingsSei> encoderSettings) {
    /** One packet in decoding order; pts, dts and duration in the stream's time base. */
    public record Packet(int decodeIndex, long pts, long dts, long duration, boolean key, int bytes) {}

    /** An SPS or PPS; {@code packet} is the decode index of the packet carrying it, -1 for extradata. */
    public record ParameterSet(String kind, int packet, Map<String, Long> fields) {}

    /** x264's settings string and the decode index of the packet that carries it. */
    public record EncoderSettingsSei(int packet, String text) {}

    public static final String SPS = "Sequence Parameter Set";
    public static final String PPS = "Picture Parameter Set";

    private static final Pattern PREFIX = Pattern.compile("^\\[trace_headers @ [^\\]]*\\] ?");
    private static final Pattern PACKET = Pattern.compile(
            "Packet: (\\d+) bytes,( key frame,)? pts (-?\\d+), dts (-?\\d+), duration (-?\\d+)");
    private static final Pattern FIELD = Pattern.compile("^\\d+\\s+(\\S+)\\s+[01]+ = (-?\\d+)$");
    private static final Pattern VIDEO = Pattern.compile("^\\s*Stream #0:\\d+.*?: Video: (\\w+)[^,]*, (\\w+)");
    private static final Pattern TBN = Pattern.compile("([\\d.]+)(k?) tbn");
    /** x264's SEI payload starts with this UUID (x264's encoder.c), then the NUL-terminated text. */
    private static final int[] X264_UUID = {0xdc, 0x45, 0xe9, 0xbd, 0xe6, 0xd9, 0x48, 0xb7,
            0x96, 0x2c, 0xd8, 0x20, 0xd9, 0x23, 0xee, 0xef};

    public static StreamTrace of(Path mp4) {
        String stderr = Ffmpeg.forAnalysis().run(List.of("-i", mp4.toString(), "-map", "0:v:0", "-c", "copy",
                "-bsf:v", "trace_headers", "-f", "null", "-")).stderr();
        return parse(stderr);
    }

    static StreamTrace parse(String stderr) {
        String codec = "";
        String pixFmt = "";
        String timeBase = "";
        List<Packet> packets = new ArrayList<>();
        List<ParameterSet> sets = new ArrayList<>();
        List<EncoderSettingsSei> seis = new ArrayList<>();
        boolean inInput = false;
        String section = null;
        Map<String, Long> fields = null;
        List<Integer> payload = null;
        for (String raw : stderr.split("\\R")) {
            if (raw.startsWith("Input #")) {
                inInput = true;
            } else if (raw.startsWith("Output #")) {
                inInput = false;
            }
            Matcher v = VIDEO.matcher(raw);
            if (inInput && codec.isEmpty() && v.find()) {
                codec = v.group(1);
                pixFmt = v.group(2);
                Matcher tbn = TBN.matcher(raw);
                if (tbn.find()) {
                    timeBase = "1/" + tbn.group(1) + (tbn.group(2).isEmpty() ? "" : "000");
                }
            }
            Matcher prefix = PREFIX.matcher(raw);
            if (!prefix.find()) {
                continue;
            }
            String line = raw.substring(prefix.end()).trim();
            Matcher p = PACKET.matcher(line);
            Matcher f = FIELD.matcher(line);
            if (p.find()) {
                flush(section, fields, payload, packets.size() - 1, sets, seis);
                section = null;
                packets.add(new Packet(packets.size(), Long.parseLong(p.group(3)), Long.parseLong(p.group(4)),
                        Long.parseLong(p.group(5)), p.group(2) != null, Integer.parseInt(p.group(1))));
            } else if (f.find()) {
                if (fields != null) {
                    fields.put(f.group(1), Long.parseLong(f.group(2)));
                }
                if (payload != null && f.group(1).startsWith("user_data_payload_byte[")) {
                    payload.add(Integer.parseInt(f.group(2)));
                } else if (payload != null && f.group(1).startsWith("uuid_iso_iec_11578[")) {
                    payload.add(Integer.parseInt(f.group(2)));
                }
            } else if (!line.isEmpty() && !Character.isDigit(line.charAt(0))) {
                flush(section, fields, payload, packets.size() - 1, sets, seis);
                section = line;
                fields = line.equals(SPS) || line.equals(PPS) ? new LinkedHashMap<>() : null;
                payload = line.equals("User Data Unregistered") ? new ArrayList<>() : null;
            }
        }
        flush(section, fields, payload, packets.size() - 1, sets, seis);
        return new StreamTrace(codec, pixFmt, timeBase, List.copyOf(packets), List.copyOf(sets), List.copyOf(seis));
    }

    private static void flush(String section, Map<String, Long> fields, List<Integer> payload, int packet,
                              List<ParameterSet> sets, List<EncoderSettingsSei> seis) {
        if (section == null) {
            return;
        }
        if (fields != null && !fields.isEmpty()) {
            sets.add(new ParameterSet(section.equals(SPS) ? "SPS" : "PPS", packet, Map.copyOf(fields)));
        }
        if (payload != null && payload.size() > X264_UUID.length && isX264(payload)) {
            byte[] text = new byte[payload.size() - X264_UUID.length];
            int n = 0;
            for (int i = X264_UUID.length; i < payload.size() && payload.get(i) != 0; i++) {
                text[n++] = (byte) (int) payload.get(i);
            }
            seis.add(new EncoderSettingsSei(packet, new String(text, 0, n, StandardCharsets.ISO_8859_1)));
        }
    }

    private static boolean isX264(List<Integer> payload) {
        return IntStream.range(0, X264_UUID.length).allMatch(i -> payload.get(i) == X264_UUID[i]);
    }

    /** Frame index (presentation order) of each packet, by decode index. */
    public int[] frameOfPacket() {
        List<Packet> byPts = packets.stream().sorted(Comparator.comparingLong(Packet::pts)
                .thenComparingInt(Packet::decodeIndex)).toList();
        int[] frame = new int[packets.size()];
        for (int i = 0; i < byPts.size(); i++) {
            frame[byPts.get(i).decodeIndex()] = i;
        }
        return frame;
    }

    /** The SPS and PPS in the container's extradata, else the first ones in the stream. */
    public Map<String, Long> first(String kind) {
        return parameterSets.stream().filter(s -> s.kind().equals(kind)).findFirst().map(ParameterSet::fields).orElse(Map.of());
    }

    /**
     * x264's options ("cabac=1 ref=1 ... crf=16.0 ...") as name to value, in order; the version
     * banner before "options:" becomes the entry "core".
     */
    public static Map<String, String> options(String settings) {
        Map<String, String> out = new LinkedHashMap<>();
        int at = settings.indexOf(" - options: ");
        String head = at < 0 ? settings : settings.substring(0, at);
        out.put("core", head.replaceFirst("^x264 - core ", "").replaceFirst(" - H\\.264/MPEG-4 AVC codec.*$", ""));
        if (at >= 0) {
            for (String kv : settings.substring(at + " - options: ".length()).trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return out;
    }
}
