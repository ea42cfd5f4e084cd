package archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packer's promises: same directory, same bytes; names of any length; no links. */
class TarGzPackerTest {
    @TempDir
    Path tmp;

    @Test
    void entriesAreSortedWithFixedTimesAndModesWhateverTheFilesHave() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/assets"));
        Files.writeString(src.resolve("b.txt"), "b");
        Files.writeString(src.getParent().resolve("a.json"), "{}");
        Files.setLastModifiedTime(src.resolve("b.txt"), FileTime.fromMillis(1_700_000_000_000L));
        Files.setPosixFilePermissions(src.resolve("b.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path tgz = tmp.resolve("p.tar.gz");
        TarGzPacker.pack(src.getParent(), tgz);

        List<String> described = new ArrayList<>();
        for (TarArchiveEntry e : entries(tgz)) {
            described.add(String.format("%s %o %d", e.getName(), e.getMode() & 07777, e.getModTime().getTime()));
        }
        assertEquals(List.of("a.json 644 0", "assets/ 755 0", "assets/b.txt 644 0"), described);
    }

    @Test
    void namesLongerThanTheTarHeaderFieldRoundTrip() throws IOException {
        String deep = "a-directory-name-that-is-long/".repeat(4) + "and-a-file-name-past-one-hundred-characters.json";
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve(deep).getParent());
        Files.writeString(src.resolve(deep), "{\"deep\":true}");
        Path tgz = tmp.resolve("p.tar.gz");
        TarGzPacker.pack(src, tgz);
        new SafeTarGzExtractor(1 << 20).extract(tgz, tmp.resolve("out"));
        assertEquals("{\"deep\":true}", Files.readString(tmp.resolve("out").resolve(deep)));
    }

    @Test
    void aSymbolicLinkInTheProjectIsRefused() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createSymbolicLink(src.resolve("passwd"), Path.of("/etc/passwd"));
        var e = assertThrows(UncheckedIOException.class, () -> TarGzPacker.pack(src, tmp.resolve("p.tar.gz")));
        assertTrue(e.getMessage().contains("symbolic links are not allowed in a project: passwd"), e.getMessage());
    }

    private static List<TarArchiveEntry> entries(Path tgz) throws IOException {
        List<TarArchiveEntry> all = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                all.add(e);
            }
        }
        return all;
    }
}
