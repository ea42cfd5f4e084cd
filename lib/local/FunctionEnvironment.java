package local;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of the function containers, mirroring what stack/template.yaml gives the deployed
 * function: its Environment.Variables (RENDER_BUCKET resolved to this run's bucket, FFMPEG_DIR as the
 * template sets it, under /tmp), its memory and timeout (AWS_LAMBDA_FUNCTION_MEMORY_SIZE /
 * AWS_LAMBDA_FUNCTION_TIMEOUT, which the RIE and the Java runtime read), and what Lambda would supply:
 * region, credentials (LocalStack's test keys) and, instead of the real S3 endpoint, LocalStack through
 * the container network alias.
 */
public final class FunctionEnvironment {
    public static final String TEST_ACCESS_KEY = "test";
    public static final String TEST_SECRET_KEY = "test";
    public static final String REGION = "us-east-1";
    public static final String ENDPOINT_IN_NETWORK =
            "http://" + LocalContainers.LOCALSTACK_ALIAS + ":" + LocalContainers.LOCALSTACK_PORT;

    private FunctionEnvironment() {}

    /** What the template declares for the function, read once so the containers follow the deployed stack. */
    public record TemplateFunction(Map<String, JsonNode> variables, int defaultTimeoutSec) {}

    public static TemplateFunction read(Path template) {
        stack.Template t = stack.Template.read(template);
        JsonNode props = t.propertiesOf("AWS::Lambda::Function");
        Map<String, JsonNode> vars = new LinkedHashMap<>();
        props.path("Environment").path("Variables").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue()));
        return new TemplateFunction(vars, resolveNumber(t.root(), props.path("Timeout"), 900));
    }

    /** The containers' environment for this run. */
    public static Map<String, String> forContainers(TemplateFunction function, String bucket, String functionName,
                                                    int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>();
        function.variables().forEach((name, value) -> {
            if (name.equals("RENDER_BUCKET")) {
                env.put(name, bucket);
            } else if (value.isValueNode()) {
                env.put(name, value.asText());
            } else {
                throw new IllegalArgumentException("cannot mirror the template's function variable " + name
                        + " (an intrinsic function) in --local: " + value);
            }
        });
        if (!env.containsKey("RENDER_BUCKET")) {
            env.put("RENDER_BUCKET", bucket);
        }
        String ffmpeg = env.get("FFMPEG_DIR");
        if (ffmpeg == null || !ffmpeg.startsWith("/tmp/")) {
            throw new IllegalArgumentException("the template's FFMPEG_DIR must lie under /tmp (the only writable "
                    + "place in the Lambda runtime), got " + ffmpeg);
        }
        env.put("AWS_ENDPOINT_URL", ENDPOINT_IN_NETWORK);
        env.put("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY);
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(function.defaultTimeoutSec()));
        return env;
    }

    /** A number, or {"Ref": Parameter} resolved to the parameter's Default. */
    private static int resolveNumber(JsonNode root, JsonNode value, int fallback) {
        if (value.isNumber() || value.isTextual() && value.asText().matches("\\d+")) {
            return value.asInt();
        }
        String ref = value.path("Ref").asText(null);
        if (ref != null) {
            JsonNode d = root.path("Parameters").path(ref).path("Default");
            if (d.isNumber() || d.isTextual() && d.asText().matches("\\d+")) {
                return d.asInt();
            }
        }
        return fallback;
    }
}
