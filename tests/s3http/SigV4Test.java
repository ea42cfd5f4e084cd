package s3http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signer against AWS's published examples: the S3 API reference's "Examples: Signature Calculations
 * in AWS Signature Version 4" (GET Object with a Range, PUT Object with a '$' in the key, GET Bucket with
 * a query) and get-vanilla from the general SigV4 test suite. A wrong canonical request changes the
 * signature, and the failure shows the canonical request that produced it.
 */
class SigV4Test {
    private static final SigV4.Credentials S3_EXAMPLE = new SigV4.Credentials("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
    private static final String S3_DATE = "20130524T000000Z";

    @Test
    void s3GetObjectExample() {
        SigV4.Request get = new SigV4.Request("GET", "/test.txt", "", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256,
                "x-amz-date", S3_DATE), SigV4.EMPTY_PAYLOAD_SHA256);
        assertEquals("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
                SigV4.sha256Hex(SigV4.canonicalRequest(get).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "hash of the canonical request:\n" + SigV4.canonicalRequest(get));
        assertSigned(get, S3_DATE, "us-east-1", "s3", S3_EXAMPLE,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void s3PutObjectExampleEncodesTheKeyOnce() {
        String body = "Welcome to Amazon S3.";
        String hash = SigV4.sha256Hex(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", hash);
        SigV4.Request put = new SigV4.Request("PUT", "/" + SigV4.uriEncode("test$file.text", true), "", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", S3_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", hash), hash);
        assertSigned(put, S3_DATE, "us-east-1", "s3", S3_EXAMPLE,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                        + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void s3ListObjectsExampleSignsTheQuery() {
        SigV4.Request list = new SigV4.Request("GET", "/", "max-keys=2&prefix=J", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256,
                "x-amz-date", S3_DATE), SigV4.EMPTY_PAYLOAD_SHA256);
        assertSigned(list, S3_DATE, "us-east-1", "s3", S3_EXAMPLE,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                        + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void testSuiteGetVanilla() {
        SigV4.Request get = new SigV4.Request("GET", "/", "", headers(
                "Host", "example.amazonaws.com",
                "X-Amz-Date", "20150830T123600Z"), SigV4.EMPTY_PAYLOAD_SHA256);
        assertSigned(get, "20150830T123600Z", "us-east-1", "service",
                new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void keysArePercentEncodedAsUtf8WithSlashesKept() {
        assertEquals("renders/a%20b%2Bc%3D%C3%BC~_-./x%24", SigV4.uriEncode("renders/a b+c=\u00fc~_-./x$", true));
        assertEquals("a%2Fb", SigV4.uriEncode("a/b", false));
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        String shown = new SigV4.Credentials("AKID", "very-secret", "session-token").toString();
        assertEquals(false, shown.contains("very-secret") || shown.contains("session-token"), shown);
    }

    private static void assertSigned(SigV4.Request request, String amzDate, String region, String service,
                                     SigV4.Credentials credentials, String expected) {
        assertEquals(expected, SigV4.authorization(request, amzDate, region, service, credentials),
                "Authorization header; the canonical request was:\n" + SigV4.canonicalRequest(request));
    }

    private static Map<String, String> headers(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }
}
