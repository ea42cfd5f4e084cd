package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** Offline checks: the missing-credentials message, run names and region resolution. */
class PreflightTest {
    @Test
    void missingCredentialsIsOneClearLineSuggestingEmbedded() {
        // An unroutable endpoint: the credentials fail before any request is sent.
        try (AwsSession session = AwsSession.of(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                    + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider()]) : "
                    + "[SystemPropertyCredentialsProvider(): Unable to load credentials from system settings.]");
        }, Region.US_EAST_1, URI.create("http://127.0.0.1:9"))) {
            var e = assertThrows(PreflightException.class, () -> Preflight.run(session));
            assertTrue(e.getMessage().startsWith("no AWS credentials found (region us-east-1, endpoint http://127.0.0.1:9)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("--embedded"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(e.getMessage().contains("SystemPropertyCredentialsProvider"), e.getMessage());
            assertEquals(1, PreflightException.EXIT_CODE);
        }
    }

    @Test
    void runNamesAreShortLowercaseAndTagged() {
        RunNames a = RunNames.create(null);
        RunNames b = RunNames.create(null);
        assertTrue(a.runId().matches("[a-z0-9]{8}"), a.runId());
        assertFalse(a.runId().equals(b.runId()));
        assertEquals("renderproof-smoke-" + a.runId(), a.stackName());
        assertTrue(a.projectName().matches("^[a-z][a-z0-9-]{1,30}[a-z0-9]$"), "the template's ProjectName pattern");
        assertTrue(a.owns(a.tags()));
        assertFalse(a.owns(b.tags()));
        assertTrue(a.owns(java.util.Map.of(RunNames.PROJECT_TAG, a.projectName())));
    }

    private static final java.util.function.Supplier<ProfileFile> PROFILES = () -> ProfileFile.builder()
            .type(ProfileFile.Type.CONFIGURATION)
            .content(new java.io.ByteArrayInputStream("[profile dev]\nregion = ap-south-1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .build();

    @Test
    void regionPrecedenceIsFlagThenAwsRegionThenAwsDefaultRegionThenProfileThenUsEast1() {
        Map<String, String> both = Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "eu-west-1");
        assertEquals(Region.US_WEST_2, AwsSession.resolveRegion("us-west-2", "dev", both, PROFILES));
        assertEquals(Region.EU_CENTRAL_1, AwsSession.resolveRegion(null, "dev", both, PROFILES));
        assertEquals(Region.EU_WEST_1, AwsSession.resolveRegion(null, "dev", Map.of("AWS_DEFAULT_REGION", "eu-west-1"), PROFILES));
        assertEquals(Region.AP_SOUTH_1, AwsSession.resolveRegion(null, "dev", Map.of(), PROFILES));
        assertEquals(Region.AP_SOUTH_1, AwsSession.resolveRegion(null, null, Map.of("AWS_PROFILE", "dev"), PROFILES));
        assertEquals(Region.US_EAST_1, AwsSession.resolveRegion(null, null, Map.of(), PROFILES));
    }

    @Test
    void endpointIsExplicitOrEnvironment() {
        assertEquals(URI.create("http://127.0.0.1:5000"), AwsSession.resolveEndpoint("http://127.0.0.1:5000"));
        var fromEnvironment = java.util.Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        assertEquals(URI.create("http://127.0.0.1:5000"), AwsSession.resolveEndpoint("http://127.0.0.1:5000", fromEnvironment));
        assertEquals(URI.create("http://127.0.0.1:4566"), AwsSession.resolveEndpoint(null, fromEnvironment));
        assertEquals(URI.create("http://127.0.0.1:4566"), AwsSession.resolveEndpoint(" ", fromEnvironment));
        assertEquals(null, AwsSession.resolveEndpoint(null, java.util.Map.of()));
        assertEquals(null, AwsSession.resolveEndpoint(null, java.util.Map.of("AWS_ENDPOINT_URL", "")));
    }
}
