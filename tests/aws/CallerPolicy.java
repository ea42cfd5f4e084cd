package aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import json.Json;

/**
 * stack/caller-iam-policy.json read for tests: the actions it grants, what it is missing against the
 * schema extract and the harness's SDK calls, and the shape moto_server can enforce.
 */
final class CallerPolicy {
    static final Path POLICY = Path.of("stack/caller-iam-policy.json");
    static final Path EXTRACT = Path.of("stack/cloudformation-handler-permissions.json");
    static final String ACCOUNT_PLACEHOLDER = "ACCOUNT_ID";

    private CallerPolicy() {}

    static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every action some Allow statement names (the policy uses no action wildcards). */
    static Set<String> grantedActions(JsonNode policy) {
        Set<String> granted = new TreeSet<>();
        for (JsonNode st : policy.path("Statement")) {
            if ("Allow".equals(st.path("Effect").asText())) {
                JsonNode a = st.path("Action");
                if (a.isArray()) {
                    a.forEach(x -> granted.add(x.asText()));
                } else {
                    granted.add(a.asText());
                }
            }
        }
        return granted;
    }

    /** What CloudFormation needs for the template's resource types: the extract's handlers and additions, less notNeeded. */
    static Set<String> neededByCloudFormation(JsonNode extract) {
        Set<String> needed = new TreeSet<>();
        extract.path("resourceTypes").forEach(t -> {
            for (String handler : new String[] {"create", "read", "delete"}) {
                t.path(handler).forEach(p -> needed.add(p.asText()));
            }
        });
        extract.path("alsoDocumented").path("permissions").fieldNames().forEachRemaining(needed::add);
        extract.path("notNeeded").fieldNames().forEachRemaining(needed::remove);
        return needed;
    }

    private static final Map<String, String> CLIENT_TYPES = Map.of(
            "S3Client", "s3", "CloudFormationClient", "cloudformation", "SfnClient", "states", "LambdaClient", "lambda",
            "CloudWatchLogsClient", "logs", "StsClient", "sts", "IamClient", "iam", "CloudWatchClient", "cloudwatch");
    private static final Map<String, String> SESSION_GETTERS = Map.of(
            "s3", "s3", "cloudFormation", "cloudformation", "sfn", "states", "lambda", "lambda", "logs", "logs",
            "sts", "sts", "iam", "iam", "cloudWatch", "cloudwatch");
    /** SDK methods whose IAM action is not the method's name capitalised. */
    private static final Map<String, Set<String>> IRREGULAR = Map.of(
            "s3:headBucket", Set.of("s3:ListBucket"),
            "s3:headObject", Set.of("s3:GetObject"),
            "s3:getObjectAsBytes", Set.of("s3:GetObject"),
            "s3:listObjectsV2", Set.of("s3:ListBucket"),
            "s3:listObjectVersions", Set.of("s3:ListBucketVersions"),
            "s3:deleteObjects", Set.of("s3:DeleteObject", "s3:DeleteObjectVersion"),
            "s3:putPublicAccessBlock", Set.of("s3:PutBucketPublicAccessBlock"),
            "s3:getPublicAccessBlock", Set.of("s3:GetBucketPublicAccessBlock"),
            "s3:listBuckets", Set.of("s3:ListAllMyBuckets"),
            "lambda:invoke", Set.of("lambda:InvokeFunction"));

    /**
     * The IAM actions of every AWS SDK call the harness makes as the caller, found in lib/ (the handler's
     * packages are left out: it runs as the function's role). A call is a method on a session getter
     * (session.s3().x(...)) or on a variable or parameter declared with an SDK client type.
     */
    static Map<String, Set<String>> harnessSdkCalls(Path lib) {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(lib)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = lib.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("handler/") || rel.startsWith("embedded/") || rel.startsWith("local/")) {
                    continue;
                }
                String src = Files.readString(f);
                Map<String, String> receivers = new LinkedHashMap<>();
                Matcher decl = Pattern.compile("\\b(" + String.join("|", CLIENT_TYPES.keySet()) + ")\\s+([a-z]\\w*)\\s*[=,)]").matcher(src);
                while (decl.find()) {
                    receivers.put("(?<![\\w.])" + Pattern.quote(decl.group(2)) + "\\s*", CLIENT_TYPES.get(decl.group(1)));
                }
                SESSION_GETTERS.forEach((getter, service) -> receivers.put("\\." + getter + "\\(\\)\\s*", service));
                receivers.forEach((receiver, service) -> {
                    Matcher m = Pattern.compile(receiver + "\\.\\s*([a-z]\\w*)\\(").matcher(src);
                    while (m.find()) {
                        String method = m.group(1).replaceFirst("Paginator$", "");
                        if (method.equals("close") || method.equals("serviceName")) {
                            continue;
                        }
                        String key = service + ":" + method;
                        Set<String> actions = IRREGULAR.getOrDefault(key,
                                Set.of(service + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1)));
                        calls.computeIfAbsent(rel + " " + key, k -> new TreeSet<>()).addAll(actions);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    /** IAM's name of an S3 action and moto 5.2.1's name for the request it authorises. */
    private static final Map<String, String> MOTO_S3_NAMES = Map.of(
            "s3:ListBucket", "s3:HeadBucket",
            "s3:PutBucketPublicAccessBlock", "s3:PutPublicAccessBlock",
            "s3:GetBucketPublicAccessBlock", "s3:GetPublicAccessBlock");

    /** needed less granted. */
    static Set<String> missing(Set<String> needed, JsonNode policy) {
        Set<String> out = new TreeSet<>(needed);
        out.removeAll(grantedActions(policy));
        return out;
    }

    /** A copy of the policy without one action (the negative control). */
    static JsonNode without(JsonNode policy, String action) {
        JsonNode copy = policy.deepCopy();
        for (JsonNode st : copy.path("Statement")) {
            JsonNode a = st.path("Action");
            if (a.isArray()) {
                ArrayNode kept = Json.MAPPER.createArrayNode();
                a.forEach(x -> {
                    if (!x.asText().equals(action)) {
                        kept.add(x);
                    }
                });
                ((ObjectNode) st).set("Action", kept);
            } else if (a.asText().equals(action)) {
                ((ObjectNode) st).set("Action", Json.MAPPER.createArrayNode());
            }
        }
        return copy;
    }

    /**
     * The policy as moto_server 5.2.1 can enforce it, for one account: the account id filled in; S3
     * resources kept (moto checks requests against bucket and object ARNs); every other statement's
     * resource widened to "*" and its conditions dropped, because moto checks those services' actions
     * against the resource "*" only and cannot evaluate iam:PassedToService. So moto proves the
     * actions, and the S3 scoping; the other ARNs and the PassRole condition are reviewed, not run.
     * moto also names three S3 actions its own way (each granted real name brings moto's along) and
     * checks a batch delete against the bucket, so object statements also cover their bucket here.
     */
    static String forMoto(JsonNode policy, String account) {
        JsonNode copy = Json.MAPPER.valueToTree(policy);
        for (JsonNode st : copy.path("Statement")) {
            ObjectNode s = (ObjectNode) st;
            if (s.path("Action").isArray()) {
                ArrayNode actions = (ArrayNode) s.path("Action");
                MOTO_S3_NAMES.forEach((real, moto) -> {
                    if (actions.toString().contains("\"" + real + "\"")) {
                        actions.add(moto);
                    }
                });
                // moto authorises CloudWatch requests under the service's endpoint prefix, "monitoring".
                List.copyOf(Json.MAPPER.convertValue(actions, List.class)).forEach(a -> {
                    if (String.valueOf(a).startsWith("cloudwatch:")) {
                        actions.add("monitoring:" + String.valueOf(a).substring("cloudwatch:".length()));
                    }
                });
            }
            boolean s3 = s.path("Resource").toString().contains("arn:aws:s3:::");
            if (!s3) {
                s.put("Resource", "*");
            } else if (s.path("Resource").asText().endsWith("/*")) {
                // moto authorises DeleteObjects against the bucket's ARN, AWS against each object's.
                String objects = s.path("Resource").asText();
                s.set("Resource", Json.MAPPER.createArrayNode().add(objects).add(objects.substring(0, objects.length() - 2)));
            }
            s.remove("Condition");
        }
        return copy.toString().replace(ACCOUNT_PLACEHOLDER, account);
    }
}
