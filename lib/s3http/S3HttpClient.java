package s3http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import s3.S3Uri;

/**
 * The handler's S3 client: single requests over the JDK's HttpURLConnection, signed with {@link SigV4}.
 * The AWS SDK's client did the same for the handler's five calls but made up most of a new execution
 * environment's init (its classes, its construction, the first request's marshalling); this loads a
 * few dozen JDK classes. Configured from the environment Lambda gives a function (see
 * {@link #fromEnvironment}). The harness uses it too against the embedded S3 server, and the SDK elsewhere.
 *
 * Like the SDK's default: a request that fails with an I/O error, a 500, 502, 503, 504, 429 or a throttling code is
 * tried again, up to {@link #MAX_ATTEMPTS} times with exponential backoff and full jitter; connect and
 * read time out. Thread-safe: HttpURLConnection keeps idle connections alive per host for reuse.
 */
public final class S3HttpClient {
    public static final int MAX_ATTEMPTS = 4;
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 60_000;
    private static final long BACKOFF_BASE_MS = 100;
    private static final long BACKOFF_CAP_MS = 20_000;
    /** As the SDK's standard retry strategy: not 501 Not Implemented, which no retry changes. */
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 500, 502, 503, 504);
    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "RequestTimeout", "Throttling",
            "ThrottlingException", "InternalError", "ServiceUnavailable");
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private static final Pattern REQUEST_ID = Pattern.compile("<RequestId>([^<]*)</RequestId>");

    private final String region;
    /** Null for AWS itself (virtual-hosted addressing); else the server every bucket is a path of. */
    private final URI endpoint;
    /** Null when the environment has none: the first request says so. */
    private final SigV4.Credentials credentials;
    private final int maxAttempts;
    private final long backoffBaseMs;

    S3HttpClient(String region, URI endpoint, SigV4.Credentials credentials, int maxAttempts, long backoffBaseMs) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.maxAttempts = maxAttempts;
        this.backoffBaseMs = backoffBaseMs;
    }

    /**
     * From the variables Lambda sets (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
     * AWS_REGION; AWS_DEFAULT_REGION, else us-east-1) and the SDK's endpoint convention the local targets
     * use: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, names an S3-compatible server (s3proxy, LocalStack,
     * moto) addressed path-style, as the SDK client was configured for them.
     */
    public static S3HttpClient fromEnvironment(Map<String, String> env) {
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1");
        String endpoint = firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"), null);
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        SigV4.Credentials credentials = isBlank(id) || isBlank(secret) ? null
                : new SigV4.Credentials(id, secret, isBlank(env.get("AWS_SESSION_TOKEN")) ? null : env.get("AWS_SESSION_TOKEN"));
        return new S3HttpClient(region, endpoint == null ? null : URI.create(endpoint), credentials, MAX_ATTEMPTS,
                BACKOFF_BASE_MS);
    }

    /** A request body: sent with a fixed length, re-sent from the start on a retry. */
    interface Body {
        long length();

        /** The SHA-256 (hex) of the bytes, or {@link SigV4#UNSIGNED_PAYLOAD} where S3 allows that. */
        String payloadHash(boolean https);

        void writeTo(OutputStream out) throws IOException;
    }

    /** Reads a successful response; an IOException while reading makes the whole request be tried again. */
    interface Response<T> {
        T read(HttpURLConnection connection, InputStream body) throws IOException;
    }

    /**
     * Sends one operation (retried as the class comment says) and reads its successful response. An error
     * status that is not retried, or still fails at the last attempt, is thrown as {@link S3Exception}.
     */
    <T> T exchange(String operation, String method, S3Uri uri, Map<String, String> headers, Body body, Response<T> response) {
        if (credentials == null) {
            throw new IllegalStateException("no AWS credentials for S3: the handler reads AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) from its environment, as Lambda sets them");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(operation, method, uri, headers, body, response);
            } catch (S3Exception e) {
                if (!retryable(e) || attempt >= maxAttempts) {
                    throw e;
                }
            } catch (IOException e) {
                if (attempt >= maxAttempts) {
                    throw new java.io.UncheckedIOException(operation + " " + uri + " failed after " + attempt
                            + " attempts: " + e, e);
                }
            }
            backoff(attempt);
        }
    }

    private <T> T attempt(String operation, String method, S3Uri uri, Map<String, String> extraHeaders, Body body,
                          Response<T> response) throws IOException {
        Address address = address(uri);
        boolean https = address.url().getScheme().equalsIgnoreCase("https");
        String payloadHash = body == null ? SigV4.EMPTY_PAYLOAD_SHA256 : body.payloadHash(https);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", hostHeader(address.url()));
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", amzDate());
        if (credentials.sessionToken() != null) {
            signed.put("x-amz-security-token", credentials.sessionToken());
        }
        signed.putAll(extraHeaders);
        String authorization = SigV4.authorization(new SigV4.Request(method, address.canonicalUri(), "", signed, payloadHash),
                signed.get("x-amz-date"), region, "s3", credentials);

        HttpURLConnection c = (HttpURLConnection) address.url().toURL().openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        // HttpURLConnection writes Host itself, from the URL, exactly as hostHeader() computes it.
        signed.forEach((name, value) -> {
            if (!name.equals("host")) {
                c.setRequestProperty(name, value);
            }
        });
        c.setRequestProperty("Authorization", authorization);
        c.setRequestProperty("User-Agent", "renderproof-handler");
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length());
            try (OutputStream out = c.getOutputStream()) {
                body.writeTo(out);
            }
        }
        int status = c.getResponseCode();
        if (status / 100 == 2) {
            try (InputStream in = c.getInputStream()) {
                return response.read(c, in);
            }
        }
        throw error(operation, uri, c, status);
    }

    private static S3Exception error(String operation, S3Uri uri, HttpURLConnection c, int status) throws IOException {
        String xml = "";
        try (InputStream err = c.getErrorStream()) {
            if (err != null) {
                xml = new String(readAtMost(err, 64 * 1024), StandardCharsets.UTF_8);
            }
        }
        String requestId = first(REQUEST_ID, xml);
        return new S3Exception(operation, uri.toString(), status, first(CODE, xml), first(MESSAGE, xml),
                requestId != null ? requestId : c.getHeaderField("x-amz-request-id"));
    }

    static boolean retryable(S3Exception e) {
        return RETRYABLE_STATUS.contains(e.status()) || (e.errorCode() != null && RETRYABLE_CODES.contains(e.errorCode()));
    }

    private void backoff(int attempt) {
        long ceiling = Math.min(BACKOFF_CAP_MS, backoffBaseMs << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry an S3 request", e);
        }
    }

    /** Where an object is: its URL and the path as signed (the same bytes: the key is encoded once). */
    record Address(URI url, String canonicalUri) {}

    Address address(S3Uri uri) {
        String key = SigV4.uriEncode(uri.key(), true);
        if (endpoint != null) {
            String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
            String path = base + "/" + SigV4.uriEncode(uri.bucket(), false) + "/" + key;
            return new Address(URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path), path);
        }
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        if (virtualHostable(uri.bucket())) {
            return new Address(URI.create("https://" + uri.bucket() + ".s3." + region + "." + domain + "/" + key), "/" + key);
        }
        String path = "/" + SigV4.uriEncode(uri.bucket(), false) + "/" + key;
        return new Address(URI.create("https://s3." + region + "." + domain + path), path);
    }

    /**
     * As the SDK decides: a bucket whose name is a valid DNS label and has no dots (a dotted name would not
     * match S3's TLS certificate) is addressed as a virtual host, any other by path.
     */
    static boolean virtualHostable(String bucket) {
        return bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]") && !bucket.contains("--");
    }

    /** What HttpURLConnection sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI url) {
        int port = url.getPort();
        int defaultPort = url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return port == -1 || port == defaultPort ? url.getHost() : url.getHost() + ":" + port;
    }

    private static String amzDate() {
        LocalDateTime t = LocalDateTime.now(ZoneOffset.UTC);
        return String.format("%04d%02d%02dT%02d%02d%02dZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String a, String b, String otherwise) {
        return !isBlank(a) ? a : !isBlank(b) ? b : otherwise;
    }

    /**
     * What a first request from a client of this environment needs loaded besides the network: the
     * signer's HMAC and digest, the date, the URL handler, and for HTTPS (AWS itself) the default TLS
     * context with its trust store, which takes 0.2 to 0.3 s on this project's machine. Signs one request
     * and opens (without connecting) one connection; nothing is sent.
     */
    public static void warmUp(Map<String, String> env) {
        S3HttpClient client = fromEnvironment(env);
        if (client.endpoint == null || "https".equalsIgnoreCase(client.endpoint.getScheme())) {
            javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
        }
        SigV4.authorization(new SigV4.Request("GET", "/warm-up", "", Map.of("host", "localhost",
                "x-amz-date", amzDate()), SigV4.EMPTY_PAYLOAD_SHA256), amzDate(), "us-east-1", "s3",
                new SigV4.Credentials("warm-up", "warm-up", null));
        try {
            URI.create("http://localhost/warm-up").toURL().openConnection();
        } catch (IOException ignored) {
            // Opening does not connect; nothing to report.
        }
    }
}
