//DEPS software.amazon.awssdk:sts:2.41.17
//DEPS software.amazon.awssdk:cloudformation:2.41.17
//DEPS software.amazon.awssdk:sfn:2.41.17
//DEPS software.amazon.awssdk:lambda:2.41.17
//DEPS software.amazon.awssdk:cloudwatchlogs:2.41.17
//DEPS software.amazon.awssdk:sso:2.41.17
//DEPS software.amazon.awssdk:ssooidc:2.41.17
//DEPS software.amazon.awssdk:iam:2.41.17
package aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Where and as whom the aws target talks to AWS: credentials, region and endpoint resolved once,
 * then every client built the same way, so a run never mixes regions or endpoints between services.
 * The s3 and url-connection-client dependencies are declared once, in lib/s3/S3Clients.java.
 */
public final class AwsSession implements AutoCloseable {
    public static final Region FALLBACK_REGION = Region.US_EAST_1;
    /**
     * Every call is bounded, so an endpoint that stops answering fails a call within about a minute
     * instead of retrying socket reads for many minutes. Uploads of the handler artifact override it.
     */
    public static final Duration CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    static {
        // Every service artifact drags in the Apache and Netty clients too; with several HTTP
        // implementations on the classpath, clients the SDK builds for itself (SSO, STS inside
        // credential providers) refuse to pick one unless told which.
        if (System.getProperty("software.amazon.awssdk.http.service.impl") == null) {
            System.setProperty("software.amazon.awssdk.http.service.impl",
                    "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
        }
    }

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final String profile;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private StsClient sts;
    private CloudFormationClient cloudFormation;
    private SfnClient sfn;
    private LambdaClient lambda;
    private CloudWatchLogsClient logs;
    private IamClient iam;
    private S3Client s3;

    private AwsSession(AwsCredentialsProvider credentials, Region region, URI endpoint, String profile) {
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.profile = profile;
    }

    /**
     * The CLI's resolution. Any argument may be null. Region: explicit, else AWS_REGION, else
     * AWS_DEFAULT_REGION (what the aws CLI and older SDKs read), else the profile's region, else
     * us-east-1. Endpoint: explicit, else AWS_ENDPOINT_URL.
     */
    public static AwsSession resolve(String profile, String region, String endpointUrl) {
        return resolve(profile, region, endpointUrl, System.getenv(), ProfileFile::defaultProfileFile);
    }

    /** {@link #resolve(String, String, String)} reading this environment and profile file instead of the process's. */
    static AwsSession resolve(String profile, String region, String endpointUrl, Map<String, String> env,
                              Supplier<ProfileFile> profiles) {
        String profileName = blankToNull(profile);
        AwsCredentialsProvider creds = profileName != null
                ? ProfileCredentialsProvider.builder().profileName(profileName).build()
                : DefaultCredentialsProvider.builder().build();
        return new AwsSession(creds, resolveRegion(region, profileName, env, profiles),
                resolveEndpoint(endpointUrl, env), profileName);
    }

    /** For tests and callers that already hold credentials (e.g. moto's dummy keys). */
    public static AwsSession of(AwsCredentialsProvider credentials, Region region, URI endpoint) {
        return new AwsSession(credentials, region, endpoint, null);
    }

    static Region resolveRegion(String explicit, String profileName, Map<String, String> env, Supplier<ProfileFile> profiles) {
        String r = blankToNull(explicit);
        if (r == null) {
            r = blankToNull(env.get("AWS_REGION"));
        }
        if (r == null) {
            r = blankToNull(env.get("AWS_DEFAULT_REGION"));
        }
        if (r == null) {
            String name = profileName != null ? profileName
                    : Optional.ofNullable(blankToNull(env.get("AWS_PROFILE"))).orElse("default");
            r = profiles.get().profile(name).flatMap(p -> p.property(ProfileProperty.REGION)).orElse(null);
        }
        return r == null ? FALLBACK_REGION : Region.of(r);
    }

    static URI resolveEndpoint(String explicit) {
        return resolveEndpoint(explicit, System.getenv());
    }

    /** The environment is a parameter so that tests check both branches whatever the caller's AWS_ENDPOINT_URL. */
    static URI resolveEndpoint(String explicit, Map<String, String> env) {
        String e = blankToNull(explicit);
        if (e == null) {
            e = blankToNull(env.get("AWS_ENDPOINT_URL"));
        }
        return e == null ? null : URI.create(e);
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** One line for logs: where this run talks to, never what it authenticates with. */
    public String describe() {
        return "region " + region.id()
                + (profile != null ? ", profile " + profile : "")
                + (endpoint != null ? ", endpoint " + endpoint : "");
    }

    public synchronized StsClient sts() {
        return sts != null ? sts : (sts = build(StsClient::builder));
    }

    public synchronized CloudFormationClient cloudFormation() {
        return cloudFormation != null ? cloudFormation : (cloudFormation = build(CloudFormationClient::builder));
    }

    public synchronized SfnClient sfn() {
        return sfn != null ? sfn : (sfn = build(SfnClient::builder));
    }

    public synchronized LambdaClient lambda() {
        return lambda != null ? lambda : (lambda = build(LambdaClient::builder));
    }

    public synchronized CloudWatchLogsClient logs() {
        return logs != null ? logs : (logs = build(CloudWatchLogsClient::builder));
    }

    public synchronized IamClient iam() {
        // IAM is global: its one endpoint signs as the partition's global region.
        return iam != null ? iam : (iam = build(() -> IamClient.builder().region(endpoint == null ? Region.AWS_GLOBAL : region)));
    }

    /** For the calls the SDK has no client for here (CloudWatchQuery). */
    AwsCredentialsProvider credentials() {
        return credentials;
    }

    SdkHttpClient http() {
        return http;
    }

    public synchronized S3Client s3() {
        // Non-AWS endpoints (moto, LocalStack, s3proxy) serve buckets under the path, not as hosts.
        return s3 != null ? s3 : (s3 = build(() -> S3Client.builder().forcePathStyle(endpoint != null)));
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C extends SdkClient>
            C build(Supplier<B> builder) {
        B b = builder.get().credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(CALL_ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT).build());
        if (!(b instanceof software.amazon.awssdk.services.iam.IamClientBuilder)) {
            b.region(region);
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        C client = b.build();
        opened.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort: the process is about to end anyway
            }
        }
        opened.clear();
        http.close();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
