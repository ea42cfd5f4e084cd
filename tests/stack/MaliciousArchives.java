package stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Hand-built .tar.gz files that a safe extractor must refuse, each beside one harmless entry. */
public final class MaliciousArchives {
    private MaliciousArchives() {}

    public interface Writer {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    public static Path build(Path file, Writer writer) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             GZIPOutputStream gz = new GZIPOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "composition.json", "{}");
            writer.write(tar);
        }
        return file;
    }

    public static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    public static void zeros(TarArchiveOutputStream tar, String name, int size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        tar.putArchiveEntry(e);
        tar.write(new byte[size]);
        tar.closeArchiveEntry();
    }

    public static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    public static void special(TarArchiveOutputStream tar, String name, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setDevMajor(1);
        e.setDevMinor(3);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /**
     * name -> writer of the offending entry; the outside target is {@code outside} (absolute). Some
     * names are stopped by one layer of the extractor only (a ".." that stays inside, a drive letter,
     * a leading backslash), so that removing that layer alone fails the tests that use these cases.
     */
    public static java.util.Map<String, Writer> cases(Path outside, int overCap) {
        var m = new java.util.LinkedHashMap<String, Writer>();
        m.put("dot-dot", t -> file(t, "../" + outside.getFileName(), "escaped"));
        m.put("nested-dot-dot", t -> file(t, "assets/../../../" + outside.getFileName(), "escaped"));
        m.put("dot-dot-staying-inside", t -> file(t, "assets/../composition.json.bak", "swapped"));
        m.put("absolute", t -> file(t, outside.toString(), "escaped"));
        m.put("drive-letter", t -> file(t, "C:/" + outside.getFileName(), "escaped"));
        m.put("leading-backslash", t -> file(t, "\\" + outside.getFileName(), "escaped"));
        m.put("duplicate-name", t -> file(t, "composition.json", "{\"replaced\":true}"));
        m.put("symlink-to-etc-passwd", t -> link(t, "passwd", TarConstants.LF_SYMLINK, "/etc/passwd"));
        m.put("symlink-then-write-through", t -> {
            link(t, "dir", TarConstants.LF_SYMLINK, outside.getParent().toString());
            file(t, "dir/" + outside.getFileName(), "escaped");
        });
        m.put("hard-link-outside", t -> link(t, "hl", TarConstants.LF_LINK, "../../" + outside.getFileName()));
        m.put("char-device", t -> special(t, "null", TarConstants.LF_CHR));
        m.put("block-device", t -> special(t, "sda", TarConstants.LF_BLK));
        m.put("fifo", t -> special(t, "pipe", TarConstants.LF_FIFO));
        m.put("over-size-cap", t -> zeros(t, "big.bin", overCap));
        return m;
    }
}
