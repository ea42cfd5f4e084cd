package s3http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import embedded.EmbeddedS3Server;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3.S3Uri;

/**
 * The handler's S3 client against a server that checks SigV4 signatures (the embedded s3proxy, with
 * AWS_V2_OR_V4 authentication): every operation the handler uses, keys that need encoding, the error
 * kinds the handler maps, and a wrong secret refused with 403 where the right one works. Retries are
 * shown against a loopback HTTP server that fails on purpose, which s3proxy cannot be made to do.
 */
class S3HttpClientTest {
    private static final String BUCKET = "renders";
    private static EmbeddedS3Server server;
    private static S3HttpClient s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.startInMemory();
        server.createBucket(BUCKET);
        s3 = S3HttpClient.fromEnvironment(server.clientEnvironment());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void putHeadAndGetRoundTripWithKeysThatNeedEncoding() throws Exception {
        S3Uri small = new S3Uri(BUCKET, "renders/r 1/plan+v=\u00fc$.json");
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        PutObject.fromBytes(s3, small, json, "application/json");
        assertArrayEquals(json, GetObject.toBytes(s3, small));

        Path file = tmp.resolve("chunk.mp4");
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        S3Uri big = new S3Uri(BUCKET, "renders/r 1/chunks/0000.mp4");
        PutObject.fromFile(s3, big, file, "video/mp4");
        String etag = HeadObject.etag(s3, big);
        GetObject.Hashed got = GetObject.toFileHashed(s3, big, tmp.resolve("got.mp4"), etag);
        assertArrayEquals(bytes, Files.readAllBytes(got.file()));
        assertEquals(SigV4.sha256Hex(bytes), got.sha256());
        assertEquals(etag, got.etag());
        assertEquals(Path.of(tmp.resolve("plain.mp4").toString()), GetObject.toFile(s3, big, tmp.resolve("plain.mp4")));
        assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve("plain.mp4")));
    }

    @Test
    void ifMatchRefusesAnotherVersion() {
        S3Uri uri = new S3Uri(BUCKET, "projects/p.tar.gz");
        PutObject.fromBytes(s3, uri, new byte[] {1, 2, 3}, "application/gzip");
        S3Exception e = assertThrows(S3Exception.class,
                () -> GetObject.toFileHashed(s3, uri, tmp.resolve("p.tar.gz"), "\"0123456789abcdef0123456789abcdef\""));
        assertEquals(412, e.status(), e.getMessage());
    }

    @Test
    void missingKeysAndBucketsAreMissingObjects() {
        S3Uri noKey = new S3Uri(BUCKET, "nothing/here");
        S3Uri noBucket = new S3Uri("no-such-bucket", "x");
        assertEquals("no such object: s3://renders/nothing/here",
                assertThrows(MissingObjectException.class, () -> GetObject.toBytes(s3, noKey)).getMessage());
        assertThrows(MissingObjectException.class, () -> GetObject.toFile(s3, noKey, tmp.resolve("x")));
        assertThrows(MissingObjectException.class, () -> HeadObject.etag(s3, noKey));
        assertThrows(MissingObjectException.class, () -> GetObject.toBytes(s3, noBucket));
        assertThrows(MissingObjectException.class, () -> HeadObject.etag(s3, noBucket));
    }

    @Test
    void aWrongSecretIsRefusedAndNeverShown() {
        Map<String, String> env = new HashMap<>(server.clientEnvironment());
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        S3HttpClient wrong = S3HttpClient.fromEnvironment(env);
        S3Uri uri = new S3Uri(BUCKET, "signed/x.json");
        S3Exception put = assertThrows(S3Exception.class, () -> PutObject.fromBytes(wrong, uri, new byte[] {1}, "application/json"));
        assertEquals(403, put.status(), put.getMessage());
        S3Exception get = assertThrows(S3Exception.class, () -> GetObject.toBytes(wrong, uri));
        assertEquals(403, get.status(), get.getMessage());
        assertFalse(get.getMessage().contains("not-the-secret") || get.getMessage().contains("Signature="), get.getMessage());
        PutObject.fromBytes(s3, uri, new byte[] {1}, "application/json");
        assertArrayEquals(new byte[] {1}, GetObject.toBytes(s3, uri));
    }

    /** s3proxy refuses x-amz-security-token (501), so what Lambda's session credentials add is checked on the wire. */
    @Test
    void aSessionTokenIsSentAndSigned() throws Exception {
        Map<String, String> seen = new HashMap<>();
        HttpServer recording = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recording.createContext("/", exchange -> {
            synchronized (seen) {
                seen.put("token", exchange.getRequestHeaders().getFirst("x-amz-security-token"));
                seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        recording.start();
        try {
            Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token-as-lambda-sets-it",
                    "AWS_REGION", "eu-central-1"));
            env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + recording.getAddress().getPort());
            PutObject.fromBytes(S3HttpClient.fromEnvironment(env), new S3Uri(BUCKET, "k"), new byte[] {4}, "application/json");
            synchronized (seen) {
                assertEquals("token-as-lambda-sets-it", seen.get("token"));
                assertTrue(seen.get("authorization").matches("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/\\d{8}/eu-central-1/s3/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}"),
                        seen.get("authorization"));
            }
        } finally {
            recording.stop(0);
        }
    }

    @Test
    void warmingUpSendsNothing() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer counting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        counting.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        counting.start();
        try {
            S3HttpClient.warmUp(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + counting.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"));
            S3HttpClient.warmUp(Map.of("AWS_REGION", "eu-west-1"));
            assertEquals(0, requests.get());
        } finally {
            counting.stop(0);
        }
    }

    @Test
    void noCredentialsIsSaidPlainly() {
        S3HttpClient none = S3HttpClient.fromEnvironment(Map.of("AWS_ENDPOINT_URL", server.endpoint().toString()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GetObject.toBytes(none, new S3Uri(BUCKET, "x")));
        assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
    }

    @Test
    void awsAddressingIsVirtualHostedUnlessTheBucketCannotBeAHost() {
        S3HttpClient aws = S3HttpClient.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"));
        assertEquals(new S3HttpClient.Address(URI.create("https://rp-render-1.s3.eu-west-1.amazonaws.com/renders/a%20b"), "/renders/a%20b"),
                aws.address(new S3Uri("rp-render-1", "renders/a b")));
        assertEquals(new S3HttpClient.Address(URI.create("https://s3.eu-west-1.amazonaws.com/my.bucket/k"), "/my.bucket/k"),
                aws.address(new S3Uri("my.bucket", "k")));
        S3HttpClient local = S3HttpClient.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://localstack:4566/",
                "AWS_ENDPOINT_URL_S3", "http://s3.local:9000/base/"));
        assertEquals(new S3HttpClient.Address(URI.create("http://s3.local:9000/base/rp-render-1/k"), "/base/rp-render-1/k"),
                local.address(new S3Uri("rp-render-1", "k")));
        assertEquals("s3.local:9000", S3HttpClient.hostHeader(URI.create("http://s3.local:9000/x")));
        assertEquals("bucket.s3.amazonaws.com", S3HttpClient.hostHeader(URI.create("https://bucket.s3.amazonaws.com:443/x")));
    }

    @Test
    void serverErrorsAreRetriedThenReported() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            byte[] body = n <= 2
                    ? "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>".getBytes(StandardCharsets.UTF_8)
                    : "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n <= 2 ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failing.start();
        try {
            S3HttpClient client = testClient("http://127.0.0.1:" + failing.getAddress().getPort());
            assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), GetObject.toBytes(client, new S3Uri(BUCKET, "k")));
            assertEquals(3, requests.get(), "two 503s, then the answer");

            requests.set(-100);
            S3Exception e = assertThrows(S3Exception.class, () -> GetObject.toBytes(client, new S3Uri(BUCKET, "k")));
            assertEquals(503, e.status());
            assertEquals("SlowDown", e.errorCode());
            assertEquals(-100 + S3HttpClient.MAX_ATTEMPTS, requests.get(), "every attempt was made, no more");
        } finally {
            failing.stop(0);
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer denying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        denying.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        denying.start();
        try {
            S3HttpClient client = testClient("http://127.0.0.1:" + denying.getAddress().getPort());
            S3Exception e = assertThrows(S3Exception.class, () -> PutObject.fromBytes(client, new S3Uri(BUCKET, "k"),
                    new byte[] {1}, "application/json"));
            assertEquals("PutObject s3://renders/k: Access Denied (Status Code: 403, Error Code: AccessDenied, Request ID: R1)",
                    e.getMessage());
            assertEquals(1, requests.get());
        } finally {
            denying.stop(0);
        }
    }

    @Test
    void connectionFailuresAreRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3HttpClient client = testClient("http://127.0.0.1:" + closedPort);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HeadObject.etag(client, new S3Uri(BUCKET, "k")));
        assertTrue(e.getMessage().startsWith("HeadObject s3://renders/k failed after " + S3HttpClient.MAX_ATTEMPTS + " attempts"),
                e.getMessage());
    }

    /** Path-style at endpoint, with a 1 ms backoff so the retry tests stay quick. */
    private static S3HttpClient testClient(String endpoint) {
        return new S3HttpClient("us-east-1", URI.create(endpoint), new SigV4.Credentials("a", "b", null),
                S3HttpClient.MAX_ATTEMPTS, 1);
    }
}
