package handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archive.TarGzPacker;
import embedded.EmbeddedS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3.S3Uri;
import s3http.PutObject;
import s3http.S3HttpClient;

/**
 * Invocations running at once in one JVM (as a harness may run them) share one extraction of a
 * project and never see a partial one; the handler-level behaviour (reuse across chunks, a changed
 * archive, a vanished extraction, eviction) is in stack.RenderHandlerTest.
 */
class ProjectCacheTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentFetchesOfOneArchiveShareOneCompleteExtraction() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(project.resolve("asset-" + i + ".txt"), "asset " + i + "\n".repeat(i * 100));
        }
        Path tgz = tmp.resolve("p.tar.gz");
        TarGzPacker.pack(project, tgz);
        try (EmbeddedS3Server server = EmbeddedS3Server.startInMemory()) {
            S3HttpClient s3 = S3HttpClient.fromEnvironment(server.clientEnvironment());
            server.createBucket("renders");
            S3Uri uri = PutObject.fromFile(s3, new S3Uri("renders", "p.tar.gz"), tgz, "application/gzip");
            ProjectCache cache = new ProjectCache(Files.createDirectories(tmp.resolve("work")), 64L << 20, 1000);
            int callers = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<ProjectCache.Lease>> leases = new ArrayList<>();
                for (int k = 0; k < callers; k++) {
                    Path scratch = Files.createDirectories(tmp.resolve("scratch-" + k));
                    leases.add(pool.submit(() -> {
                        start.await();
                        ProjectCache.Lease lease = cache.fetch(s3, uri, scratch);
                        try (var files = Files.list(lease.dir())) {
                            assertEquals(50, files.count(), "a caller saw a partial extraction");
                        }
                        return lease;
                    }));
                }
                start.countDown();
                int extracted = 0;
                Path dir = null;
                for (Future<ProjectCache.Lease> f : leases) {
                    ProjectCache.Lease lease = f.get();
                    extracted += lease.extracted() ? 1 : 0;
                    assertTrue(dir == null || dir.equals(lease.dir()), "every caller gets the same directory");
                    dir = lease.dir();
                    lease.close();
                }
                assertEquals(1, extracted, "one extraction for " + callers + " concurrent callers");
                assertEquals("asset 3" + "\n".repeat(300), Files.readString(dir.resolve("asset-3.txt")));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
