package media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The encoding comparison on traces written here as records (no ffmpeg): every kind of difference,
 * where each is placed (chunk and frame) and the order a person reads them in.
 */
class EncodedStreamFieldsTest {
    static final String SETTINGS = "x264 - core 164 - H.264/MPEG-4 AVC codec - options: cabac=1 crf=16.0";

    /** {@code n} packets in presentation order (pts = decode index). */
    static List<StreamTrace.Packet> packets(int n) {
        List<StreamTrace.Packet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new StreamTrace.Packet(i, i, i, 1, i == 0, 100));
        }
        return out;
    }

    static StreamTrace.ParameterSet sps(int packet, Map<String, Long> fields) {
        return new StreamTrace.ParameterSet("SPS", packet, fields);
    }

    static StreamTrace.ParameterSet pps(int packet, Map<String, Long> fields) {
        return new StreamTrace.ParameterSet("PPS", packet, fields);
    }

    static StreamTrace.EncoderSettingsSei sei(int packet, String text) {
        return new StreamTrace.EncoderSettingsSei(packet, text);
    }

    static final Map<String, Long> SPS_FIELDS = Map.of("profile_idc", 100L, "level_idc", 30L, "video_full_range_flag", 0L);
    static final Map<String, Long> PPS_FIELDS = Map.of("pic_init_qp_minus26", -10L);

    /** A baseline of {@code n} frames, encoded once: parameter sets in the extradata and one settings string. */
    static StreamTrace baseline(int n) {
        return new StreamTrace("h264", "yuv420p", "1/15360", packets(n), List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS)),
                List.of(sei(0, SETTINGS)));
    }

    /** Two chunks of 15 frames like the baseline: each with its own in-band parameter sets and settings at its first frame. */
    static StreamTrace twoChunks(List<StreamTrace.ParameterSet> extraSets, String secondSettings) {
        List<StreamTrace.ParameterSet> sets = new ArrayList<>(List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS),
                sps(15, SPS_FIELDS), pps(15, PPS_FIELDS)));
        sets.addAll(extraSets);
        List<StreamTrace.EncoderSettingsSei> seis = new ArrayList<>(List.of(sei(0, SETTINGS)));
        if (secondSettings != null) {
            seis.add(sei(15, secondSettings));
        }
        return new StreamTrace("h264", "yuv420p", "1/15360", packets(30), sets, seis);
    }

    static List<String> compare(StreamTrace output, StreamTrace baseline, List<Integer> starts) {
        return EncodedStreamCompare.compare(output, baseline, starts).stream().map(EncodedStreamCompare.Difference::describe).toList();
    }

    @Test
    void chunksEncodedLikeTheBaselineHaveNoDifference() {
        assertEquals(List.of(), compare(twoChunks(List.of(), SETTINGS), baseline(30), List.of(0, 15)));
        assertEquals(List.of(), compare(baseline(30), baseline(30), List.of()));
        assertEquals(List.of(), compare(baseline(30), baseline(30), List.of(0)));
    }

    @Test
    void theContainersCodecPixelFormatAndTimeBaseAreCompared() {
        StreamTrace out = new StreamTrace("hevc", "yuv444p", "1/90000", packets(30), List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS)),
                List.of(sei(0, SETTINGS)));
        List<EncodedStreamCompare.Difference> d = EncodedStreamCompare.compare(out, baseline(30), List.of());
        assertEquals(List.of(new EncodedStreamCompare.Difference(-1, 0, "codec", "hevc", "h264"),
                new EncodedStreamCompare.Difference(-1, 0, "pixel format", "yuv444p", "yuv420p"),
                new EncodedStreamCompare.Difference(-1, 0, "time base", "1/90000", "1/15360")), d);
        assertEquals("container: codec hevc != baseline h264", d.get(0).describe());
    }

    @Test
    void aParameterSetFieldIsNamedInTheChunkItGoverns() {
        Map<String, Long> level41 = Map.of("profile_idc", 100L, "level_idc", 41L, "video_full_range_flag", 1L, "zz_extra", 5L);
        StreamTrace out = new StreamTrace("h264", "yuv420p", "1/15360", packets(30),
                List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS), sps(15, level41), pps(15, Map.of("pic_init_qp_minus26", -9L))),
                List.of(sei(0, SETTINGS), sei(15, SETTINGS)));
        assertEquals(List.of("chunk 1 (frame 15): SPS level 41 != baseline 30",
                "chunk 1 (frame 15): SPS colour range (full_range_flag) 1 != baseline 0",
                "chunk 1 (frame 15): SPS zz_extra 5 != baseline null",
                "chunk 1 (frame 15): PPS pic_init_qp_minus26 -9 != baseline -10"), compare(out, baseline(30), List.of(0, 15)));
    }

    @Test
    void aFieldMissingFromTheOutputAndFieldsNotNamedAreListedAlphabeticallyAfterTheNamedOnes() {
        Map<String, Long> base = Map.of("profile_idc", 100L, "b_field", 1L, "a_field", 1L, "time_scale", 60L);
        Map<String, Long> out = Map.of("b_field", 2L, "a_field", 2L, "time_scale", 50L);
        StreamTrace o = new StreamTrace("h264", "yuv420p", "1/15360", packets(1), List.of(sps(-1, out)), List.of());
        StreamTrace b = new StreamTrace("h264", "yuv420p", "1/15360", packets(1), List.of(sps(-1, base)), List.of());
        assertEquals(List.of("chunk 0 (frame 0): SPS profile null != baseline 100",
                "chunk 0 (frame 0): SPS time base (VUI time_scale) 50 != baseline 60",
                "chunk 0 (frame 0): SPS a_field 2 != baseline 1", "chunk 0 (frame 0): SPS b_field 2 != baseline 1"),
                compare(o, b, List.of()));
    }

    @Test
    void anInBandParameterSetIsPlacedAtTheFrameItsPacketShows() {
        // Decode order 0 1 2 shows frames 0 2 1: the SPS carried by packet 1 governs frame 2, the second chunk.
        List<StreamTrace.Packet> reordered = List.of(new StreamTrace.Packet(0, 0, 0, 1, true, 1),
                new StreamTrace.Packet(1, 2, 1, 1, true, 1), new StreamTrace.Packet(2, 1, 2, 1, false, 1));
        StreamTrace out = new StreamTrace("h264", "yuv420p", "1/15360", reordered,
                List.of(sps(1, Map.of("profile_idc", 100L, "level_idc", 31L, "video_full_range_flag", 0L))), List.of());
        StreamTrace base = new StreamTrace("h264", "yuv420p", "1/15360", packets(3), List.of(sps(-1, SPS_FIELDS)), List.of());
        assertEquals(List.of(new EncodedStreamCompare.Difference(1, 2, "SPS level", "31", "30")),
                EncodedStreamCompare.compare(out, base, List.of(0, 2)));
        // The first packet in decoding order shows frame 1: its SPS is placed there, not at frame 0.
        List<StreamTrace.Packet> bFirst = List.of(new StreamTrace.Packet(0, 1, 0, 1, true, 1), new StreamTrace.Packet(1, 0, 1, 1, false, 1));
        StreamTrace first = new StreamTrace("h264", "yuv420p", "1/15360", bFirst,
                List.of(sps(0, Map.of("profile_idc", 100L, "level_idc", 31L, "video_full_range_flag", 0L))), List.of());
        assertEquals(List.of(new EncodedStreamCompare.Difference(1, 1, "SPS level", "31", "30")),
                EncodedStreamCompare.compare(first, base, List.of(0, 1)));
    }

    @Test
    void eachChunkMustCarryItsOwnSettingsStringWhenTheBaselineHasOne() {
        assertEquals(List.of("chunk 1 (frame 15): x264 settings absent != baseline present"),
                compare(twoChunks(List.of(), null), baseline(30), List.of(0, 15)));
        StreamTrace none = new StreamTrace("h264", "yuv420p", "1/15360", packets(30), List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS)),
                List.of());
        assertEquals(List.of("chunk 0 (frame 0): x264 settings absent != baseline present"), compare(none, baseline(30), List.of()),
                "no chunk starts: the file is one chunk from frame 0");
        StreamTrace noBaseSettings = new StreamTrace("h264", "yuv420p", "1/15360", packets(30),
                List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS)), List.of());
        assertEquals(List.of(), compare(none, noBaseSettings, List.of(0, 15)), "neither has settings strings");
        assertEquals(List.of("chunk 0 (frame 0): x264 settings present != baseline absent",
                "chunk 1 (frame 15): x264 settings present != baseline absent"),
                compare(twoChunks(List.of(), SETTINGS), noBaseSettings, List.of(0, 15)));
    }

    @Test
    void settingsAreComparedOptionByOptionIncludingOptionsOnOneSideOnly() {
        String other = "x264 - core 165 - H.264/MPEG-4 AVC codec - options: crf=18.0 bframes=3";
        assertEquals(List.of("chunk 1 (frame 15): x264 core 165 != baseline 164", "chunk 1 (frame 15): x264 cabac null != baseline 1",
                "chunk 1 (frame 15): x264 crf 18.0 != baseline 16.0", "chunk 1 (frame 15): x264 bframes 3 != baseline null"),
                compare(twoChunks(List.of(), other), baseline(30), List.of(0, 15)));
    }

    @Test
    void differencesAreInFrameOrderAndPerFrameSettingsBeforeSpsBeforePps() {
        // Inserted in the order PPS, SPS at frame 15 and SPS at frame 20; the settings difference at
        // frame 15 is found last.
        StreamTrace out = new StreamTrace("hevc", "yuv420p", "1/15360", packets(30),
                List.of(sps(-1, SPS_FIELDS), pps(-1, PPS_FIELDS), sps(20, Map.of("level_idc", 30L)), pps(15, Map.of()),
                        sps(15, Map.of("profile_idc", 100L, "level_idc", 30L))),
                List.of(sei(0, SETTINGS), sei(15, SETTINGS.replace("crf=16.0", "crf=17.0"))));
        assertEquals(List.of("container: codec hevc != baseline h264",
                "chunk 1 (frame 15): x264 crf 17.0 != baseline 16.0",
                "chunk 1 (frame 15): SPS colour range (full_range_flag) null != baseline 0",
                "chunk 1 (frame 15): PPS pic_init_qp_minus26 null != baseline -10",
                "chunk 1 (frame 20): SPS profile null != baseline 100",
                "chunk 1 (frame 20): SPS colour range (full_range_flag) null != baseline 0"),
                compare(out, baseline(30), List.of(0, 15)));
    }

    @Test
    void aFrameBelongsToTheLastChunkStartingAtOrBeforeIt() {
        List<Integer> starts = List.of(0, 15, 30);
        assertEquals(0, EncodedStreamCompare.chunkOf(14, starts));
        assertEquals(1, EncodedStreamCompare.chunkOf(15, starts));
        assertEquals(1, EncodedStreamCompare.chunkOf(29, starts));
        assertEquals(2, EncodedStreamCompare.chunkOf(30, starts));
        assertEquals(2, EncodedStreamCompare.chunkOf(99, starts));
        assertEquals(0, EncodedStreamCompare.chunkOf(7, List.of()));
    }
}
