package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg's input banner ({@link StreamInfo}), framemd5 lines ({@link DecodedMedia}) and the decoded
 * hashes' comparison ({@link DecodedHashes}) on text written here (no ffmpeg).
 */
class BannerAndHashesTest {
    static final String INPUT = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':\n";

    @Test
    void theFirstVideoStreamGivesSizeAndRateAndAnyAudioStreamCounts() {
        String banner = INPUT
                + "  Stream #0:0(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)\n"
                + "  Stream #0:1(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1920x1080, 25 fps, 25 tbr, 12800 tbn\n"
                + "  Stream #0:2(und): Video: mjpeg, yuvj420p, 320x240, 90k tbr, 90k tbn\n";
        assertEquals(new StreamInfo(true, true, 1920, 1080, 25.0), StreamInfo.parse(banner));
    }

    @Test
    void withoutFpsTheRateComesFromTbrAndKMeansThousands() {
        assertEquals(new StreamInfo(true, false, 64, 36, 24.0),
                StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 64x36, 24 tbr, 15360 tbn\n"));
        assertEquals(new StreamInfo(true, false, 64, 36, 1000.0),
                StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 64x36, 1k fps, 1k tbr\n"));
        assertEquals(new StreamInfo(true, false, 64, 36, 90000.0),
                StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 64x36, 90k tbr\n"));
        assertEquals(new StreamInfo(true, false, 64, 36, 0.0), StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 64x36\n"));
    }

    @Test
    void aSizeIsOnlyTakenWhereItEndsAtADelimiter() {
        assertEquals(new StreamInfo(true, false, 0, 0, 0.0), StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264 (avc1 / 0x31637661)\n"));
        assertEquals(640, StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 640x360\n").width(), "at the end of the line");
        assertEquals(360, StreamInfo.parse(INPUT + "  Stream #0:0: Video: h264, yuv420p, 640x360 [SAR 1:1]\n").height());
    }

    @Test
    void onlyTheInputSectionIsRead() {
        assertEquals(new StreamInfo(false, false, 0, 0, 0.0),
                StreamInfo.parse("  Stream #0:0: Video: h264, yuv420p, 64x36, 30 fps\n" + INPUT));
        assertEquals(new StreamInfo(false, false, 0, 0, 0.0), StreamInfo.parse(INPUT + "Stream mapping:\n"
                + "  Stream #0:0: Video: h264, yuv420p, 64x36, 30 fps\n"));
        assertEquals(new StreamInfo(false, true, 0, 0, 0.0), StreamInfo.parse(INPUT
                + "  Stream #0:0: Audio: aac, 48000 Hz, stereo\n" + "Output #0, null, to 'pipe:':\n"
                + "  Stream #0:0: Video: h264, yuv420p, 64x36, 30 fps\n"));
        assertEquals(new StreamInfo(false, false, 0, 0, 0.0), StreamInfo.parse(INPUT + "  Duration: 00:00:01.00\n"));
    }

    @Test
    void framemd5LinesGiveStreamZerosFramesInItsTimeBase() {
        String framemd5 = "#format: frame checksums\n#version: 2\n#hash: MD5\n"
                + "#tb 0: 1/15360\n#media_type 0: video\n#tb 1: 1/48000\n"
                + "#stream#, dts,        pts, duration,     size, hash\n"
                + "0,          0,          0,      512,   230400, aaa\n"
                + "1,          0,          0,     1024,     4096, audio\n"
                + "0,        512,        512,      512,   230400, bbb\n"
                + "0,       1024,       1024,      510\n"
                + "\n"
                + "0,       1024,       1024,      511,   230400, ccc\n";
        List<DecodedMedia.FrameLine> frames = DecodedMedia.FrameLine.parseAll(framemd5);
        assertEquals(List.of(new DecodedMedia.FrameLine(0, 512, 1, 15360, "aaa"), new DecodedMedia.FrameLine(512, 512, 1, 15360, "bbb"),
                new DecodedMedia.FrameLine(1024, 511, 1, 15360, "ccc")), frames);
        // (1024 + 511 - 0) ticks of 1/15360 = 99.93 ms
        assertEquals(100, DecodedMedia.FrameLine.durationMs(frames));
        assertEquals(0, DecodedMedia.FrameLine.durationMs(List.of()));
        assertEquals(1000, DecodedMedia.FrameLine.durationMs(List.of(new DecodedMedia.FrameLine(30, 3, 1, 2, "x"),
                new DecodedMedia.FrameLine(31, 1, 1, 2, "y"))), "from the first pts to the last end, in a 1/2 s time base");
        assertEquals(33, DecodedMedia.FrameLine.durationMs(List.of(new DecodedMedia.FrameLine(0, 1, 1001, 30000, "x"))));
        assertEquals(List.of(new DecodedMedia.FrameLine(7, 1, 1, 1, "h")), DecodedMedia.FrameLine.parseAll("0, 7, 7, 1, 9, h\n"),
                "no #tb line: a time base of 1/1");
    }

    @Test
    void theFirstDifferingFrameCountsAFrameInOnlyOneAsDifferent() {
        DecodedHashes abc = new DecodedHashes("rgba", List.of("a", "b", "c"), "pcm");
        assertEquals(-1, abc.firstDifferingFrame(new DecodedHashes("rgba", List.of("a", "b", "c"), null)));
        assertEquals(0, abc.firstDifferingFrame(new DecodedHashes("rgba", List.of("x", "b", "c"), null)));
        assertEquals(2, abc.firstDifferingFrame(new DecodedHashes("rgba", List.of("a", "b", "x"), null)));
        assertEquals(2, abc.firstDifferingFrame(new DecodedHashes("rgba", List.of("a", "b"), null)));
        assertEquals(3, abc.firstDifferingFrame(new DecodedHashes("rgba", List.of("a", "b", "c", "d"), null)));
        assertEquals(0, new DecodedHashes("rgba", List.of(), null).firstDifferingFrame(abc));
        assertEquals(-1, new DecodedHashes("rgba", List.of(), null).firstDifferingFrame(new DecodedHashes("rgba", List.of(), null)));
    }

    @Test
    void pcmIsTheSameOnlyWhenBothHashesAgreeOrBothAreAbsent() {
        DecodedHashes none = new DecodedHashes("rgba", List.of(), null);
        DecodedHashes p = new DecodedHashes("rgba", List.of(), "p");
        assertTrue(none.samePcm(new DecodedHashes("rgba", List.of(), null)));
        assertFalse(none.samePcm(p));
        assertFalse(p.samePcm(none));
        assertTrue(p.samePcm(new DecodedHashes("rgba", List.of(), "p")));
        assertFalse(p.samePcm(new DecodedHashes("rgba", List.of(), "q")));
    }
}
