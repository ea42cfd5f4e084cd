//DEPS software.amazon.awssdk:cloudformation:2.41.17
package cloudformation;

import awsclient.AwsEnvironment;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** CloudFormation clients configured from an environment map (see {@link AwsEnvironment}). */
public final class CloudFormationClients {
    private CloudFormationClients() {}

    public static CloudFormationClient fromEnvironment(Map<String, String> env) {
        var builder = CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(AwsEnvironment.region(env))
                .credentialsProvider(AwsEnvironment.credentials(env));
        AwsEnvironment.endpoint(env, "CLOUDFORMATION").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
