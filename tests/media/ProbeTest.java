package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {
    @TempDir
    static Path dir;
    static Path withAudio;

    @BeforeAll
    static void makeMedia() {
        withAudio = TestMedia.make(dir, "av.mp4", 440, 0, null);
    }

    @Test
    void probeDecodesFramesAndReadsTheStreams() {
        Probe p = Probe.of(withAudio);
        assertEquals(TestMedia.FRAMES, p.frameCount());
        assertEquals(1000, p.durationMs());
        assertEquals(30.0, p.fps());
        assertEquals("320x180", p.size());
        assertTrue(p.hasAudio());
        // About a second of tone (the muxer ends the audio near the last video frame): 4 bytes of PCM
        // per stereo sample at 48 kHz, so a wrong unit is off by a factor of 4 or more.
        assertTrue(p.audioDurationMs() > 900 && p.audioDurationMs() < 1100, "audio " + p.audioDurationMs() + " ms");
    }

    @Test
    void aFileWithNeitherPictureNorSoundDecodesToNothing() throws Exception {
        Path subtitles = Files.writeString(dir.resolve("only.srt"), "1\n00:00:00,000 --> 00:00:01,000\nhello\n");
        DecodedMedia m = DecodedMedia.of(subtitles);
        assertEquals(new Probe(0, 0, 0, 0, 0, false, null), m.probe());
        assertEquals(new DecodedHashes(DecodedMedia.PIX_FMT, List.of(), null), m.hashes());
    }

    @Test
    void theFrameRateIsTheContainersElseFramesOverTheDecodedDuration() {
        assertEquals(25.0, DecodedMedia.fps(25, 30, 1000));
        assertEquals(30.0, DecodedMedia.fps(0, 30, 1000));
        assertEquals(0.5, DecodedMedia.fps(0, 1, 2000));
        assertEquals(0.0, DecodedMedia.fps(0, 0, 0), "nothing decoded: no rate");
    }

    @Test
    void tempTreesAreDeletedWholeAndNullIsNothingToDelete() throws Exception {
        DecodedMedia.deleteTree(null);
        Path tree = Files.createDirectories(dir.resolve("tree/inner"));
        Files.writeString(tree.resolve("f"), "x");
        DecodedMedia.deleteTree(dir.resolve("tree"));
        assertFalse(Files.exists(dir.resolve("tree")));
    }

    @Test
    void probeOfAVideoWithoutAudio() {
        Probe p = Probe.of(TestMedia.make(dir, "v.mp4", 0, 30, null));
        assertFalse(p.hasAudio());
        assertNull(p.audioDurationMs());
        assertEquals(TestMedia.FRAMES, p.frameCount());
    }

    @Test
    void decodedHashesAreStableAndLocateTheFirstDifference() {
        DecodedHashes a = DecodedHashes.of(withAudio);
        DecodedHashes b = DecodedHashes.of(TestMedia.make(dir, "av-again.mp4", 440, 0, null));
        assertEquals(TestMedia.FRAMES, a.frames().size());
        assertEquals(-1, a.firstDifferingFrame(b));
        assertTrue(a.samePcm(b));
        assertNotNull(a.pcmSha256());
        // Frame 12 drawn over: everything before it matches, and the PCM is untouched.
        DecodedHashes c = DecodedHashes.of(TestMedia.make(dir, "av-marked.mp4", 440, 0,
                "drawbox=x=0:y=0:w=40:h=40:color=red:t=fill:enable='eq(n\\,12)'"));
        assertEquals(12, a.firstDifferingFrame(c));
        assertTrue(a.samePcm(c));
        DecodedHashes d = DecodedHashes.of(TestMedia.make(dir, "av-660.mp4", 660, 30, null));
        assertFalse(a.samePcm(d));
        assertNotEquals(a.pcmSha256(), d.pcmSha256());
    }

    @Test
    void streamBannerParseIgnoresCodecTagsAndTheOutputSection() {
        String banner = "Input #0, mov,mp4, from 'x.mp4':\n"
                + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 640x360 [SAR 1:1 DAR 16:9], 9 kb/s, 29.97 fps, 29.97 tbr, 15360 tbn (default)\n"
                + "Output #0, null, to 'pipe:':\n"
                + "  Stream #0:1(und): Audio: aac (LC), 48000 Hz, stereo, fltp\n";
        StreamInfo info = StreamInfo.parse(banner);
        assertEquals(new StreamInfo(true, false, 640, 360, 29.97), info);
    }
}
