package awsclient;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Region, credentials and endpoint for an SDK client, read from an explicit environment map rather than
 * the process environment: the handler may run inside a harness JVM (isolated class loader) that
 * cannot set environment variables for it, and tests point clients at moto or s3proxy this way.
 */
public final class AwsEnvironment {
    public static final String DEFAULT_REGION = "us-east-1";

    private AwsEnvironment() {}

    public static Region region(Map<String, String> env) {
        return Region.of(firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")).orElse(DEFAULT_REGION));
    }

    /** Static keys when the map carries them, else the SDK's default chain (profiles, SSO, instance role). */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token));
    }

    /**
     * The SDK's own convention: AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_S3), else
     * AWS_ENDPOINT_URL; empty means the real AWS endpoint.
     */
    public static Optional<URI> endpoint(Map<String, String> env, String serviceEnvSuffix) {
        return firstNonBlank(env.get("AWS_ENDPOINT_URL_" + serviceEnvSuffix), env.get("AWS_ENDPOINT_URL")).map(URI::create);
    }

    private static Optional<String> firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a);
        }
        return Optional.ofNullable(b).filter(s -> !s.isBlank());
    }
}
