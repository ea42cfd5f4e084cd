package media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One track's timing exactly as the MP4 states it, read in pure Java from the moov box (no ffmpeg, no
 * rounding): the media timescale (mdhd), the edit list (elst) and every sample's presentation time and
 * duration in that timescale, from the decoding times (stts), composition offsets (ctts) and the
 * edit list.
 *
 * <p>Presentation time of a sample = its decoding time + its composition offset - the media time at
 * which the first non-empty edit starts + the length of any leading empty edits (converted from the
 * movie timescale). So an AAC track whose edit list skips 1024 priming samples starts at pts -1024.
 * Samples are listed in presentation order. A sample's duration is its stts delta when the track has
 * no composition offsets; with offsets (reordered frames) it is the gap to the next sample in
 * presentation order, and the last sample keeps its stts delta. The end of the edit (whose length is
 * in the movie timescale, milliseconds in ffmpeg's files) is not applied to the last sample, so no
 * value here is rounded; ffmpeg's demuxer, by contrast, cuts the last sample at the edit's end.
 *
 * <p>Fragmented MP4 (moof) is not read: ffmpeg writes a plain moov for every file this tool makes.
 */
public record Mp4SampleTable(int trackId, String handlerType, long timescale, long mediaDuration, long movieTimescale,
                             List<Edit> edits, List<Sample> samples) {
    public static final String VIDEO = "vide";
    public static final String AUDIO = "soun";

    public Mp4SampleTable {
        edits = List.copyOf(edits);
        samples = List.copyOf(samples);
    }

    /** One entry of the edit list: segmentDuration in the movie timescale, mediaTime in the media timescale (-1 = empty edit). */
    public record Edit(long segmentDuration, long mediaTime, double mediaRate) {}

    /** One sample (a video frame, an AAC packet): presentation time and duration in the track's timescale. */
    public record Sample(long pts, long duration) {
        public long end() {
            return pts + duration;
        }
    }

    public int sampleCount() {
        return samples.size();
    }

    /** From the first sample's pts to the end of the last one, in the track's timescale. */
    public long presentationSpan() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).end() - samples.get(0).pts();
    }

    /** Every track in the file, in the order of the moov box. */
    public static List<Mp4SampleTable> tracks(Path mp4) {
        ByteBuffer file = map(mp4);
        Box moov = Box.find(file, 0, file.limit(), "moov")
                .orElseThrow(() -> new IllegalArgumentException(mp4 + ": no moov box (not an MP4, or fragmented)"));
        ByteBuffer b = moov.body(file);
        long movieTimescale = Box.find(b, 0, b.limit(), "mvhd").map(h -> mvhdTimescale(h.body(b)))
                .orElseThrow(() -> new IllegalArgumentException(mp4 + ": no mvhd box"));
        List<Mp4SampleTable> out = new ArrayList<>();
        for (Box trak : Box.all(b, 0, b.limit(), "trak")) {
            out.add(readTrack(mp4, trak.body(b), movieTimescale, file.limit()));
        }
        return out;
    }

    /** The first video track; fails when there is none. */
    public static Mp4SampleTable video(Path mp4) {
        return first(mp4, VIDEO).orElseThrow(() -> new IllegalArgumentException(mp4 + ": no video track"));
    }

    /** The first audio track, if any. */
    public static Optional<Mp4SampleTable> audio(Path mp4) {
        return first(mp4, AUDIO);
    }

    private static Optional<Mp4SampleTable> first(Path mp4, String handler) {
        return tracks(mp4).stream().filter(t -> t.handlerType().equals(handler)).findFirst();
    }

    private static ByteBuffer map(Path mp4) {
        try (FileChannel ch = FileChannel.open(mp4, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mp4 + ": " + e.getMessage(), e);
        }
    }

    private static Mp4SampleTable readTrack(Path mp4, ByteBuffer trak, long movieTimescale, long fileSize) {
        ByteBuffer tkhd = Box.require(mp4, trak, "tkhd");
        int trackId = tkhd.get(0) == 1 ? tkhd.getInt(4 + 16) : tkhd.getInt(4 + 8);
        List<Edit> edits = Box.path(trak, "edts", "elst").map(Mp4SampleTable::readEdits).orElse(List.of());
        ByteBuffer mdia = Box.require(mp4, trak, "mdia");
        ByteBuffer mdhd = Box.require(mp4, mdia, "mdhd");
        long timescale;
        long mediaDuration;
        if (mdhd.get(0) == 1) {
            timescale = Integer.toUnsignedLong(mdhd.getInt(4 + 16));
            mediaDuration = mdhd.getLong(4 + 20);
        } else {
            timescale = Integer.toUnsignedLong(mdhd.getInt(4 + 8));
            mediaDuration = Integer.toUnsignedLong(mdhd.getInt(4 + 12));
        }
        ByteBuffer hdlr = Box.require(mp4, mdia, "hdlr");
        byte[] type = new byte[4];
        hdlr.get(8, type);
        String handlerType = new String(type, StandardCharsets.US_ASCII);
        ByteBuffer stbl = Box.path(mdia, "minf", "stbl")
                .orElseThrow(() -> new IllegalArgumentException(mp4 + ": track " + trackId + " has no minf/stbl"));

        ByteBuffer stts = Box.require(mp4, stbl, "stts");
        int count = declaredSamples(mp4, trackId, Box.require(mp4, stbl, "stsz"), fileSize);
        long timed = total(mp4, stts);
        if (timed != count) {
            throw new IllegalArgumentException(mp4 + ": track " + trackId + " has " + count + " samples in stsz but "
                    + timed + " in stts");
        }
        Optional<ByteBuffer> ctts = Box.find(stbl, 0, stbl.limit(), "ctts").map(c -> c.body(stbl));
        if (ctts.isPresent() && total(mp4, ctts.get()) != count) {
            throw new IllegalArgumentException(mp4 + ": track " + trackId + " has " + total(mp4, ctts.get())
                    + " composition offsets for " + count + " samples");
        }
        long[] deltas = expand(stts, false, count);
        long[] offsets = ctts.map(c -> expand(c, true, count)).orElse(new long[count]);

        long shift = presentationShift(edits, timescale, movieTimescale);
        Sample[] samples = new Sample[count];
        long dts = 0;
        for (int i = 0; i < count; i++) {
            samples[i] = new Sample(dts + offsets[i] + shift, deltas[i]);
            dts += deltas[i];
        }
        if (ctts.isPresent()) {
            Arrays.sort(samples, Comparator.comparingLong(Sample::pts));
            for (int i = 0; i + 1 < count; i++) {
                samples[i] = new Sample(samples[i].pts(), samples[i + 1].pts() - samples[i].pts());
            }
        }
        return new Mp4SampleTable(trackId, handlerType, timescale, mediaDuration, movieTimescale, edits, List.of(samples));
    }

    /** Leading empty edits delay the track; the first non-empty edit says which media time is shown first. */
    private static long presentationShift(List<Edit> edits, long timescale, long movieTimescale) {
        long emptyMovieTicks = 0;
        for (Edit e : edits) {
            if (e.mediaTime() == -1) {
                emptyMovieTicks += e.segmentDuration();
            } else {
                return emptyMovieTicks * timescale / movieTimescale - e.mediaTime();
            }
        }
        return emptyMovieTicks * timescale / movieTimescale;
    }

    private static List<Edit> readEdits(ByteBuffer elst) {
        int version = elst.get(0);
        int entries = elst.getInt(4);
        List<Edit> out = new ArrayList<>();
        int pos = 8;
        for (int i = 0; i < entries; i++) {
            long duration;
            long mediaTime;
            if (version == 1) {
                duration = elst.getLong(pos);
                mediaTime = elst.getLong(pos + 8);
                pos += 16;
            } else {
                duration = Integer.toUnsignedLong(elst.getInt(pos));
                mediaTime = elst.getInt(pos + 4);
                pos += 8;
            }
            double rate = elst.getShort(pos) + (elst.getShort(pos + 2) & 0xffff) / 65536.0;
            pos += 4;
            out.add(new Edit(duration, mediaTime, rate));
        }
        return out;
    }

    /**
     * The sample count stsz declares, refused unless the file could hold that many samples: a size per
     * sample must be in the box, and samples of one shared size must fit in the file. Every table is sized
     * by this count, so a hostile count would otherwise end in an OutOfMemoryError instead of a refusal.
     */
    private static int declaredSamples(Path mp4, int trackId, ByteBuffer stsz, long fileSize) {
        long sharedSize = Integer.toUnsignedLong(stsz.getInt(4));
        long count = Integer.toUnsignedLong(stsz.getInt(8));
        boolean fits = sharedSize == 0 ? count <= (stsz.limit() - 12) / 4 : count <= fileSize / sharedSize;
        if (!fits) {
            throw new IllegalArgumentException(mp4 + ": track " + trackId + " declares " + count + " samples in stsz, more than "
                    + (sharedSize == 0 ? "its size table lists" : "the file can hold"));
        }
        return (int) count;
    }

    /** How many samples a run-length (count, value) table of stts or ctts covers. */
    private static long total(Path mp4, ByteBuffer table) {
        long entries = Integer.toUnsignedLong(table.getInt(4));
        if (entries > (table.limit() - 8) / 8) {
            throw new IllegalArgumentException(mp4 + ": a timing table lists " + entries + " entries, more than its box holds");
        }
        long total = 0;
        for (int i = 0; i < entries; i++) {
            total += Integer.toUnsignedLong(table.getInt(8 + 8 * i));
        }
        return total;
    }

    /** A run-length table already checked to cover {@code count} samples, expanded to one value per sample. */
    private static long[] expand(ByteBuffer table, boolean signed, int count) {
        int entries = table.getInt(4);
        long[] out = new long[count];
        int k = 0;
        for (int i = 0; i < entries; i++) {
            int n = table.getInt(8 + 8 * i);
            int raw = table.getInt(12 + 8 * i);
            long value = signed ? raw : Integer.toUnsignedLong(raw);
            Arrays.fill(out, k, k + n, value);
            k += n;
        }
        return out;
    }

    private static long mvhdTimescale(ByteBuffer mvhd) {
        return Integer.toUnsignedLong(mvhd.get(0) == 1 ? mvhd.getInt(4 + 16) : mvhd.getInt(4 + 8));
    }

    /** A box: where its body starts and ends within the enclosing buffer. */
    private record Box(String type, int bodyStart, int end) {
        ByteBuffer body(ByteBuffer parent) {
            return parent.slice(bodyStart, end - bodyStart);
        }

        static List<Box> all(ByteBuffer buf, int from, int to, String type) {
            List<Box> out = new ArrayList<>();
            int pos = from;
            while (pos + 8 <= to) {
                long size = Integer.toUnsignedLong(buf.getInt(pos));
                byte[] t = new byte[4];
                buf.get(pos + 4, t);
                int header = 8;
                if (size == 1) {
                    size = buf.getLong(pos + 8);
                    header = 16;
                } else if (size == 0) {
                    size = to - pos;
                }
                if (size < header || pos + size > to) {
                    throw new IllegalArgumentException("malformed MP4 box at byte " + pos);
                }
                String name = new String(t, StandardCharsets.ISO_8859_1);
                if (name.equals(type)) {
                    out.add(new Box(name, pos + header, (int) (pos + size)));
                }
                pos += (int) size;
            }
            return out;
        }

        static Optional<Box> find(ByteBuffer buf, int from, int to, String type) {
            return all(buf, from, to, type).stream().findFirst();
        }

        static Optional<ByteBuffer> path(ByteBuffer buf, String... types) {
            ByteBuffer cur = buf;
            for (String type : types) {
                ByteBuffer parent = cur;
                Optional<Box> box = find(parent, 0, parent.limit(), type);
                if (box.isEmpty()) {
                    return Optional.empty();
                }
                cur = box.get().body(parent);
            }
            return Optional.of(cur);
        }

        static ByteBuffer require(Path mp4, ByteBuffer parent, String type) {
            return find(parent, 0, parent.limit(), type).map(b -> b.body(parent))
                    .orElseThrow(() -> new IllegalArgumentException(mp4 + ": no " + type + " box"));
        }
    }
}
