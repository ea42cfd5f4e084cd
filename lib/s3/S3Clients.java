//DEPS software.amazon.awssdk:bom:2.41.17@pom
//DEPS software.amazon.awssdk:s3:2.41.17
//DEPS software.amazon.awssdk:url-connection-client:2.41.17
package s3;

import awsclient.AwsEnvironment;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients configured from an environment map (see {@link AwsEnvironment}). The URL-connection HTTP
 * client keeps the Lambda artifact small (no Netty, no Apache client). The SDK BOM keeps every SDK
 * module at one version: s3proxy otherwise pulls a newer sdk-core under our s3.
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
                .credentialsProvider(AwsEnvironment.credentials(env));
        AwsEnvironment.endpoint(env, "S3").ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }
}
