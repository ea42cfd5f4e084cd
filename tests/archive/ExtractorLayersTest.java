package archive;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.SafeTarGzExtractor.UnsafeArchiveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import stack.MaliciousArchives;

/**
 * Each defence of the extractor on its own. Where layers overlap (every escaping name is stopped by
 * the name checks, the normalised-path check and the on-disk check), a test either uses an input
 * only one layer stops, or calls that layer directly with an input the others would have stopped
 * first; so removing any single layer fails a test here. The message is checked where two layers
 * would refuse the same input, since it names the layer that did.
 */
class ExtractorLayersTest {
    private static final int CAP = 4096;

    @TempDir
    Path sandbox;
    Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(sandbox.resolve("project")).toRealPath();
    }

    @Test
    void nameLayerAloneStopsDriveLettersAndLeadingBackslashes() throws IOException {
        for (String name : List.of("C:/x.json", "c:x.json", "\\x.json")) {
            assertDoesNotThrow(() -> SafeTarGzExtractor.normalisedInside(root, name), "stays inside lexically: " + name);
            assertDoesNotThrow(() -> SafeTarGzExtractor.refuseDotDotSegments(name), name);
            assertRefused(extractOne(Files.createTempDirectory(sandbox, "t"), name), "absolute or empty entry name refused");
        }
        assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseAbsoluteOrEmpty(""));
        assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseAbsoluteOrEmpty("/etc/passwd"));
        assertDoesNotThrow(() -> SafeTarGzExtractor.refuseAbsoluteOrEmpty("assets/a:b.png"));
    }

    @Test
    void dotDotLayerAloneStopsADotDotThatStaysInside() throws IOException {
        String name = "assets/../composition.json.bak";
        assertEquals(root.resolve("composition.json.bak"), SafeTarGzExtractor.normalisedInside(root, name));
        assertRefused(extractOne(root, name), "'..' in entry name refused");
        for (String n : List.of("..", "a/..", "../a", "a\\..\\b", "a/../../b")) {
            assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseDotDotSegments(n), n);
        }
        for (String n : List.of("a..b", "..a/b", "a/b..", "a/.../b")) {
            assertDoesNotThrow(() -> SafeTarGzExtractor.refuseDotDotSegments(n), n);
        }
    }

    @Test
    void normalisationLayerRefusesEscapesOnItsOwn() throws IOException {
        for (String n : List.of("../x", "a/../../x", "a/./../../x", sandbox.resolve("x").toString())) {
            var e = assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.normalisedInside(root, n), n);
            assertTrue(e.getMessage().startsWith("entry escapes the target directory"), e.getMessage());
        }
        assertEquals(root.resolve("a/b"), SafeTarGzExtractor.normalisedInside(root, "a/./b"));
        assertEquals(root, SafeTarGzExtractor.normalisedInside(root, "."));
    }

    @Test
    void onDiskLayerRefusesAnEscapeTheNameLayersMissedBeforeCreatingAnything() throws IOException {
        for (String n : List.of("..", "assets/../../..", "assets/../../escaped-dir", "../project-sibling/x")) {
            Path dir = root.resolve(n);
            var e = assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.createDirectoriesInside(root, dir), n);
            assertTrue(e.getMessage().startsWith("entry escapes the target directory"), e.getMessage());
        }
        assertEquals(List.of("project"), list(sandbox), "created something beside the target");
        SafeTarGzExtractor.createDirectoriesInside(root, root.resolve("a/b/c"));
        assertTrue(Files.isDirectory(root.resolve("a/b/c")));
        SafeTarGzExtractor.createDirectoriesInside(root, root);
    }

    @Test
    void onDiskLayerAloneStopsAPreexistingSymlinkEvenOneThatPointsInside() throws IOException {
        Path real = Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), real);
        assertEquals(root.resolve("alias/x.json"), SafeTarGzExtractor.normalisedInside(root, "alias/x.json"));
        assertRefused(extractOne(root, "alias/x.json"), "path through a symbolic link refused");
        assertEquals(List.of(), list(real));

        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Path other = Files.createDirectories(sandbox.resolve("other")).toRealPath();
        Files.createSymbolicLink(other.resolve("away"), outside);
        assertRefused(extractOne(other, "away/x.json"), "path through a symbolic link refused");
        assertEquals(List.of(), list(outside));
    }

    @Test
    void directoryEntriesAreCreatedThroughTheOnDiskLayerToo() throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve("dirs.tar.gz"), t -> {
            var dir = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("assets/empty/");
            t.putArchiveEntry(dir);
            t.closeArchiveEntry();
        });
        new SafeTarGzExtractor(CAP).extract(tgz, root);
        assertTrue(Files.isDirectory(root.resolve("assets/empty")), "an empty directory entry was not created");

        Path other = Files.createDirectories(sandbox.resolve("other")).toRealPath();
        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.createSymbolicLink(other.resolve("assets"), outside);
        assertRefused(() -> new SafeTarGzExtractor(CAP).extract(tgz, other), "path through a symbolic link refused");
        assertEquals(List.of(), list(outside));
    }

    @Test
    void onDiskLayerRefusesAFileWhereADirectoryIsNeeded() throws IOException {
        Files.writeString(root.resolve("assets"), "a file");
        var e = assertThrows(UnsafeArchiveException.class,
                () -> SafeTarGzExtractor.createDirectoriesInside(root, root.resolve("assets/x")));
        assertTrue(e.getMessage().startsWith("entry path is not a directory"), e.getMessage());
    }

    @Test
    void aFileEntryNamingTheTargetItselfIsRefused() throws IOException {
        assertRefused(extractOne(root, "."), "a file entry naming the target directory itself refused");
    }

    @Test
    void aDuplicateNameNeverReplacesTheFirstEntry() throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve("dup.tar.gz"), t -> MaliciousArchives.file(t, "composition.json", "second"));
        assertRefused(() -> new SafeTarGzExtractor(CAP).extract(tgz, root), "duplicate entry refused");
        assertEquals("{}", Files.readString(root.resolve("composition.json")));
    }

    @Test
    void theSizeCapAllowsExactlyMaxBytesInTotalAndNotOneMore() throws IOException {
        // MaliciousArchives puts a 2-byte composition.json first.
        Path exact = MaliciousArchives.build(sandbox.resolve("exact.tar.gz"), t -> MaliciousArchives.zeros(t, "a.bin", CAP - 2));
        new SafeTarGzExtractor(CAP).extract(exact, root);
        assertEquals(CAP - 2, Files.size(root.resolve("a.bin")));

        Path over = MaliciousArchives.build(sandbox.resolve("over.tar.gz"), t -> {
            MaliciousArchives.zeros(t, "a.bin", CAP / 2);
            MaliciousArchives.zeros(t, "b.bin", CAP / 2 - 1);
        });
        assertRefused(() -> new SafeTarGzExtractor(CAP).extract(over, sandbox.resolve("over")), "archive expands past 4096 bytes (at b.bin)");
    }

    @Test
    void theEntryCapAllowsExactlyMaxEntries() throws IOException {
        Path three = MaliciousArchives.build(sandbox.resolve("three.tar.gz"), t -> {
            MaliciousArchives.file(t, "a", "a");
            MaliciousArchives.file(t, "b", "b");
        });
        new SafeTarGzExtractor(CAP, 3).extract(three, root);
        assertRefused(() -> new SafeTarGzExtractor(CAP, 2).extract(three, sandbox.resolve("two")), "more than 2 entries");
        assertThrows(IllegalArgumentException.class, () -> new SafeTarGzExtractor(0));
        assertThrows(IllegalArgumentException.class, () -> new SafeTarGzExtractor(CAP, 0));
        assertDoesNotThrow(() -> new SafeTarGzExtractor(1, 1));
    }

    @Test
    void aRefusedHeaderLeavesNothingBehindNotEvenTheDirectoriesBeforeIt() throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve("late.tar.gz"), t -> {
            var dir = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("assets/");
            t.putArchiveEntry(dir);
            t.closeArchiveEntry();
            MaliciousArchives.file(t, "assets/../late.json", "x");
        });
        assertRefused(() -> new SafeTarGzExtractor(CAP).extract(tgz, root), "'..' in entry name refused");
        assertEquals(List.of(), list(root));
    }

    @Test
    void theWholeNameMayBeExactly1024BytesAndNoMore() {
        String exact = ("s".repeat(254) + "/").repeat(4) + "s".repeat(4);
        assertEquals(1024, exact.length());
        assertDoesNotThrow(() -> SafeTarGzExtractor.refuseNamesTheFileSystemCannotHold(exact));
        assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseNamesTheFileSystemCannotHold(exact + "s"));
    }

    @Test
    void refusedNamesAreShownWholeUpTo120CharactersAndCutAfter() {
        String at120 = "/" + "n".repeat(119);
        var whole = assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseAbsoluteOrEmpty(at120));
        assertEquals("absolute or empty entry name refused: " + at120, whole.getMessage());
        var cut = assertThrows(UnsafeArchiveException.class, () -> SafeTarGzExtractor.refuseAbsoluteOrEmpty(at120 + "x"));
        assertEquals("absolute or empty entry name refused: " + at120 + "... (121 characters)", cut.getMessage());
    }

    @Test
    void anEmptyArchiveIsRefused() throws IOException {
        Path empty = sandbox.resolve("empty.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(empty));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            tar.finish();
        }
        assertRefused(() -> new SafeTarGzExtractor(CAP).extract(empty, root), "empty archive");
    }

    @Test
    void linksAndDevicesAreRefusedByTheirOwnCheck() throws IOException {
        var cases = MaliciousArchives.cases(sandbox.resolve("outside"), CAP + 1);
        for (String c : List.of("symlink-to-etc-passwd", "hard-link-outside")) {
            Path tgz = MaliciousArchives.build(sandbox.resolve(c + ".tar.gz"), cases.get(c));
            assertRefused(() -> new SafeTarGzExtractor(CAP).extract(tgz, sandbox.resolve(c)), "link entry refused");
        }
        for (String c : List.of("char-device", "block-device", "fifo")) {
            Path tgz = MaliciousArchives.build(sandbox.resolve(c + ".tar.gz"), cases.get(c));
            assertRefused(() -> new SafeTarGzExtractor(CAP).extract(tgz, sandbox.resolve(c)), "device or FIFO entry refused");
        }
    }

    /** An extraction into {@code target} of MaliciousArchives' harmless entry and then {@code name}. */
    private Executable extractOne(Path target, String name) throws IOException {
        Path tgz = MaliciousArchives.build(Files.createTempFile(sandbox, "one", ".tar.gz"), t -> MaliciousArchives.file(t, name, "x"));
        return () -> new SafeTarGzExtractor(CAP).extract(tgz, target);
    }

    private static void assertRefused(Executable extraction, String messageStart) {
        var e = assertThrows(UnsafeArchiveException.class, extraction);
        assertTrue(e.getMessage().startsWith(messageStart), "expected \"" + messageStart + "...\", got: " + e.getMessage());
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
