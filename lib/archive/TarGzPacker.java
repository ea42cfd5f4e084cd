package archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Packs a project directory (a fixture's src/) into the .tar.gz the plan step downloads. Entries are
 * sorted and timestamps fixed so the same directory always yields the same bytes; symbolic links are
 * refused because the handler refuses them too.
 */
public final class TarGzPacker {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private TarGzPacker() {}

    public static void pack(Path dir, Path outTarGz) {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(outTarGz));
             GZIPOutputStream gz = new GZIPOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(p -> !p.equals(dir)).sorted().toList();
            }
            for (Path p : files) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    throw new IOException("symbolic links are not allowed in a project: " + name);
                }
                boolean isDir = Files.isDirectory(p);
                // The name-only constructor gives 0644 files and 0755 directories, whatever the disk has.
                TarArchiveEntry entry = new TarArchiveEntry(isDir ? name + "/" : name);
                entry.setModTime(EPOCH);
                if (!isDir) {
                    entry.setSize(Files.size(p));
                }
                tar.putArchiveEntry(entry);
                if (!isDir) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + dir + " into " + outTarGz + ": " + e.getMessage(), e);
        }
    }
}
