package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample table parser on MP4s built here byte by byte: both versions of every versioned box
 * (mvhd, tkhd, mdhd, elst), 32-bit, 64-bit and to-the-end box sizes, edit lists with empty and
 * non-empty edits, composition offsets, and each malformed file it must refuse with a message. Only
 * the boxes the parser reads are written; their other fields are zero.
 */
class Mp4BoxesTest {
    @TempDir
    Path dir;

    // ---- box builder ----

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ints(long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] type(String t) {
        return t.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A box with a 32-bit size. */
    static byte[] box(String type, byte[]... body) {
        byte[] b = cat(body);
        return cat(ints(8 + b.length), type(type), b);
    }

    /** A box with size 1 and a 64-bit size after the type. */
    static byte[] box64(String type, byte[]... body) {
        byte[] b = cat(body);
        return cat(ints(1), type(type), longs(16 + b.length), b);
    }

    /** A box with size 0: it runs to the end of its parent. */
    static byte[] boxToEnd(String type, byte[]... body) {
        return cat(ints(0), type(type), cat(body));
    }

    static byte[] mvhd(int version, long timescale) {
        return version == 1 ? box("mvhd", ints(0x01000000), longs(0, 0), ints(timescale), longs(0))
                : box("mvhd", ints(0, 0, 0, timescale, 0));
    }

    static byte[] tkhd(int version, int trackId) {
        return version == 1 ? box("tkhd", ints(0x01000000), longs(0, 0), ints(trackId))
                : box("tkhd", ints(0, 0, 0, trackId));
    }

    static byte[] mdhd(int version, long timescale, long duration) {
        return version == 1 ? box("mdhd", ints(0x01000000), longs(0, 0), ints(timescale), longs(duration))
                : box("mdhd", ints(0, 0, 0, timescale, duration));
    }

    static byte[] hdlr(String handler) {
        return box("hdlr", ints(0, 0), type(handler), ints(0, 0, 0));
    }

    /** An edit: segment duration (movie timescale), media time (-1 = empty), rate as 16.16 fixed point. */
    record E(long duration, long mediaTime, int rate) {
        static E of(long duration, long mediaTime) {
            return new E(duration, mediaTime, 0x00010000);
        }
    }

    static byte[] elst(int version, E... edits) {
        List<byte[]> parts = new ArrayList<>(List.of(ints(version << 24, edits.length)));
        for (E e : edits) {
            parts.add(version == 1 ? longs(e.duration(), e.mediaTime()) : ints(e.duration(), e.mediaTime()));
            parts.add(ints(e.rate()));
        }
        return box("edts", box("elst", parts.toArray(byte[][]::new)));
    }

    /** stts or ctts from (count, value) pairs. */
    static byte[] table(String type, long... countValue) {
        return box(type, ints(0, countValue.length / 2), ints(countValue));
    }

    /** A size table listing {@code count} samples of 100 bytes each. */
    static byte[] stsz(int count) {
        long[] sizes = new long[count];
        Arrays.fill(sizes, 100);
        return box("stsz", ints(0, 0, count), ints(sizes));
    }

    static byte[] stbl(byte[]... boxes) {
        return box("minf", box("stbl", boxes));
    }

    static byte[] trak(byte[] tkhd, byte[] edts, byte[] mdhd, String handler, byte[] minf) {
        return box("trak", tkhd, edts, box("mdia", mdhd, hdlr(handler), minf));
    }

    /** A plain version-0 video track of {@code count} samples of {@code delta} ticks, no edit list. */
    static byte[] videoTrak(int trackId, int count, int delta) {
        return trak(tkhd(0, trackId), new byte[0], mdhd(0, 15360, (long) count * delta), Mp4SampleTable.VIDEO,
                stbl(table("stts", count, delta), stsz(count)));
    }

    Path write(byte[]... boxes) throws Exception {
        return Files.write(Files.createTempFile(dir, "built", ".mp4"), cat(boxes));
    }

    static byte[] ftyp() {
        return box("ftyp", type("isom"), ints(512), type("isomavc1"));
    }

    // ---- reading ----

    @Test
    void aPlainTrackReadsItsIdTimescaleHandlerAndSamples() throws Exception {
        Path mp4 = write(ftyp(), box("moov", mvhd(0, 1000), videoTrak(7, 3, 512)));
        Mp4SampleTable t = Mp4SampleTable.video(mp4);
        assertEquals(7, t.trackId());
        assertEquals(Mp4SampleTable.VIDEO, t.handlerType());
        assertEquals(15360, t.timescale());
        assertEquals(1536, t.mediaDuration());
        assertEquals(1000, t.movieTimescale());
        assertEquals(List.of(), t.edits());
        assertEquals(List.of(new Mp4SampleTable.Sample(0, 512), new Mp4SampleTable.Sample(512, 512),
                new Mp4SampleTable.Sample(1024, 512)), t.samples());
        assertEquals(3, t.sampleCount());
        assertEquals(1536, t.presentationSpan());
        assertEquals(1536, t.samples().get(2).end());
        assertTrue(Mp4SampleTable.audio(mp4).isEmpty());
    }

    @Test
    void version1BoxesReadTheirWideFields() throws Exception {
        long longDuration = 0x1_0000_0005L;
        byte[] trak = trak(tkhd(1, 9), elst(1, E.of(0x1_0000_0000L, 0x1_0000_0000L)), mdhd(1, 90000, longDuration),
                Mp4SampleTable.AUDIO, stbl(table("stts", 2, 10), stsz(2)));
        Path mp4 = write(box("moov", mvhd(1, 600), trak));
        Mp4SampleTable t = Mp4SampleTable.audio(mp4).orElseThrow();
        assertEquals(9, t.trackId());
        assertEquals(90000, t.timescale());
        assertEquals(longDuration, t.mediaDuration());
        assertEquals(600, t.movieTimescale());
        assertEquals(List.of(new Mp4SampleTable.Edit(0x1_0000_0000L, 0x1_0000_0000L, 1.0)), t.edits());
        // No empty edit: the first frame shown is media time 2^32, which a 32-bit read would lose.
        long shift = -0x1_0000_0000L;
        assertEquals(List.of(new Mp4SampleTable.Sample(shift, 10), new Mp4SampleTable.Sample(shift + 10, 10)), t.samples());
    }

    @Test
    void timescalesAndDurationsAreUnsigned() throws Exception {
        long big = 0xFFFF_FFF0L;
        byte[] trak = trak(tkhd(0, 1), new byte[0], mdhd(0, big, big), Mp4SampleTable.VIDEO,
                stbl(table("stts", 1, 0x8000_0000L), stsz(1)));
        Mp4SampleTable t = Mp4SampleTable.video(write(box("moov", mvhd(0, big), trak)));
        assertEquals(big, t.timescale());
        assertEquals(big, t.mediaDuration());
        assertEquals(big, t.movieTimescale());
        assertEquals(List.of(new Mp4SampleTable.Sample(0, 0x8000_0000L)), t.samples(), "an stts delta above 2^31 stays positive");
    }

    @Test
    void aLeadingEmptyEditDelaysAndTheFirstMediaTimeAdvances() throws Exception {
        // 100 ms empty at movie timescale 1000 = 1536 ticks at 15360; then media from 1024 on: shift +512.
        byte[] edts = elst(0, E.of(100, -1), E.of(1000, 1024), E.of(500, 7680));
        byte[] trak = trak(tkhd(0, 1), edts, mdhd(0, 15360, 1024), Mp4SampleTable.VIDEO,
                stbl(table("stts", 2, 512), stsz(2)));
        Mp4SampleTable t = Mp4SampleTable.video(write(box("moov", mvhd(0, 1000), trak)));
        assertEquals(List.of(new Mp4SampleTable.Edit(100, -1, 1.0), new Mp4SampleTable.Edit(1000, 1024, 1.0),
                new Mp4SampleTable.Edit(500, 7680, 1.0)), t.edits());
        assertEquals(List.of(new Mp4SampleTable.Sample(512, 512), new Mp4SampleTable.Sample(1024, 512)), t.samples(),
                "only the first non-empty edit sets the start");
    }

    @Test
    void emptyEditsAloneDelayTheTrackAndAddUp() throws Exception {
        // Two empty edits of 3 and 4 ticks at movie timescale 7 = 1 s = 48000 ticks.
        byte[] trak = trak(tkhd(0, 1), elst(0, E.of(3, -1), E.of(4, -1)), mdhd(0, 48000, 1024), Mp4SampleTable.AUDIO,
                stbl(table("stts", 1, 1024), stsz(1)));
        Mp4SampleTable t = Mp4SampleTable.audio(write(box("moov", mvhd(0, 7), trak))).orElseThrow();
        assertEquals(List.of(new Mp4SampleTable.Sample(48000, 1024)), t.samples());
    }

    @Test
    void anAacPrimingEditStartsTheTrackBeforeZero() throws Exception {
        byte[] trak = trak(tkhd(0, 2), elst(0, E.of(1000, 1024)), mdhd(0, 48000, 3072), Mp4SampleTable.AUDIO,
                stbl(table("stts", 3, 1024), stsz(3)));
        Mp4SampleTable t = Mp4SampleTable.audio(write(box("moov", mvhd(0, 1000), trak))).orElseThrow();
        assertEquals(-1024, t.samples().get(0).pts());
        assertEquals(3072, t.presentationSpan());
        assertEquals(2048, t.samples().get(2).end());
    }

    @Test
    void editRatesKeepTheirFraction() throws Exception {
        byte[] trak = trak(tkhd(0, 1), elst(0, new E(10, 0, 0x00018000), new E(10, 0, 0x0002_C000)), mdhd(0, 30, 1),
                Mp4SampleTable.VIDEO, stbl(table("stts", 1, 1), stsz(1)));
        Mp4SampleTable t = Mp4SampleTable.video(write(box("moov", mvhd(0, 30), trak)));
        assertEquals(1.5, t.edits().get(0).mediaRate());
        assertEquals(2.75, t.edits().get(1).mediaRate());
    }

    @Test
    void compositionOffsetsReorderAndDurationsBecomeTheGapToTheNextFrame() throws Exception {
        // Decode order I P B B, the P with a longer stts delta: dts 0 512 1212 1724, offsets 512 1536 0 0,
        // pts 512 2048 1212 1724. In presentation order the durations are the gaps, and the last (the P)
        // keeps its own stts delta. The edit list's media time 512 moves the first frame to 0.
        byte[] trak = trak(tkhd(0, 1), elst(0, E.of(1000, 512)), mdhd(0, 15360, 2748), Mp4SampleTable.VIDEO,
                stbl(table("stts", 1, 512, 1, 700, 2, 512), table("ctts", 1, 512, 1, 1536, 2, 0), stsz(4)));
        Mp4SampleTable t = Mp4SampleTable.video(write(box("moov", mvhd(0, 1000), trak)));
        assertEquals(List.of(new Mp4SampleTable.Sample(0, 700), new Mp4SampleTable.Sample(700, 512),
                new Mp4SampleTable.Sample(1212, 324), new Mp4SampleTable.Sample(1536, 700)), t.samples());
        assertEquals(2236, t.presentationSpan());
    }

    @Test
    void negativeCompositionOffsetsAreSigned() throws Exception {
        byte[] trak = trak(tkhd(0, 1), new byte[0], mdhd(0, 30, 2), Mp4SampleTable.VIDEO,
                stbl(table("stts", 2, 1), table("ctts", 1, 0, 1, -2), stsz(2)));
        Mp4SampleTable t = Mp4SampleTable.video(write(box("moov", mvhd(0, 30), trak)));
        assertEquals(List.of(new Mp4SampleTable.Sample(-1, 1), new Mp4SampleTable.Sample(0, 1)), t.samples());
    }

    @Test
    void everyTrackIsListedInMoovOrderAndTheFirstOfEachKindIsChosen() throws Exception {
        byte[] audio = trak(tkhd(0, 2), new byte[0], mdhd(0, 48000, 1024), Mp4SampleTable.AUDIO,
                stbl(table("stts", 1, 1024), stsz(1)));
        Path mp4 = write(box("moov", mvhd(0, 1000), audio, videoTrak(5, 2, 512), videoTrak(6, 1, 512)));
        assertEquals(List.of(2, 5, 6), Mp4SampleTable.tracks(mp4).stream().map(Mp4SampleTable::trackId).toList());
        assertEquals(5, Mp4SampleTable.video(mp4).trackId());
        assertEquals(2, Mp4SampleTable.audio(mp4).orElseThrow().trackId());
    }

    @Test
    void sixtyFourBitAndToTheEndBoxSizesAreFollowed() throws Exception {
        Path mp4 = write(box64("ftyp", type("isom")), box64("moov", mvhd(0, 1000), videoTrak(3, 2, 512)),
                boxToEnd("mdat", new byte[20]));
        assertEquals(3, Mp4SampleTable.video(mp4).trackId());
        Path last = write(ftyp(), boxToEnd("moov", mvhd(0, 1000), videoTrak(4, 2, 512)));
        assertEquals(4, Mp4SampleTable.video(last).trackId());
        // Fewer than eight bytes after the last box are not a box.
        Path tail = write(box("moov", mvhd(0, 1000), videoTrak(8, 1, 512)), new byte[7]);
        assertEquals(8, Mp4SampleTable.video(tail).trackId());
    }

    // ---- refusing ----

    private String refusal(byte[]... boxes) throws Exception {
        Path mp4 = write(boxes);
        String message = assertThrows(IllegalArgumentException.class, () -> Mp4SampleTable.tracks(mp4)).getMessage();
        return message.replace(mp4.toString(), "FILE");
    }

    @Test
    void aFileWithoutMoovOrMvhdIsRefused() throws Exception {
        assertEquals("FILE: no moov box (not an MP4, or fragmented)", refusal(ftyp(), box("mdat", new byte[4])));
        assertEquals("FILE: no mvhd box", refusal(box("moov", videoTrak(1, 1, 1))));
        assertEquals("FILE: no moov box (not an MP4, or fragmented)", refusal(new byte[0]));
    }

    @Test
    void aTrackMissingARequiredBoxIsRefusedNamingIt() throws Exception {
        byte[] mvhd = mvhd(0, 1000);
        assertEquals("FILE: no tkhd box", refusal(box("moov", mvhd, box("trak"))),
                "an empty trak that ends the moov exactly is still read");
        assertEquals("FILE: no mdia box", refusal(box("moov", mvhd, box("trak", tkhd(0, 1)))));
        byte[] noMinf = trak(tkhd(0, 4), new byte[0], mdhd(0, 30, 1), Mp4SampleTable.VIDEO, new byte[0]);
        assertEquals("FILE: track 4 has no minf/stbl", refusal(box("moov", mvhd, noMinf)));
        byte[] emptyMinf = trak(tkhd(0, 4), new byte[0], mdhd(0, 30, 1), Mp4SampleTable.VIDEO, box("minf"));
        assertEquals("FILE: track 4 has no minf/stbl", refusal(box("moov", mvhd, emptyMinf)));
        byte[] noStts = trak(tkhd(0, 4), new byte[0], mdhd(0, 30, 1), Mp4SampleTable.VIDEO, stbl(stsz(1)));
        assertEquals("FILE: no stts box", refusal(box("moov", mvhd, noStts)));
        byte[] noHdlr = box("trak", tkhd(0, 4), box("mdia", mdhd(0, 30, 1)));
        assertEquals("FILE: no hdlr box", refusal(box("moov", mvhd, noHdlr)));
    }

    @Test
    void sampleCountsThatDisagreeAreRefused() throws Exception {
        byte[] mvhd = mvhd(0, 1000);
        byte[] stsz = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", 3, 1), stsz(4)));
        assertEquals("FILE: track 7 has 4 samples in stsz but 3 in stts", refusal(box("moov", mvhd, stsz)));
        byte[] ctts = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", 3, 1), table("ctts", 2, 0), stsz(3)));
        assertEquals("FILE: track 7 has 2 composition offsets for 3 samples", refusal(box("moov", mvhd, ctts)));
        byte[] huge = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", 0xFFFF_FFFFL, 1), stsz(3)));
        assertEquals("FILE: track 7 has 3 samples in stsz but 4294967295 in stts", refusal(box("moov", mvhd, huge)));
    }

    /**
     * Counts no real file could hold are refused before any table is sized by them: each case here
     * asked for 2^31-1 or 2^32-1 entries (16-32 GiB of longs), an OutOfMemoryError rather than a message.
     */
    @Test
    void countsLargerThanTheFileAreRefusedBeforeAllocating() throws Exception {
        byte[] mvhd = mvhd(0, 1000);
        long most = Integer.MAX_VALUE;
        byte[] unlisted = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", most, 1), box("stsz", ints(0, 0, most), ints(100, 100, 100))));
        assertEquals("FILE: track 7 declares 2147483647 samples in stsz, more than its size table lists",
                refusal(box("moov", mvhd, unlisted)));
        byte[] listedExactly = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", 3, 1), box("stsz", ints(0, 0, 3), ints(100, 100, 100))));
        assertEquals(3, Mp4SampleTable.tracks(write(box("moov", mvhd, listedExactly))).get(0).sampleCount(), "three sizes listed for three samples");
        byte[] sharedSize = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", most, 1), box("stsz", ints(0, 1000, most))));
        assertEquals("FILE: track 7 declares 2147483647 samples in stsz, more than the file can hold",
                refusal(box("moov", mvhd, sharedSize)));
        byte[] sharedFits = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(table("stts", 2, 1), box("stsz", ints(0, 1, 2))));
        assertEquals(2, Mp4SampleTable.tracks(write(box("moov", mvhd, sharedFits))).get(0).sampleCount(), "two one-byte samples fit in any file");
        byte[] longTable = trak(tkhd(0, 7), new byte[0], mdhd(0, 30, 3), Mp4SampleTable.VIDEO,
                stbl(box("stts", ints(0, (int) 0xFFFF_FFFFL), ints(3, 1)), stsz(3)));
        assertEquals("FILE: a timing table lists 4294967295 entries, more than its box holds",
                refusal(box("moov", mvhd, longTable)));
    }

    @Test
    void boxesWhoseSizeDoesNotFitAreRefused() throws Exception {
        assertEquals("malformed MP4 box at byte 0", refusal(cat(ints(7), type("moov"))), "smaller than its header");
        assertEquals("malformed MP4 box at byte 12", refusal(box("free", ints(1)), ints(9), type("moov")),
                "past the end of the file");
        assertEquals("malformed MP4 box at byte 0", refusal(cat(ints(1), type("moov"), longs(15))), "a 64-bit size under 16");
        assertEquals("malformed MP4 box at byte 0", refusal(cat(ints(1), type("moov"), longs(17))), "a 64-bit size past the end");
        // Exactly the header is a valid (empty) box: an empty moov has no mvhd.
        assertEquals("FILE: no mvhd box", refusal(cat(ints(8), type("moov"))));
        assertEquals("FILE: no mvhd box", refusal(cat(ints(1), type("moov"), longs(16))));
    }

    @Test
    void aFileWithoutAVideoTrackHasNoVideoTable() throws Exception {
        byte[] audio = trak(tkhd(0, 2), new byte[0], mdhd(0, 48000, 1024), Mp4SampleTable.AUDIO,
                stbl(table("stts", 1, 1024), stsz(1)));
        Path mp4 = write(box("moov", mvhd(0, 1000), audio));
        assertEquals(mp4 + ": no video track",
                assertThrows(IllegalArgumentException.class, () -> Mp4SampleTable.video(mp4)).getMessage());
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path missing = dir.resolve("missing.mp4");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Mp4SampleTable.tracks(missing));
        assertTrue(e.getMessage().startsWith("cannot read " + missing + ": "), e.getMessage());
    }
}
