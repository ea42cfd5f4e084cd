//DEPS org.apache.commons:commons-compress:1.28.0
//DEPS org.apache.commons:commons-lang3:3.18.0
//DEPS commons-io:commons-io:2.20.0
package archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a project archive (.tar.gz) that arrives from outside the trust boundary. Everything that
 * could write outside the target directory or exhaust the disk is refused rather than sanitised: a
 * render of a silently altered project would be worse than a clear failure. Refused: absolute names,
 * ".." segments, symbolic and hard links (a project needs neither, and checking a link target is
 * racy), device files and FIFOs, and more than {@code maxBytes} of content in total.
 * commons-lang3 and commons-io are pinned to the versions commons-compress is built against: older
 * ones arrive transitively (jave, s3proxy) and fail at run time with NoSuchMethodError.
 */
public final class SafeTarGzExtractor {
    /** Lambda's /tmp holds at most 10 GiB and chunks, the audio and the output need room too. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final int MAX_ENTRIES = 100_000;

    private final long maxBytes;

    public SafeTarGzExtractor(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Thrown for any archive this extractor refuses; the message names the offending entry. */
    public static final class UnsafeArchiveException extends IOException {
        public UnsafeArchiveException(String message) {
            super(message);
        }
    }

    /**
     * Extracts into {@code targetDir} (created if missing, expected empty). On failure the caller
     * discards targetDir; nothing has been written outside it.
     */
    public void extract(Path archive, Path targetDir) throws IOException {
        Path root = Files.createDirectories(targetDir).toRealPath();
        long total = 0;
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gz = new GZIPInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new UnsafeArchiveException("more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                Path dest = resolveInside(root, name);
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new UnsafeArchiveException("link entry refused: " + name + " -> " + entry.getLinkName());
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new UnsafeArchiveException("device or FIFO entry refused: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                if (!entry.isFile() || dest.equals(root)) {
                    throw new UnsafeArchiveException("unsupported entry refused: " + name);
                }
                Files.createDirectories(dest.getParent());
                ensureNoLinkOnPath(root, dest.getParent());
                total = copyCapped(tar, dest, total, name);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new UnsafeArchiveException("not a valid .tar.gz: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // commons-compress reports malformed headers this way.
            throw new UnsafeArchiveException("malformed tar header: " + e.getMessage());
        }
        if (entries == 0) {
            throw new UnsafeArchiveException("empty archive");
        }
    }

    private static Path resolveInside(Path root, String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new UnsafeArchiveException("absolute or empty entry name refused: " + name);
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveException("'..' in entry name refused: " + name);
            }
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw new UnsafeArchiveException("entry escapes the target directory: " + name);
        }
        return dest;
    }

    /** Links are never extracted, but a pre-existing one must not redirect a write either. */
    private static void ensureNoLinkOnPath(Path root, Path dir) throws IOException {
        for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException("path through a symbolic link refused: " + root.relativize(dir));
            }
        }
        if (!dir.toRealPath().startsWith(root)) {
            throw new UnsafeArchiveException("entry escapes the target directory: " + root.relativize(dir));
        }
    }

    private long copyCapped(InputStream in, Path dest, long total, String name) throws IOException {
        OutputStream out;
        try {
            // CREATE_NEW never follows or overwrites: a duplicate name cannot replace an earlier entry.
            out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("duplicate entry refused: " + name);
        }
        byte[] buf = new byte[64 * 1024];
        try (out) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new UnsafeArchiveException("archive expands past " + maxBytes + " bytes (at " + name + ")");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }
}
