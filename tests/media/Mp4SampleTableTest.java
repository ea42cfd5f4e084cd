package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4SampleTableTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryVideoAndAudioSampleAsFfmpegDemuxesIt() {
        // testsrc2 + sine with x264's defaults: B-frames, so the video has composition offsets and an
        // edit list that hides the reordering delay; AAC has an edit list that skips its priming.
        Path mp4 = TestMedia.make(dir, "b-frames.mp4", 440, 23, null);
        Mp4SampleTable video = Mp4SampleTable.video(mp4);
        assertEquals(Mp4SampleTable.VIDEO, video.handlerType());
        assertEquals(15360, video.timescale());
        assertEquals(TestMedia.FRAMES, video.sampleCount());
        assertFalse(video.edits().isEmpty(), "x264 with B-frames gets an edit list");
        for (int i = 0; i < video.sampleCount(); i++) {
            assertEquals(new Mp4SampleTable.Sample(512L * i, 512), video.samples().get(i), "frame " + i);
        }
        assertEquals(List.of(), mismatches(video, demuxed(mp4, "0:v:0")));

        Mp4SampleTable audio = Mp4SampleTable.audio(mp4).orElseThrow();
        assertEquals(48000, audio.timescale());
        assertEquals(-1024, audio.samples().get(0).pts(), "the edit list skips AAC's 1024 priming samples");
        assertEquals(List.of(), mismatches(audio, demuxed(mp4, "0:a:0")));
        assertEquals(audio.mediaDuration(), audio.samples().get(audio.sampleCount() - 1).end(),
                "the last sample ends where mdhd says the media ends (ffmpeg counts it from the end of the priming)");
    }

    @Test
    void aFileWithoutAudioHasNoAudioTable() {
        Path mp4 = TestMedia.make(dir, "silent.mp4", 0, 23, null);
        assertTrue(Mp4SampleTable.audio(mp4).isEmpty());
        assertEquals(1, Mp4SampleTable.tracks(mp4).size());
    }

    /** ffmpeg's own reading of the packets (framecrc, stream copy): pts and duration, sorted by pts. */
    private static List<long[]> demuxed(Path mp4, String map) {
        String crc = Ffmpeg.bundled().run(List.of("-loglevel", "error", "-i", mp4.toString(), "-map", map, "-c", "copy",
                "-f", "framecrc", "-")).stdoutText();
        return crc.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split(","))
                .map(c -> new long[] {Long.parseLong(c[2].trim()), Long.parseLong(c[3].trim())})
                .sorted((a, b) -> Long.compare(a[0], b[0]))
                .toList();
    }

    /**
     * Differences from ffmpeg's reading. ffmpeg cuts the last sample's duration at the end of the edit
     * list, which is stated in the movie timescale (milliseconds); the table keeps the exact stts value,
     * so the last sample is compared on its pts and on ending no earlier than ffmpeg says.
     */
    private static List<String> mismatches(Mp4SampleTable table, List<long[]> demuxed) {
        List<String> out = new java.util.ArrayList<>();
        if (table.sampleCount() != demuxed.size()) {
            out.add(table.sampleCount() + " samples, ffmpeg demuxes " + demuxed.size());
            return out;
        }
        for (int i = 0; i < demuxed.size(); i++) {
            Mp4SampleTable.Sample s = table.samples().get(i);
            boolean last = i == demuxed.size() - 1;
            boolean durationOk = last ? s.duration() >= demuxed.get(i)[1] : s.duration() == demuxed.get(i)[1];
            if (s.pts() != demuxed.get(i)[0] || !durationOk) {
                out.add("sample " + i + ": " + s + ", ffmpeg pts " + demuxed.get(i)[0] + " duration " + demuxed.get(i)[1]);
            }
        }
        return out;
    }
}
