package media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gates' one decoding pass gives what each analysis gives when it decodes the file on its own
 * (Probe, Psnr, DecodedThumbnails, AudioResidual, AudioCompare), with the baseline decoded in the same
 * pass or taken from an earlier one; and the pruned alignment equals the plain pixel-by-pixel one.
 */
class GateDecodeTest {
    @TempDir
    static Path dir;
    static Path baseline;
    static Path dropped;
    static Path silent;
    static Path smaller;

    @BeforeAll
    static void makeMedia() {
        baseline = TestMedia.make(dir, "base.mp4", 440, 18, null);
        // Frame 10 dropped, a louder tone: PSNR, alignment and audio all have something to find.
        dropped = TestMedia.make(dir, "dropped.mp4", 660, 23, "select='not(eq(n\\,10))',setpts=N/FRAME_RATE/TB",
                TestMedia.FRAMES - 1);
        silent = TestMedia.make(dir, "silent.mp4", 0, 30, null);
        smaller = TestMedia.make(dir, "smaller.mp4", 440, 18, "scale=160:90");
    }

    @Test
    void onePassGivesWhatEachAnalysisGivesAlone() {
        for (Path out : List.of(dropped, baseline, silent, smaller)) {
            MediaFacts facts = MediaFacts.read(out);
            StreamInfo o = facts.info();
            MediaFacts b = MediaFacts.read(baseline);
            GateDecode.Result first = GateDecode.run(out, o, baseline, b, null);
            GateDecode.Result cached = GateDecode.run(out, o, baseline, b, first.baseline());
            for (GateDecode.Result d : List.of(first, cached)) {
                String what = out.getFileName() + (d == first ? "" : " (baseline cached)");
                assertEquals(Probe.of(out), d.output().probe(), what);
                assertEquals(Probe.of(baseline), d.baseline().probe(), what);
                assertEquals(Psnr.compare(out, baseline), d.psnr(), what);
                assertEquals(DecodedThumbnails.align(DecodedThumbnails.of(out), DecodedThumbnails.of(baseline)),
                        DecodedThumbnails.align(d.output().thumbnails(), d.baseline().thumbnails()), what);
                AudioResidual alone = AudioResidual.measure(out, baseline, -50);
                AudioResidual fromPass = AudioResidual.of(d.output().audio(), d.baseline().audio(), -50);
                assertEquals(alone.status(), fromPass.status(), what);
                if (alone.rmsDb() == null) {
                    assertNull(fromPass.rmsDb(), what);
                } else {
                    // astats prints six decimals.
                    assertEquals(alone.rmsDb(), fromPass.rmsDb(), 1e-5, what);
                }
                if (o.hasAudio()) {
                    assertEquals(AudioCompare.measure(out, baseline, 10),
                            AudioCompare.of(facts.audioParams(), b.audioParams(), d.output().audio(), d.baseline().audio(), 10), what);
                }
            }
            assertSame(first.baseline(), cached.baseline(), "the cached decode is used, not a new one");
            assertEquals(TestMedia.FRAMES, first.baseline().pictures().count(), "the baseline's pictures are kept for later passes");
            assertNull(first.output().pictures(), "an output's pictures are not kept");
        }
    }

    @Test
    void theBaselineDecodedAloneIsWhatTheFirstPassTakesFromIt() throws java.io.IOException {
        MediaFacts b = MediaFacts.read(baseline);
        DecodedFacts alone = GateDecode.baseline(baseline, b);
        GateDecode.Result first = GateDecode.run(dropped, MediaFacts.read(dropped).info(), baseline, b, null);
        assertEquals(first.baseline().probe(), alone.probe());
        assertArrayEquals(first.baseline().thumbnails().frames().toArray(), alone.thumbnails().frames().toArray());
        assertArrayEquals(first.baseline().audio(), alone.audio());
        var kept = new java.io.ByteArrayOutputStream();
        first.baseline().pictures().writeTo(kept);
        var keptAlone = new java.io.ByteArrayOutputStream();
        alone.pictures().writeTo(keptAlone);
        assertArrayEquals(kept.toByteArray(), keptAlone.toByteArray());
        assertEquals(Psnr.compare(dropped, baseline), GateDecode.run(dropped, MediaFacts.read(dropped).info(), baseline, b, alone).psnr());
    }

    @Test
    void aBaselineTooLargeToKeepIsDecodedAgainForPsnr() {
        StreamInfo o = MediaFacts.read(dropped).info();
        MediaFacts b = MediaFacts.read(baseline);
        long oneFrameShort = (TestMedia.FRAMES - 1) * YuvFrames.frameBytes(320, 180);
        GateDecode.Result first = GateDecode.run(dropped, o, baseline, b, null, oneFrameShort);
        assertNull(first.baseline().pictures());
        assertNull(GateDecode.run(dropped, o, baseline, b, null, 0).baseline().pictures(),
                "a gate with no gate after it (eval's) keeps none");
        GateDecode.Result again = GateDecode.run(dropped, o, baseline, b, first.baseline(), oneFrameShort);
        assertEquals(Psnr.compare(dropped, baseline), again.psnr());
        assertSame(first.baseline(), again.baseline());
    }

    @Test
    void theSilentFileHasNoSamplesAndTheSmallerNoPsnr() {
        MediaFacts b = MediaFacts.read(baseline);
        GateDecode.Result s = GateDecode.run(silent, MediaFacts.read(silent).info(), baseline, b, null);
        assertNull(s.output().audio());
        assertEquals(TestMedia.FRAMES, s.psnr().comparedFrames());
        GateDecode.Result small = GateDecode.run(smaller, MediaFacts.read(smaller).info(), baseline, b, null);
        assertTrue(small.psnr().sizeMismatch());
        assertEquals(0, small.psnr().comparedFrames());
        assertEquals(TestMedia.FRAMES, small.output().thumbnails().frames().size(), "thumbnails are made whatever the size");
    }

    @Test
    void prunedAlignmentEqualsThePixelByPixelOne() {
        DecodedThumbnails out = DecodedThumbnails.of(dropped);
        DecodedThumbnails base = DecodedThumbnails.of(baseline);
        // Frames repeated and reversed too, so that pairs far from the diagonal show the same picture.
        List<byte[]> shuffled = new ArrayList<>(out.frames());
        shuffled.addAll(out.frames().subList(5, 12));
        List<byte[]> reversed = new ArrayList<>(base.frames());
        java.util.Collections.reverse(reversed);
        shuffled.addAll(reversed);
        for (DecodedThumbnails o : List.of(out, new DecodedThumbnails(shuffled))) {
            double threshold = DecodedThumbnails.sameThreshold(o, base);
            FrameAlignment plain = FrameAlignment.align(o.frames().size(), base.frames().size(),
                    (i, j) -> DecodedThumbnails.mse(o.frames().get(i), base.frames().get(j)) <= threshold);
            assertEquals(plain, DecodedThumbnails.align(o, base));
        }
    }

    @Test
    void littleEndianFloatsAreRead() {
        byte[] raw = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xbf};
        assertArrayEquals(new float[] {1.0f, -0.5f}, GateDecode.floats(raw));
    }
}
