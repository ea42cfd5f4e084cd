package s3http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 with the Authorization header, as S3 checks it: a canonical request (method,
 * path, query, the signed headers, the payload's hash), a string to sign naming the date and scope, and
 * an HMAC chain from the secret key over date, region and service. S3's variant: the path is encoded
 * once (other services encode it twice), and the payload hash is also sent as x-amz-content-sha256.
 * Written out here because the handler needs only this and the SDK's client costs most of a cold start.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The payload hash S3 accepts over HTTPS for a body that is streamed rather than hashed first. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4() {}

    /** Keys as Lambda passes them; the session token is null for long-term keys. Never printed. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret and token hidden]";
        }
    }

    /** What is signed: method, the already encoded path and query, the headers to sign (any case), the payload hash. */
    public record Request(String method, String canonicalUri, String canonicalQuery, Map<String, String> headers,
                          String payloadHash) {}

    /** The Authorization header's value. amzDate: yyyyMMdd'T'HHmmss'Z', the request's x-amz-date. */
    public static String authorization(Request request, String amzDate, String region, String service, Credentials credentials) {
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signature = signature(request, amzDate, region, service, credentials.secretAccessKey());
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders(request.headers()) + ", Signature=" + signature;
    }

    static String signature(Request request, String amzDate, String region, String service, String secretKey) {
        String date = amzDate.substring(0, 8);
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign(request, amzDate, region, service)));
    }

    static String stringToSign(Request request, String amzDate, String region, String service) {
        return ALGORITHM + "\n" + amzDate + "\n" + amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request\n"
                + sha256Hex(canonicalRequest(request).getBytes(StandardCharsets.UTF_8));
    }

    static String canonicalRequest(Request request) {
        StringBuilder b = new StringBuilder();
        b.append(request.method()).append('\n')
                .append(request.canonicalUri()).append('\n')
                .append(request.canonicalQuery()).append('\n');
        canonical(request.headers()).forEach((name, value) -> b.append(name).append(':').append(value).append('\n'));
        b.append('\n').append(signedHeaders(request.headers())).append('\n').append(request.payloadHash());
        return b.toString();
    }

    /** Lower-case names in order, values trimmed with inner runs of spaces folded to one. */
    private static TreeMap<String, String> canonical(Map<String, String> headers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), value.trim().replaceAll(" +", " ")));
        return sorted;
    }

    private static String signedHeaders(Map<String, String> headers) {
        return String.join(";", canonical(headers).keySet());
    }

    /**
     * RFC 3986 percent-encoding of the UTF-8 bytes, everything but A-Z a-z 0-9 - . _ ~ encoded with upper-case
     * hex; '/' kept when it separates path segments.
     */
    public static String uriEncode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A file's SHA-256 in lower-case hex, read in blocks: the payload hash of a body sent from that file. */
    public static String sha256Hex(Path file) {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
