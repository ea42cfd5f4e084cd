package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.SafeTarGzExtractor;
import archive.TarGzPacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarGzExtractorTest {
    private static final int CAP = 4096;

    @TempDir
    Path sandbox;

    @Test
    void packedProjectRoundTrips() throws IOException {
        Path src = Files.createDirectories(sandbox.resolve("src/assets"));
        Files.writeString(src.getParent().resolve("composition.json"), "{\"fps\":10}");
        Files.write(src.resolve("logo.png"), new byte[] {1, 2, 3});
        Path tgz = sandbox.resolve("p.tar.gz");
        TarGzPacker.pack(sandbox.resolve("src"), tgz);
        Path out = sandbox.resolve("out");
        new SafeTarGzExtractor(CAP).extract(tgz, out);
        assertEquals("{\"fps\":10}", Files.readString(out.resolve("composition.json")));
        assertEquals(3, Files.size(out.resolve("assets/logo.png")));
    }

    @Test
    void everyHostileArchiveIsRefusedAndNothingLandsOutsideTheTarget() throws IOException {
        Path outside = sandbox.resolve("outside-target");
        for (var c : MaliciousArchives.cases(outside, CAP + 1).entrySet()) {
            Path work = Files.createDirectories(sandbox.resolve("work-" + c.getKey()));
            Path tgz = MaliciousArchives.build(sandbox.resolve(c.getKey() + ".tar.gz"), c.getValue());
            Path target = work.resolve("project");
            var e = assertThrows(SafeTarGzExtractor.UnsafeArchiveException.class,
                    () -> new SafeTarGzExtractor(CAP).extract(tgz, target), c.getKey());
            assertFalse(e.getMessage().isBlank(), c.getKey());
            assertFalse(Files.exists(outside), c.getKey() + " wrote " + outside);
            assertEquals(List.of("project"), list(work), c.getKey() + " wrote beside the target");
            try (Stream<Path> all = Files.walk(target)) {
                assertTrue(all.noneMatch(p -> Files.isSymbolicLink(p) || !Files.isDirectory(p) && !Files.isRegularFile(p)),
                        c.getKey() + " left a link or special file");
            }
        }
    }

    @Test
    void refusesSomethingThatIsNotAGzippedTar() throws IOException {
        Path bogus = Files.writeString(sandbox.resolve("x.tar.gz"), "hello");
        assertThrows(SafeTarGzExtractor.UnsafeArchiveException.class,
                () -> new SafeTarGzExtractor(CAP).extract(bogus, sandbox.resolve("t")));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
