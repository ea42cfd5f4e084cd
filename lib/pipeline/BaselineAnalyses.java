package pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import media.DecodedFacts;
import media.MediaFacts;

/**
 * The baselines' container facts and decodes, read once per run: every chunk count (smoke) or
 * iteration (eval) gates against the same file, which does not change within a run. A file is known
 * by its path, size and modification time, so a baseline replaced in place is read again.
 */
public final class BaselineAnalyses {
    private record Key(Path path, long size, FileTime modified) {}

    private final Map<Key, MediaFacts> facts = new ConcurrentHashMap<>();
    private final Map<Key, DecodedFacts> decoded = new ConcurrentHashMap<>();

    MediaFacts facts(Path baseline) {
        return facts.computeIfAbsent(key(baseline), k -> MediaFacts.read(baseline));
    }

    /** The baseline's decode from an earlier gate, or null. */
    DecodedFacts decoded(Path baseline) {
        return decoded.get(key(baseline));
    }

    void remember(Path baseline, DecodedFacts facts) {
        decoded.putIfAbsent(key(baseline), facts);
    }

    private static Key key(Path file) {
        try {
            Path p = file.toAbsolutePath().normalize();
            return new Key(p, Files.size(p), Files.getLastModifiedTime(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
