//DEPS software.amazon.awssdk:bom:2.41.17@pom
//DEPS software.amazon.awssdk:s3:2.41.17
//DEPS software.amazon.awssdk:url-connection-client:2.41.17
package s3;

import awsclient.AwsEnvironment;
import java.util.Map;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The harness's S3 clients, configured from an environment map (see {@link AwsEnvironment}); the handler
 * uses s3http instead. The URL-connection HTTP client avoids Netty and the Apache client. The SDK BOM keeps every SDK
 * module at one version: s3proxy otherwise pulls a newer sdk-core under our s3.
 *
 * Checksums are computed and validated only where S3 requires them (as before SDK 2.30): by default the
 * SDK adds a CRC to every upload (aws-chunked encoding with a trailer) and checks one on every
 * download, which loads and runs a good part of a cold start's code for an integrity check that
 * TLS and S3's own MD5 on single-part uploads already give, and that not every S3-compatible server
 * speaks.
 */
public final class S3Clients {
    private S3Clients() {}

    /**
     * AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, selects a non-AWS endpoint and path-style addressing
     * (LocalStack, moto and s3proxy serve buckets under the path, not as virtual hosts).
     */
    public static S3Client fromEnvironment(Map<String, String> env) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(AwsEnvironment.region(env))
                .credentialsProvider(AwsEnvironment.credentials(env))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        AwsEnvironment.endpoint(env, "S3").ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }
}
