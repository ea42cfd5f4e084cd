package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import json.Json;
import org.junit.jupiter.api.Test;

/**
 * stack/caller-iam-policy.json against what a run needs: every permission CloudFormation's handlers
 * need for the template's resource types (stack/cloudformation-handler-permissions.json, extracted from
 * AWS's published schemas) and every SDK call the harness makes; scoped as the README promises.
 */
class CallerPolicyTest {
    private static final JsonNode POLICY = CallerPolicy.read(CallerPolicy.POLICY);
    private static final JsonNode EXTRACT = CallerPolicy.read(CallerPolicy.EXTRACT);

    private static Set<String> harnessActions() {
        return CallerPolicy.harnessSdkCalls(Path.of("lib")).values().stream().flatMap(Set::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyPermissionCloudFormationNeedsForTheTemplatesResourceTypesIsGranted() throws Exception {
        Set<String> templateTypes = new TreeSet<>();
        JsonNode template = stack.Template.YAML.readTree(Files.readString(Path.of("stack/template.yaml")));
        template.path("Resources").forEach(r -> templateTypes.add(r.path("Type").asText()));
        Set<String> extracted = new TreeSet<>();
        EXTRACT.path("resourceTypes").fieldNames().forEachRemaining(extracted::add);
        assertEquals(templateTypes, extracted, "the extract covers exactly the template's resource types");

        Set<String> needed = CallerPolicy.neededByCloudFormation(EXTRACT);
        assertTrue(needed.size() > 50, "extract read: " + needed);
        assertEquals(Set.of(), CallerPolicy.missing(needed, POLICY), "needed by CloudFormation, not granted");
    }

    @Test
    void everyExclusionNamesAPermissionOfTheExtractThatIsNotGranted() {
        Set<String> inHandlers = new TreeSet<>();
        EXTRACT.path("resourceTypes").forEach(t -> {
            for (String h : new String[] {"create", "read", "delete"}) {
                t.path(h).forEach(p -> inHandlers.add(p.asText()));
            }
        });
        Set<String> granted = CallerPolicy.grantedActions(POLICY);
        EXTRACT.path("notNeeded").fields().forEachRemaining(e -> {
            assertTrue(inHandlers.contains(e.getKey()), e.getKey() + " is excluded but no handler lists it");
            assertFalse(e.getValue().asText().isBlank(), e.getKey() + " needs a reason");
            assertFalse(granted.contains(e.getKey()), e.getKey() + " is excluded as not needed, yet granted");
        });
        assertTrue(EXTRACT.path("retrieved").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(EXTRACT.path("source").asText().contains("terraform-provider-awscc"));
        EXTRACT.path("resourceTypes").forEach(t -> assertTrue(t.path("commit").asText().matches("[0-9a-f]{40}"), t.toString()));
    }

    @Test
    void everySdkCallTheHarnessMakesIsGranted() {
        Map<String, Set<String>> calls = CallerPolicy.harnessSdkCalls(Path.of("lib"));
        Set<String> actions = harnessActions();
        // The scan must see the calls a deploy, a render and a teardown make, or it proves nothing.
        for (String a : Set.of("cloudformation:CreateStack", "cloudformation:DeleteStack", "s3:PutObject", "s3:DeleteObjectVersion",
                "states:StartExecution", "states:GetExecutionHistory", "lambda:GetAccountSettings", "sts:GetCallerIdentity",
                "logs:DeleteLogGroup")) {
            assertTrue(actions.contains(a), "the scan found no call needing " + a + ": " + calls.keySet());
        }
        Set<String> missing = CallerPolicy.missing(actions, POLICY);
        assertEquals(Set.of(), missing, "SDK calls whose action is not granted: " + calls.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(missing::contains)).map(Map.Entry::getKey).toList());
    }

    @Test
    void removingOneNeededActionFromACopyIsCaught() {
        assertEquals(Set.of("cloudwatch:TagResource"), CallerPolicy.missing(CallerPolicy.neededByCloudFormation(EXTRACT),
                CallerPolicy.without(POLICY, "cloudwatch:TagResource")));
        assertEquals(Set.of("iam:ListAttachedRolePolicies"), CallerPolicy.missing(CallerPolicy.neededByCloudFormation(EXTRACT),
                CallerPolicy.without(POLICY, "iam:ListAttachedRolePolicies")));
        assertEquals(Set.of("s3:ListBucketVersions"), CallerPolicy.missing(harnessActions(),
                CallerPolicy.without(POLICY, "s3:ListBucketVersions")));
    }

    @Test
    void scopedToThisAccountsRunResourcesAndPassRoleOnlyToLambdaAndStepFunctions() {
        for (JsonNode st : POLICY.path("Statement")) {
            String resources = st.path("Resource").toString();
            if (!resources.equals("\"*\"")) {
                for (JsonNode r : st.path("Resource").isArray() ? st.path("Resource") : Json.MAPPER.createArrayNode().add(st.path("Resource"))) {
                    String arn = r.asText();
                    assertTrue(arn.contains(CallerPolicy.ACCOUNT_PLACEHOLDER), st.path("Sid") + ": " + arn + " names no account");
                    assertTrue(arn.matches(".*(:rp-|/rp-|stack/renderproof-|:::rp-).*"), st.path("Sid") + ": " + arn + " is not a run's");
                }
            }
            if (st.path("Action").toString().contains("iam:PassRole")) {
                assertEquals("\"iam:PassRole\"", st.path("Action").toString(), "PassRole stands alone under its condition");
                assertEquals("[\"lambda.amazonaws.com\",\"states.amazonaws.com\"]",
                        st.path("Condition").path("StringEquals").path("iam:PassedToService").toString());
            }
        }
        String s3Buckets = POLICY.toString();
        assertTrue(s3Buckets.contains("arn:aws:s3:::rp-*-ACCOUNT_ID-*\""), "bucket ARNs carry the account id");
        assertFalse(s3Buckets.contains("arn:aws:s3:::rp-*\""), "no bucket ARN matches other accounts' rp-* buckets");
        // The run's bucket names fit that pattern.
        RunNames names = RunNames.of(null, "abcd1234").inAccount("123456789012", "eu-west-1");
        assertTrue(names.artifactBucket().matches("rp-.*-123456789012-.*"), names.artifactBucket());
        assertTrue(CheckNamesFree.renderBucketName(names, "123456789012", "eu-west-1").matches("rp-.*-123456789012-.*"));
    }
}
