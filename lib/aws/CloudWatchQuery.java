package aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One CloudWatch call in its Query protocol (form-encoded POST, XML answer), SigV4-signed with the
 * session's credentials. The SDK's CloudWatch client of 2.41.17 speaks only Smithy RPCv2 CBOR, which
 * moto 5.2.1 does not route (404); AWS still accepts the Query protocol, so one code path serves both.
 */
final class CloudWatchQuery {
    private static final String VERSION = "2010-08-01";

    private CloudWatchQuery() {}

    /** @param params the action's parameters in Query form (e.g. AlarmNames.member.1) */
    static Document call(AwsSession session, String action, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", VERSION);
        form.putAll(params);
        byte[] body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        URI endpoint = session.endpoint()
                .orElse(URI.create("https://monitoring." + session.region().id() + ".amazonaws.com"));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        AwsCredentialsIdentity identity = session.credentials().resolveIdentity().join();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                .putProperty(AwsV4HttpSigner.REGION_NAME, session.region().id()));
        try {
            HttpExecuteResponse response = session.http().prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            byte[] answer;
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                answer = in.readAllBytes();
            }
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("CloudWatch " + action + " answered HTTP " + status + ": "
                        + new String(answer, StandardCharsets.UTF_8).replaceAll("\\s+", " "));
            }
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer));
        } catch (IOException e) {
            throw new UncheckedIOException("CloudWatch " + action + ": " + e.getMessage(), e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("CloudWatch " + action + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
