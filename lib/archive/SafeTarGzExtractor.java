//DEPS org.apache.commons:commons-compress:1.28.0
//DEPS org.apache.commons:commons-lang3:3.18.0
//DEPS commons-io:commons-io:2.20.0
package archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * racy), device files and FIFOs, duplicate names, names the file system cannot hold (a segment over
 * 255 bytes, a name over 1,024 bytes), more than {@code maxBytes} of content in total and more than
 * {@code maxEntries} entries.
 *
 * The archive is read twice. The first pass checks every header (names, types, the entry
 * count and the declared sizes) and writes nothing, so a refused archive never fills the disk or the
 * inode table before a cap is noticed; the second pass writes, still counting the bytes it copies.
 *
 * Escapes are stopped by independent layers, each enough on its own, so that a bug in one is not a
 * hole: the name is checked (absolute, ".."), then the normalised path must lie inside the target,
 * then every directory is created one segment at a time and its real path on disk checked before
 * anything is written into it. Each layer is a method of its own so that tests pin each one directly.
 * commons-lang3 and commons-io are pinned to the versions commons-compress is built against: older
 * ones arrive transitively (jave, s3proxy) and fail at run time with NoSuchMethodError.
 */
public final class SafeTarGzExtractor {
    /** Lambda's /tmp holds at most 10 GiB and chunks, the audio and the output need room too. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** NAME_MAX of Linux file systems (ext4, tmpfs, overlayfs), in bytes. */
    static final int MAX_SEGMENT_BYTES = 255;
    /** Far below PATH_MAX (4,096) once the work directory is prefixed; no project needs longer names. */
    static final int MAX_NAME_BYTES = 1024;

    private final long maxBytes;
    private final int maxEntries;

    public SafeTarGzExtractor(long maxBytes) {
        this(maxBytes, DEFAULT_MAX_ENTRIES);
    }

    public SafeTarGzExtractor(long maxBytes, int maxEntries) {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("maxBytes and maxEntries must be positive: " + maxBytes + ", " + maxEntries);
        }
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Thrown for any archive this extractor refuses; the message names the offending entry. */
    public static final class UnsafeArchiveException extends IOException {
        public UnsafeArchiveException(String message) {
            super(message);
        }
    }

    /**
     * Extracts into {@code targetDir} (created if missing, expected empty). On failure the caller
     * discards targetDir; nothing has been written outside it, and nothing at all when a header is refused.
     */
    public void extract(Path archive, Path targetDir) throws IOException {
        Path root = Files.createDirectories(targetDir).toRealPath();
        pass(archive, root, false);
        pass(archive, root, true);
    }

    private void pass(Path archive, Path root, boolean write) throws IOException {
        long declared = 0;
        long copied = 0;
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gz = new GZIPInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new UnsafeArchiveException("more than " + maxEntries + " entries");
                }
                String name = entry.getName();
                refuseAbsoluteOrEmpty(name);
                refuseNamesTheFileSystemCannotHold(name);
                refuseDotDotSegments(name);
                Path dest = normalisedInside(root, name);
                refuseLinksAndDevices(entry);
                if (entry.isDirectory()) {
                    if (write) {
                        createDirectoriesInside(root, dest);
                    }
                    continue;
                }
                if (dest.equals(root)) {
                    throw new UnsafeArchiveException("a file entry naming the target directory itself refused: " + shown(name));
                }
                declared += entry.getSize();
                if (declared > maxBytes) {
                    throw new UnsafeArchiveException("archive expands past " + maxBytes + " bytes (at " + shown(name) + ")");
                }
                if (write) {
                    createDirectoriesInside(root, dest.getParent());
                    copied = copyCapped(tar, dest, copied, name);
                }
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

    /** Layer 1: names that are absolute on any platform (a tar made on Windows may carry "C:" or "\\"). */
    static void refuseAbsoluteOrEmpty(String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new UnsafeArchiveException("absolute or empty entry name refused: " + shown(name));
        }
    }

    /**
     * Names longer than the file system holds would fail on disk as an I/O error, which looks
     * transient; refused here they are what they are, a permanently invalid archive.
     */
    static void refuseNamesTheFileSystemCannotHold(String name) throws UnsafeArchiveException {
        if (utf8Length(name) > MAX_NAME_BYTES) {
            throw new UnsafeArchiveException("entry name longer than " + MAX_NAME_BYTES + " bytes refused: " + shown(name));
        }
        for (String segment : name.split("[/\\\\]")) {
            if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
                throw new UnsafeArchiveException("entry name segment longer than " + MAX_SEGMENT_BYTES
                        + " bytes refused: " + shown(name));
            }
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Names in messages are cut short: an over-long name must not become an over-long error. */
    private static String shown(String name) {
        return name == null || name.length() <= 120 ? name : name.substring(0, 120) + "... (" + name.length() + " characters)";
    }

    /** Layer 2: any ".." segment, even one that stays inside ("a/../b"): a project never needs one. */
    static void refuseDotDotSegments(String name) throws UnsafeArchiveException {
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveException("'..' in entry name refused: " + shown(name));
            }
        }
    }

    /** Layer 3: the lexically normalised destination must lie inside the root. */
    static Path normalisedInside(Path root, String name) throws UnsafeArchiveException {
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw new UnsafeArchiveException("entry escapes the target directory: " + shown(name));
        }
        return dest;
    }

    /**
     * Links, devices and FIFOs are refused. commons-compress calls every other entry a file or a
     * directory (a link or device not refused here would be written as an empty regular file).
     */
    static void refuseLinksAndDevices(TarArchiveEntry entry) throws UnsafeArchiveException {
        String name = entry.getName();
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw new UnsafeArchiveException("link entry refused: " + shown(name) + " -> " + shown(entry.getLinkName()));
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new UnsafeArchiveException("device or FIFO entry refused: " + shown(name));
        }
    }

    /**
     * Layer 4, on disk: creates {@code dir} one segment at a time from the root. Before anything is
     * created or written, each segment must not be a symbolic link (an archive cannot make one, but a
     * pre-existing one must not redirect a write) and its real path must be inside the root. It does
     * not rely on the name checks above: a ".." that got this far is refused here, before it is used.
     */
    static void createDirectoriesInside(Path root, Path dir) throws IOException {
        Path current = root;
        for (Path segment : root.relativize(dir)) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeArchiveException("path through a symbolic link refused: " + root.relativize(current));
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current);
                } catch (FileAlreadyExistsException e) {
                    throw new UnsafeArchiveException("entry path is not a directory: " + root.relativize(current));
                }
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeArchiveException("entry path is not a directory: " + root.relativize(current));
            }
            if (!current.toRealPath().startsWith(root)) {
                throw new UnsafeArchiveException("entry escapes the target directory: " + root.relativize(current));
            }
        }
    }

    private long copyCapped(InputStream in, Path dest, long total, String name) throws IOException {
        OutputStream out;
        try {
            // CREATE_NEW never follows or overwrites: a duplicate name cannot replace an earlier entry.
            out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("duplicate entry refused: " + shown(name));
        }
        byte[] buf = new byte[64 * 1024];
        try (out) {
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new UnsafeArchiveException("archive expands past " + maxBytes + " bytes (at " + shown(name) + ")");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }
}
