package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.SafeTarGzExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extractor's caps and name limits are decided from the headers before anything is written: a
 * refused archive leaves the target directory empty, not filled up to the limit.
 */
class ArchiveCapsTest {
    private static final int MAX_BYTES = 4096;
    private static final int MAX_ENTRIES = 3;

    @TempDir
    Path sandbox;

    private SafeTarGzExtractor.UnsafeArchiveException refused(String name, MaliciousArchives.Writer entries) throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve(name + ".tar.gz"), entries);
        Path target = sandbox.resolve(name);
        var e = assertThrows(SafeTarGzExtractor.UnsafeArchiveException.class,
                () -> new SafeTarGzExtractor(MAX_BYTES, MAX_ENTRIES).extract(tgz, target), name);
        try (Stream<Path> written = Files.walk(target)) {
            assertEquals(List.of(target), written.toList(), name + " wrote before refusing");
        }
        return e;
    }

    @Test
    void theEntryCapRefusesBeforeTheFirstFileIsWritten() throws IOException {
        var e = refused("entries", t -> {
            for (int i = 0; i < MAX_ENTRIES; i++) {
                MaliciousArchives.file(t, "f" + i + ".txt", "x");
            }
        });
        assertTrue(e.getMessage().contains("more than " + MAX_ENTRIES + " entries"), e.getMessage());
    }

    @Test
    void theSizeCapRefusesBeforeTheFirstByteIsWritten() throws IOException {
        var e = refused("bytes", t -> {
            MaliciousArchives.zeros(t, "small.bin", 100);
            MaliciousArchives.zeros(t, "large.bin", MAX_BYTES);
        });
        assertTrue(e.getMessage().contains("expands past " + MAX_BYTES), e.getMessage());
    }

    @Test
    void namesTheFileSystemCannotHoldAreRefusedBeforeAnythingIsWritten() throws IOException {
        var segment = refused("segment", t -> MaliciousArchives.file(t, "a/" + "s".repeat(256), "x"));
        assertTrue(segment.getMessage().contains("longer than 255 bytes"), segment.getMessage());
        var path = refused("path", t -> MaliciousArchives.file(t, ("d".repeat(250) + "/").repeat(5) + "f", "x"));
        assertTrue(path.getMessage().contains("longer than 1024 bytes"), path.getMessage());
        // 255 bytes is the limit, in bytes rather than characters: 128 two-byte letters are 256 bytes.
        refused("multibyte", t -> MaliciousArchives.file(t, "\u00e9".repeat(128), "x"));
    }

    /** composition.json (2 bytes) + the rest is exactly MAX_BYTES in MAX_ENTRIES entries. */
    @Test
    void anArchiveAtTheCapsExtracts() throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve("fits.tar.gz"), t -> {
            MaliciousArchives.zeros(t, "a/" + "s".repeat(255), MAX_BYTES - 3);
            MaliciousArchives.file(t, "b.txt", "x");
        });
        Path target = sandbox.resolve("fits");
        new SafeTarGzExtractor(MAX_BYTES, MAX_ENTRIES).extract(tgz, target);
        assertEquals(MAX_BYTES - 3, Files.size(target.resolve("a/" + "s".repeat(255))));
    }
}
