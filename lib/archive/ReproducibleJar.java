package archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Rewrites a jar so that the same contents always give the same bytes: entries in name order (the
 * manifest first, where JarInputStream looks for it), one fixed timestamp, fixed permissions, no extra
 * fields. Entries the caller drops are left out, and service files lose the lines naming dropped
 * classes. Chosen entries get unix mode 0755, which Lambda (and unzip) keep when extracting, so an
 * executable inside the jar can run in place. They stay compressed although a jar-loaded environment
 * (--embedded, --local) must inflate them before they run (about 350 ms of CPU for the 77 MB ffmpeg, once
 * per machine for --embedded, whose environments share an ffmpeg cache): stored, they would add some
 * 49 MB to what every aws run uploads.
 */
public final class ReproducibleJar {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String SERVICES = "META-INF/services/";
    private static final int FILE = 0100644;
    private static final int EXECUTABLE = 0100755;
    private static final int DIRECTORY = 040755;
    /** META-INF/, then the manifest, then everything by name. */
    private static final Comparator<String> MANIFEST_FIRST = Comparator
            .comparing((String n) -> !n.equals("META-INF/") && !n.equals(MANIFEST))
            .thenComparing(n -> !n.equals("META-INF/"))
            .thenComparing(Comparator.naturalOrder());

    private ReproducibleJar() {}

    /** What the rewrite kept and left out. */
    public record Stats(int kept, int dropped, long droppedBytes) {}

    /**
     * Writes {@code out} from {@code in}: without the entries {@code drop} accepts, with
     * {@code executables} marked 0755, and with {@code added} (name to bytes) as extra entries.
     */
    public static Stats rewrite(Path in, Path out, Predicate<String> drop, Set<String> executables,
                                Map<String, byte[]> added) throws IOException {
        // Zip times are local date-times: this yields 2000-01-01 00:00 in the archive in any time zone.
        long time = LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        int kept = 0;
        int dropped = 0;
        long droppedBytes = 0;
        try (ZipFile source = new ZipFile(in.toFile());
             ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            Map<String, ZipEntry> entries = new TreeMap<>(MANIFEST_FIRST);
            source.stream().forEach(e -> entries.put(e.getName(), e));
            Map<String, byte[]> extra = new TreeMap<>(added);
            for (ZipEntry e : entries.values()) {
                String name = e.getName();
                if (drop.test(name) || extra.containsKey(name)) {
                    dropped++;
                    droppedBytes += Math.max(0, e.getSize());
                    continue;
                }
                byte[] replaced = null;
                if (name.startsWith(SERVICES) && !e.isDirectory()) {
                    try (InputStream data = source.getInputStream(e)) {
                        replaced = withoutDroppedProviders(data, drop);
                    }
                    if (replaced == null) {
                        dropped++;
                        droppedBytes += Math.max(0, e.getSize());
                        continue;
                    }
                }
                ZipArchiveEntry copy = new ZipArchiveEntry(name);
                copy.setTime(time);
                copy.setUnixMode(e.isDirectory() ? DIRECTORY : executables.contains(name) ? EXECUTABLE : FILE);
                copy.setMethod(e.isDirectory() ? ZipEntry.STORED : ZipEntry.DEFLATED);
                zip.putArchiveEntry(copy);
                if (replaced != null) {
                    zip.write(replaced);
                } else if (!e.isDirectory()) {
                    try (InputStream data = source.getInputStream(e)) {
                        data.transferTo(zip);
                    }
                }
                zip.closeArchiveEntry();
                kept++;
            }
            for (Map.Entry<String, byte[]> a : extra.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(a.getKey());
                entry.setTime(time);
                entry.setUnixMode(FILE);
                entry.setMethod(ZipEntry.DEFLATED);
                zip.putArchiveEntry(entry);
                zip.write(a.getValue());
                zip.closeArchiveEntry();
                kept++;
            }
        }
        return new Stats(kept, dropped, droppedBytes);
    }


    /**
     * The service file without providers whose class is dropped; null when no provider is left.
     * A provider line naming a missing class would make ServiceLoader fail for every provider.
     */
    private static byte[] withoutDroppedProviders(InputStream data, Predicate<String> drop) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean anyProvider = false;
        for (String line : new String(data.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
            String provider = line.replaceAll("#.*", "").trim();
            if (provider.isEmpty()) {
                lines.add(line);
            } else if (!drop.test(provider.replace('.', '/') + ".class")) {
                lines.add(line);
                anyProvider = true;
            }
        }
        if (!anyProvider) {
            return null;
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
}
