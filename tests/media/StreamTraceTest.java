package media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trace_headers parser on stderr written here in ffmpeg 4.4.1's exact line formats (copied from a
 * real trace), so each case holds only the lines it is about.
 */
class StreamTraceTest {
    static final String INPUT = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 't.mp4':\n"
            + "  Duration: 00:00:00.10, start: 0.000000, bitrate: 193 kb/s\n"
            + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 64x36 [SAR 1:1 DAR 16:9], 120 kb/s,"
            + " 30 fps, 30 tbr, 15360 tbn, 60 tbc (default)\n";
    static final String OUTPUT = "Output #0, null, to 'pipe:':\n"
            + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 64x36, q=2-31, 30 fps, 30 tbr, 15360 tbn\n";
    static final int[] X264_UUID = {0xdc, 0x45, 0xe9, 0xbd, 0xe6, 0xd9, 0x48, 0xb7, 0x96, 0x2c, 0xd8, 0x20, 0xd9, 0x23, 0xee, 0xef};

    static String t(String line) {
        return "[trace_headers @ 0x2ff62300] " + line + "\n";
    }

    /** A syntax element's line; the parser reads only its name and value, so the bits shown are any. */
    static String field(int bit, String name, long value) {
        return t(String.format("%-11d %-52s %s = %d", bit, name, Long.toBinaryString(Math.abs(value) | 1), value));
    }

    static String packet(int bytes, boolean key, long pts, long dts, long duration) {
        return t("Packet: " + bytes + " bytes," + (key ? " key frame," : "") + " pts " + pts + ", dts " + dts + ", duration "
                + duration + ".");
    }

    /** A "User Data Unregistered" SEI with the given UUID and payload bytes. */
    static String sei(int[] uuid, byte[] payload) {
        StringBuilder b = new StringBuilder(t("Supplemental Enhancement Information"));
        b.append(field(8, "last_payload_type_byte", 5));
        b.append(t("User Data Unregistered"));
        for (int i = 0; i < uuid.length; i++) {
            b.append(field(40 + 8 * i, "uuid_iso_iec_11578[" + i + "]", uuid[i]));
        }
        for (int i = 0; i < payload.length; i++) {
            b.append(field(168 + 8 * i, "user_data_payload_byte[" + i + "]", payload[i] & 0xff));
        }
        return b.toString();
    }

    static String x264(String text) {
        return sei(X264_UUID, (text + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }

    static String sps(long profile, long level) {
        return t(StreamTrace.SPS) + field(8, "profile_idc", profile) + field(24, "level_idc", level);
    }

    @Test
    void theBannerGivesCodecPixelFormatAndTimeBase() {
        StreamTrace s = StreamTrace.parse(INPUT + OUTPUT);
        assertEquals("h264", s.codec());
        assertEquals("yuv420p", s.pixFmt());
        assertEquals("1/15360", s.timeBase());
        StreamTrace k = StreamTrace.parse(INPUT.replace("15360 tbn", "90k tbn").replace("yuv420p,", "yuv444p(pc, bt709),"));
        assertEquals("1/90000", k.timeBase());
        assertEquals("yuv444p", k.pixFmt());
        StreamTrace noTbn = StreamTrace.parse(INPUT.replace(", 15360 tbn", ""));
        assertEquals("h264", noTbn.codec());
        assertEquals("", noTbn.timeBase());
    }

    @Test
    void onlyTheInputsFirstVideoStreamIsRead() {
        String second = "  Stream #0:1(und): Video: mpeg4 (mp4v), yuv444p, 64x36, 25 tbr, 12800 tbn\n";
        StreamTrace s = StreamTrace.parse(INPUT + second + OUTPUT.replace("h264 (High)", "hevc"));
        assertEquals("h264", s.codec());
        assertEquals("1/15360", s.timeBase());
        StreamTrace outputOnly = StreamTrace.parse("Input #0, mov, from 'a.m4a':\n  Stream #0:0: Audio: aac (LC), 48000 Hz\n" + OUTPUT);
        assertEquals("", outputOnly.codec(), "the output section repeats streams; they are not the file's");
        assertEquals("", outputOnly.pixFmt());
        StreamTrace beforeInput = StreamTrace.parse(OUTPUT.substring(OUTPUT.indexOf('\n') + 1));
        assertEquals("", beforeInput.codec(), "a stream line before any Input section is not read");
    }

    @Test
    void packetsKeepTheirTimesKeyFlagSizeAndDecodeIndex() {
        String stderr = INPUT + packet(1482, true, 0, -1024, 512)
                + "frame=    1 fps=0.0 q=-1.0 size=N/A time=-00:00:00.06 bitrate=N/A speed=N/A    \r"
                + packet(12, false, 1024, -512, 512) + packet(13, false, 512, 0, 511);
        StreamTrace s = StreamTrace.parse(stderr);
        assertEquals(List.of(new StreamTrace.Packet(0, 0, -1024, 512, true, 1482),
                new StreamTrace.Packet(1, 1024, -512, 512, false, 12),
                new StreamTrace.Packet(2, 512, 0, 511, false, 13)), s.packets());
        assertArrayEquals(new int[] {0, 2, 1}, s.frameOfPacket());
        StreamTrace ties = StreamTrace.parse(packet(1, true, 5, 0, 1) + packet(1, false, 5, 1, 1) + packet(1, false, 4, 2, 1));
        assertArrayEquals(new int[] {1, 2, 0}, ties.frameOfPacket(), "equal pts keep decoding order");
    }

    @Test
    void parameterSetsAreReadFromTheExtradataAndInBandAtTheirPacket() {
        String stderr = INPUT + t("Extradata") + t("4 bytes left at end of AVCC header.") + sps(100, 10)
                + t(StreamTrace.PPS) + field(18, "pic_init_qp_minus26", -10)
                + packet(100, true, 0, 0, 1) + t("Slice Header") + field(8, "first_mb_in_slice", 0)
                + packet(100, false, 1, 1, 1) + sps(77, 41) + field(32, "seq_parameter_set_id", 0)
                + packet(100, false, 2, 2, 1);
        StreamTrace s = StreamTrace.parse(stderr);
        Map<String, Long> extra = new LinkedHashMap<>();
        extra.put("profile_idc", 100L);
        extra.put("level_idc", 10L);
        assertEquals(List.of(new StreamTrace.ParameterSet("SPS", -1, extra),
                new StreamTrace.ParameterSet("PPS", -1, Map.of("pic_init_qp_minus26", -10L)),
                new StreamTrace.ParameterSet("SPS", 1, Map.of("profile_idc", 77L, "level_idc", 41L, "seq_parameter_set_id", 0L))),
                s.parameterSets());
        assertEquals(extra, s.first("SPS"), "the extradata's SPS comes first");
        assertEquals(Map.of("pic_init_qp_minus26", -10L), s.first("PPS"));
        assertEquals(Map.of(), StreamTrace.parse(INPUT).first("SPS"));
    }

    @Test
    void aParameterSetAtTheEndOfTheTraceIsKeptAndAnEmptyOneIsNot() {
        StreamTrace s = StreamTrace.parse(packet(9, true, 0, 0, 1) + t(StreamTrace.SPS) + t(StreamTrace.PPS)
                + field(8, "pic_parameter_set_id", 0) + t("") + field(9, "seq_parameter_set_id", 0));
        assertEquals(List.of(new StreamTrace.ParameterSet("PPS", 0, Map.of("pic_parameter_set_id", 0L, "seq_parameter_set_id", 0L))),
                s.parameterSets(), "the SPS had no fields; a blank line does not end the PPS");
    }

    @Test
    void linesWithoutTheTracePrefixAreNotRead() {
        StreamTrace s = StreamTrace.parse("[h264 @ 0x1] Packet: 5 bytes, pts 0, dts 0, duration 1.\n"
                + "Sequence Parameter Set\n" + "8           profile_idc                 01100100 = 100\n");
        assertEquals(List.of(), s.packets());
        assertEquals(List.of(), s.parameterSets());
    }

    @Test
    void x264SettingsAreTheTextAfterItsUuidUpToTheNul() {
        String stderr = x264("x264 - core 164 - H.264/MPEG-4 AVC codec - options: crf=16.0") + packet(50, true, 0, 0, 1)
                + x264("caf\u00e9") + packet(50, false, 1, 1, 1)
                + sei(X264_UUID, "no terminator".getBytes(StandardCharsets.ISO_8859_1));
        StreamTrace s = StreamTrace.parse(stderr);
        assertEquals(List.of(new StreamTrace.EncoderSettingsSei(-1, "x264 - core 164 - H.264/MPEG-4 AVC codec - options: crf=16.0"),
                new StreamTrace.EncoderSettingsSei(0, "caf\u00e9"), new StreamTrace.EncoderSettingsSei(1, "no terminator")),
                s.encoderSettings());
        assertEquals(List.of(), s.parameterSets(), "an SEI is no parameter set");
    }

    @Test
    void userDataThatIsNotX264sIsIgnored() {
        int[] other = X264_UUID.clone();
        other[15] = 0;
        int[] otherFirst = X264_UUID.clone();
        otherFirst[0] = 0;
        String stderr = sei(other, "x264 lookalike".getBytes(StandardCharsets.ISO_8859_1))
                + sei(otherFirst, "x264 lookalike".getBytes(StandardCharsets.ISO_8859_1))
                + sei(X264_UUID, new byte[0]) + sei(X264_UUID, new byte[] {0});
        assertEquals(List.of(new StreamTrace.EncoderSettingsSei(-1, "")), StreamTrace.parse(stderr).encoderSettings(),
                "only the last: a bare UUID carries no settings, one NUL byte carries empty ones");
    }

    @Test
    void optionsSplitTheSettingsStringIntoTheCoreAndEachOption() {
        Map<String, String> o = StreamTrace.options("x264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - Copyleft 2003-2022"
                + " - http://www.videolan.org/x264.html - options: cabac=1 deblock=1:0:0  crf=16.0 nokey ");
        assertEquals(List.of("core", "cabac", "deblock", "crf", "nokey"), List.copyOf(o.keySet()));
        assertEquals("164 r3095 baee400", o.get("core"));
        assertEquals("1:0:0", o.get("deblock"));
        assertEquals("16.0", o.get("crf"));
        assertEquals("", o.get("nokey"));
        assertEquals(Map.of("core", "other encoder"), StreamTrace.options("other encoder"));
        assertEquals(Map.of("core", "1 - H.264/MPEG-4"), StreamTrace.options("x264 - core 1 - H.264/MPEG-4"),
                "only the whole ' - H.264/MPEG-4 AVC codec' tail is cut");
        assertTrue(StreamTrace.options("x264 - core 1 - options: a=b").containsKey("a"));
        Map<String, String> bare = StreamTrace.options(" - options: =5 a=");
        assertEquals("", bare.get("core"), "nothing before the options");
        assertEquals("5", bare.get(""), "an option with no name");
        assertEquals("", bare.get("a"));
    }
}
