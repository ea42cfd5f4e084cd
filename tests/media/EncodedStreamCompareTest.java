package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks encoded separately and joined with the concat demuxer and stream copy, as assemble does: the
 * trace finds each chunk's x264 settings string and parameter sets, and a chunk encoded differently
 * from the baseline is named with the field that differs.
 */
class EncodedStreamCompareTest {
    @TempDir
    static Path dir;
    static Path baseline;

    /** Frames [first, first + count) of a moving test pattern, x264 at crf 16 plus {@code extra} arguments. */
    static Path encode(String name, int first, int count, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-vf", "select='gte(n\\," + first + ")',setpts=N/FRAME_RATE/TB", "-frames:v", String.valueOf(count),
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-bf", "0", "-threads", "1", "-pix_fmt", "yuv420p"));
        args.addAll(List.of(extra));
        args.addAll(List.of("-y", out.toString()));
        Ffmpeg.bundled().run(args);
        return out;
    }

    static Path concat(String name, Path... chunks) throws Exception {
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (Path c : chunks) {
            list.append("file '").append(c.getFileName()).append("'\n");
        }
        Path listFile = Files.writeString(dir.resolve(name + ".txt"), list.toString());
        Path out = dir.resolve(name);
        Ffmpeg.bundled().run(List.of("-f", "concat", "-safe", "0", "-i", listFile.toString(), "-c", "copy", "-y", out.toString()));
        return out;
    }

    @BeforeAll
    static void makeBaseline() {
        baseline = encode("baseline.mp4", 0, 30);
    }

    @Test
    void theTraceReadsPacketsParameterSetsAndTheSettingsString() {
        StreamTrace t = StreamTrace.of(baseline);
        assertEquals("h264", t.codec());
        assertEquals("yuv420p", t.pixFmt());
        assertEquals(30, t.packets().size());
        assertEquals(1, t.encoderSettings().size(), t.encoderSettings().toString());
        assertEquals("16.0", StreamTrace.options(t.encoderSettings().get(0).text()).get("crf"));
        assertEquals(100L, t.first("SPS").get("profile_idc"), "High profile");
    }

    @Test
    void chunksEncodedLikeTheBaselineHaveNoDifference() throws Exception {
        Path out = concat("same.mp4", encode("a0.mp4", 0, 15), encode("a1.mp4", 15, 15));
        StreamTrace t = StreamTrace.of(out);
        assertEquals(2, t.encoderSettings().size(), "one settings string per chunk");
        assertEquals(List.of(), EncodedStreamCompare.compare(t, StreamTrace.of(baseline), List.of(0, 15)));
    }

    @Test
    void aChunkWithAnotherCrfIsNamedWithTheField() throws Exception {
        Path out = concat("crf.mp4", encode("b0.mp4", 0, 15), encode("b1.mp4", 15, 15, "-crf", "18"));
        List<EncodedStreamCompare.Difference> d = EncodedStreamCompare.compare(StreamTrace.of(out), StreamTrace.of(baseline), List.of(0, 15));
        List<String> described = d.stream().map(EncodedStreamCompare.Difference::describe).toList();
        assertTrue(described.contains("chunk 1 (frame 15): x264 crf 18.0 != baseline 16.0"), described.toString());
        assertTrue(d.stream().allMatch(x -> x.chunk() == 1), described.toString());
    }

    @Test
    void aChunkWithAnotherLevelAndColourRangeIsNamed() throws Exception {
        Path out = concat("level.mp4", encode("c0.mp4", 0, 15),
                encode("c1.mp4", 15, 15, "-level", "4.1", "-color_range", "pc"));
        List<String> described = EncodedStreamCompare.compare(StreamTrace.of(out), StreamTrace.of(baseline), List.of(0, 15))
                .stream().map(EncodedStreamCompare.Difference::describe).toList();
        assertTrue(described.stream().anyMatch(s -> s.startsWith("chunk 1 (frame 15): SPS level 41 != baseline")), described.toString());
        assertTrue(described.stream().anyMatch(s -> s.startsWith("chunk 1 (frame 15): SPS colour range")), described.toString());
    }

    @Test
    void aChunkWithoutItsOwnSettingsStringIsNamed() throws Exception {
        Path out = concat("nosei.mp4", encode("d0.mp4", 0, 15), encode("d1.mp4", 15, 15, "-bsf:v", "filter_units=remove_types=6"));
        List<String> described = EncodedStreamCompare.compare(StreamTrace.of(out), StreamTrace.of(baseline), List.of(0, 15))
                .stream().map(EncodedStreamCompare.Difference::describe).toList();
        assertTrue(described.contains("chunk 1 (frame 15): x264 settings absent != baseline present"), described.toString());
    }
}
