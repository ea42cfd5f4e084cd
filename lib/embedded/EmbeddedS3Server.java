//DEPS org.gaul:s3proxy:4.1.0
//DEPS org.slf4j:slf4j-api:2.0.18
//FILES logback.xml=logback.xml
package embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API over HTTP on a loopback port (s3proxy), for the --embedded target and the tests: the
 * handler and the harness talk to it with the ordinary SDK client, path-style, SigV4-signed with
 * {@link #ACCESS_KEY}/{@link #SECRET_KEY}. Data lives in a directory (filesystem store) or in memory.
 * slf4j-api is pinned to the 2.x that s3proxy's logback needs (an older one arrives transitively
 * otherwise), and logback.xml beside this file sets WARN, since s3proxy and Jetty log every request
 * at DEBUG unless configured.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "renderproof";
    public static final String SECRET_KEY = "renderproof-embedded-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;

    private EmbeddedS3Server(BlobStore store) throws Exception {
        this.store = store;
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // No graceful stop: it gives idle keep-alive connections (every SDK client's pool) a
                // second to close, on every teardown, and nothing is in flight that must finish then.
                .stopTimeout(0)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start (state " + proxy.getState() + ")");
            }
            Thread.sleep(20);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Objects persisted under dataDir (created if missing), so a run's buckets can be inspected afterwards. */
    public static EmbeddedS3Server start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return new EmbeddedS3Server(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server: " + e.getMessage(), e);
        }
    }

    /** Objects kept in memory only. */
    public static EmbeddedS3Server startInMemory() {
        try {
            return new EmbeddedS3Server(new TransientNio2BlobStore());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public void createBucket(String name) {
        store.createContainer(name);
    }

    /** The environment an SDK client (or the handler) needs to reach this server. */
    public java.util.Map<String, String> clientEnvironment() {
        return java.util.Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server: " + e.getMessage(), e);
        }
    }
}
