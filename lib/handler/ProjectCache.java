package handler;

import archive.SafeTarGzExtractor;
import contract.ErrorName;
import contract.RenderFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import s3.S3Uri;
import s3http.GetObject;
import s3http.HeadObject;
import s3http.S3HttpClient;

/**
 * The project archives one execution environment (one handler instance) has extracted, so a warm
 * environment extracts a project once rather than once per chunk. An archive version is named by its
 * S3 URI and ETag (a HeadObject, not a download, tells whether it is known); its extraction is stored
 * under the SHA-256 of the bytes actually downloaded, which were fetched on condition that they still
 * carry that ETag. An extraction is written to a scratch directory and renamed into place only once
 * complete, so a directory under its final name is never partial; one that has gone missing is
 * extracted again. Concurrent fetches of one version in this JVM wait for a single extraction;
 * extractions in use are never evicted, and of the others only the most recently used few are kept,
 * so a long-lived environment serving many projects does not fill its disk.
 */
final class ProjectCache {
    /** Unused extractions kept for the next invocations; a project may expand to 1 GiB (the extractor's cap). */
    static final int KEEP_UNUSED = 2;

    private final Path workRoot;
    private final long maxBytes;
    private final int maxEntries;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** "uri ETag" to the SHA-256 of that version's bytes. */
    private final Map<String, String> contentOfVersion = new HashMap<>();
    /** Extractions by content hash, least recently used first. */
    private final LinkedHashMap<String, Entry> extractions = new LinkedHashMap<>(16, 0.75f, true);
    private Path root;

    private static final class Entry {
        final Path dir;
        int users;

        Entry(Path dir) {
            this.dir = dir;
        }
    }

    /** A project directory in use by one invocation; {@link #close} lets the cache evict it again. */
    final class Lease implements AutoCloseable {
        private final String content;
        private final Path dir;
        private final boolean extracted;
        private boolean closed;

        private Lease(String content, Path dir, boolean extracted) {
            this.content = content;
            this.dir = dir;
            this.extracted = extracted;
        }

        Path dir() {
            return dir;
        }

        /** True when this fetch downloaded and extracted the archive, false when it reused an extraction. */
        boolean extracted() {
            return extracted;
        }

        @Override
        public void close() {
            synchronized (ProjectCache.this) {
                if (!closed) {
                    closed = true;
                    Entry e = extractions.get(content);
                    if (e != null) {
                        e.users--;
                    }
                    evictUnused();
                }
            }
        }
    }

    ProjectCache(Path workRoot, long maxBytes, int maxEntries) {
        this.workRoot = workRoot;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * The extracted project at {@code uri}, downloading and extracting it unless this environment already
     * has this version. {@code scratch} (the invocation's work directory) receives the downloaded archive.
     */
    Lease fetch(S3HttpClient s3, S3Uri uri, Path scratch) {
        String etag = HeadObject.etag(s3, uri);
        String version = uri + " " + etag;
        synchronized (lock("version " + version)) {
            Lease known = leaseKnown(version);
            if (known != null) {
                return known;
            }
            GetObject.Hashed archive = GetObject.toFileHashed(s3, uri, scratch.resolve("project.tar.gz"), etag);
            try {
                synchronized (lock("content " + archive.sha256())) {
                    synchronized (this) {
                        contentOfVersion.put(version, archive.sha256());
                        Lease sameBytes = leaseExisting(archive.sha256());
                        if (sameBytes != null) {
                            return sameBytes;
                        }
                    }
                    Path dir = extract(archive.file(), archive.sha256(), uri);
                    synchronized (this) {
                        Entry e = new Entry(dir);
                        e.users++;
                        extractions.put(archive.sha256(), e);
                        evictUnused();
                        return new Lease(archive.sha256(), dir, true);
                    }
                }
            } finally {
                deleteQuietly(archive.file());
            }
        }
    }

    /** One monitor per name, for the life of the environment (names are few: one per archive version). */
    private Object lock(String name) {
        return locks.computeIfAbsent(name, n -> new Object());
    }

    private synchronized Lease leaseKnown(String version) {
        String content = contentOfVersion.get(version);
        return content == null ? null : leaseExisting(content);
    }

    /** A lease on the extraction of these bytes if it is still whole on disk; a vanished one is forgotten. */
    private Lease leaseExisting(String content) {
        Entry e = extractions.get(content);
        if (e == null) {
            return null;
        }
        if (!Files.isDirectory(e.dir)) {
            extractions.remove(content);
            return null;
        }
        e.users++;
        return new Lease(content, e.dir, false);
    }

    private Path extract(Path archive, String content, S3Uri uri) {
        Path scratchDir = null;
        try {
            Path base = root();
            Path target = base.resolve(content);
            scratchDir = Files.createTempDirectory(base, "partial-");
            new SafeTarGzExtractor(maxBytes, maxEntries).extract(archive, scratchDir);
            // Under the content's lock and unregistered, so nobody uses it: the remains of a failed eviction.
            deleteTree(target);
            Files.move(scratchDir, target, StandardCopyOption.ATOMIC_MOVE);
            scratchDir = null;
            return target;
        } catch (SafeTarGzExtractor.UnsafeArchiveException e) {
            throw new RenderFailure(ErrorName.INVALID_PROJECT_ARCHIVE, uri + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(scratchDir);
        }
    }

    /** This environment's own directory under the work root, made on first use. */
    private synchronized Path root() throws IOException {
        if (root == null) {
            Files.createDirectories(workRoot);
            root = Files.createTempDirectory(workRoot, "renderproof-projects-");
        }
        return root;
    }

    private void evictUnused() {
        int unused = (int) extractions.values().stream().filter(e -> e.users == 0).count();
        Iterator<Map.Entry<String, Entry>> it = extractions.entrySet().iterator();
        while (unused > KEEP_UNUSED && it.hasNext()) {
            Map.Entry<String, Entry> oldest = it.next();
            if (oldest.getValue().users == 0) {
                it.remove();
                contentOfVersion.values().removeIf(oldest.getKey()::equals);
                deleteTree(oldest.getValue().dir);
                unused--;
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // inside the invocation's work directory, which is removed after the invocation anyway
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("{\"event\":\"cleanup_failed\",\"dir\":\"" + dir + "\"}");
        }
    }
}
