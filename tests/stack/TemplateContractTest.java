package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import handler.LambdaErrorTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * stack/template.yaml against the code: every field the state machine passes to or selects from the
 * handler is a field of the contract records (both ways), every error name in a Retry list is one the
 * handler raises as its Lambda error type, and every task carries the two-rule retry policy. Drift
 * between the template and lib/contract fails here rather than in a deployed execution.
 */
class TemplateContractTest {
    private static final Pattern PATH_REF = Pattern.compile("\\$\\.([A-Za-z0-9]+)(?:\\.([A-Za-z0-9]+))?");
    private static JsonNode template;
    private static JsonNode definition;
    private static Map<String, JsonNode> tasks;

    @BeforeAll
    static void parse() throws Exception {
        Path root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
        template = Template.YAML.readTree(Files.readString(root.resolve("stack/template.yaml")));
        JsonNode sm = resourceOfType("AWS::StepFunctions::StateMachine");
        definition = sm.path("Properties").path("Definition");
        assertTrue(definition.isObject(), "the state machine uses the structured Definition property");
        tasks = new LinkedHashMap<>();
        collectTasks(definition.path("States"), tasks);
    }

    private static JsonNode resourceOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                found.add(r);
            }
        });
        assertEquals(1, found.size(), "exactly one " + type);
        return found.get(0);
    }

    private static void collectTasks(JsonNode states, Map<String, JsonNode> into) {
        states.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if ("Task".equals(s.path("Type").asText())) {
                into.put(e.getKey(), s);
            }
            if (s.has("ItemProcessor")) {
                collectTasks(s.path("ItemProcessor").path("States"), into);
            }
        });
    }

    /** The JSON names Jackson reads and writes for a contract record. */
    static Set<String> wireNames(Class<?> type) {
        var mapper = json.Json.MAPPER;
        return mapper.getSerializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
                .map(p -> p.getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(n -> names.add(n.endsWith(".$") ? n.substring(0, n.length() - 2) : n));
        return names;
    }

    @Test
    void taskPayloadsAreExactlyTheHandlersEventRecords() {
        JsonNode plan = tasks.get("Plan").path("Parameters").path("Payload");
        assertEquals(Events.ACTION_PLAN, plan.path("Action").asText());
        assertEquals(wireNames(Events.PlanEvent.class), keys(plan));

        JsonNode assemble = tasks.get("Assemble").path("Parameters").path("Payload");
        assertEquals(Events.ACTION_ASSEMBLE, assemble.path("Action").asText());
        assertEquals(wireNames(Events.AssembleEvent.class), keys(assemble));

        JsonNode map = definition.path("States").path("RenderChunks");
        assertEquals("$", tasks.get("RenderChunk").path("Parameters").path("Payload.$").asText(),
                "the chunk task passes the Map item through unchanged");
        JsonNode item = map.path("ItemSelector");
        assertEquals(Events.ACTION_RENDER_CHUNK, item.path("Action").asText());
        assertEquals(wireNames(Events.ChunkEvent.class), keys(item));
        assertEquals("$$.Map.Item.Value", item.path("ChunkIndex.$").asText());
        assertEquals("INLINE", map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText());
        assertEquals("$.Iterator.ChunkIndexes", map.path("ItemsPath").asText());
        assertEquals("$.Plan.ChunkCount", map.path("MaxConcurrencyPath").asText());
    }

    @Test
    void resultSelectorsSelectEveryResultFieldFromThePayload() {
        Map<String, Class<?>> results = Map.of("Plan", Events.PlanResult.class, "RenderChunk", Events.ChunkResult.class,
                "Assemble", Events.AssembleResult.class);
        results.forEach((task, type) -> {
            JsonNode selector = tasks.get(task).path("ResultSelector");
            // Optional fields stay out of the selector: naming one there would make it mandatory.
            Set<String> required = new TreeSet<>(wireNames(type));
            required.removeAll(Events.ChunkResult.OPTIONAL_FIELDS);
            assertEquals(required, keys(selector), task + " ResultSelector vs " + type.getSimpleName());
            selector.fields().forEachRemaining(f -> assertEquals("$.Payload." + f.getKey().replace(".$", ""),
                    f.getValue().asText(), task + " selects " + f.getKey() + " from the same Payload field"));
        });
    }

    @Test
    void everyPathIntoTheStateRefersToSomethingThatIsThere() {
        Set<String> planFields = wireNames(Events.PlanResult.class);
        Set<String> topLevel = new TreeSet<>(wireNames(Events.ExecutionInput.class));
        List<String> refs = new ArrayList<>();
        collectPathRefs(definition.path("States"), refs);
        definition.path("States").forEach(s -> {
            if (s.has("ResultPath")) {
                topLevel.add(s.path("ResultPath").asText().substring(2));
            }
        });
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            Matcher m = PATH_REF.matcher(ref);
            while (m.find()) {
                String head = m.group(1);
                if (head.equals("Payload") || ref.startsWith("$$.")) {
                    continue;
                }
                assertTrue(topLevel.contains(head), "path " + ref + ": $." + head + " is neither execution input nor a ResultPath");
                if (head.equals("Plan") && m.group(2) != null) {
                    assertTrue(planFields.contains(m.group(2)), "path " + ref + ": Plan has no field " + m.group(2));
                }
                if (head.equals("Iterator") && m.group(2) != null) {
                    assertEquals("ChunkIndexes", m.group(2), ref);
                }
            }
        }
    }

    private static void collectPathRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                boolean isPath = e.getKey().endsWith(".$") || e.getKey().endsWith("Path") || e.getKey().equals("Variable");
                if (isPath && e.getValue().isTextual() && !e.getKey().equals("ResultPath")) {
                    into.add(e.getValue().asText());
                }
                if (!e.getKey().equals("ResultSelector")) {
                    collectPathRefs(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectPathRefs(n, into));
        }
    }

    @Test
    void everyTaskHasTheContractRetryPolicyPlusThrottlingWithNamesTheHandlerRaises() {
        assertEquals(Set.of("Plan", "RenderChunk", "Assemble"), tasks.keySet());
        Set<ErrorName> named = new TreeSet<>();
        tasks.forEach((name, task) -> {
            assertEquals("arn:aws:states:::lambda:invoke", task.path("Resource").asText(), name);
            JsonNode retry = task.path("Retry");
            assertEquals(3, retry.size(), name + " has the contract's two Retry rules around the throttling rule");
            JsonNode first = retry.get(0);
            assertEquals(0, first.path("MaxAttempts").asInt(-1), name + ": the first rule never retries");
            assertTrue(first.path("ErrorEquals").size() > 0, name);
            for (JsonNode e : first.path("ErrorEquals")) {
                ErrorName error = Arrays.stream(ErrorName.values()).filter(n -> n.name().equals(e.asText()))
                        .findFirst().orElseGet(() -> fail(name + " Retry names " + e.asText() + ", which is no ErrorName"));
                assertFalse(error.retryable(), name + " lists the retryable " + error + " as non-retryable");
                assertEquals(error.name(), LambdaErrorTypes.exceptionFor(error, "x", null).getClass().getName(),
                        "the handler raises " + error + " under exactly that Lambda error type");
                named.add(error);
            }
            JsonNode throttling = retry.get(1);
            assertEquals("[\"Lambda.TooManyRequestsException\"]", throttling.path("ErrorEquals").toString(), name);
            assertTrue(throttling.path("MaxAttempts").asInt() > 4, name + ": throttling outlasts the general rule");
            JsonNode second = retry.get(2);
            assertEquals("[\"States.ALL\"]", second.path("ErrorEquals").toString(), name);
            assertEquals(2, second.path("IntervalSeconds").asInt(), name);
            assertEquals(4, second.path("MaxAttempts").asInt(), name);
            assertEquals(2.0, second.path("BackoffRate").asDouble(), name);
            assertEquals(60, second.path("MaxDelaySeconds").asInt(), name);
        });
        Set<ErrorName> nonRetryable = Arrays.stream(ErrorName.values()).filter(n -> !n.retryable())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(nonRetryable, named, "every non-retryable ErrorName is listed by some task");
    }

    @Test
    void workflowShapeAndStackInterface() {
        JsonNode sm = resourceOfType("AWS::StepFunctions::StateMachine").path("Properties");
        assertEquals("STANDARD", sm.path("StateMachineType").asText());
        assertEquals(3600, definition.path("TimeoutSeconds").asInt());
        assertEquals("Plan", definition.path("StartAt").asText());
        JsonNode states = definition.path("States");
        assertEquals("BuildChunkList", states.path("Plan").path("Next").asText());
        assertEquals("States.ArrayRange(0, States.MathAdd($.Plan.ChunkCount, -1), 1)",
                states.path("BuildChunkList").path("Parameters").path("ChunkIndexes.$").asText());
        assertEquals("AssertChunkCount", states.path("BuildChunkList").path("Next").asText());
        JsonNode choice = states.path("AssertChunkCount");
        assertEquals("RenderChunks", choice.path("Choices").get(0).path("Next").asText());
        assertEquals(ErrorName.PLAN_TOO_LARGE.name(), states.path(choice.path("Default").asText()).path("Error").asText());
        assertEquals("Assemble", states.path("RenderChunks").path("Next").asText());

        assertEquals(Set.of("RenderBucketName", "RenderStateMachineArn", "RenderFunctionArn"), keys(template.path("Outputs")));
        JsonNode fn = resourceOfType("AWS::Lambda::Function").path("Properties");
        assertEquals("java21", fn.path("Runtime").asText());
        assertEquals("stack.RenderHandler::handleRequest", fn.path("Handler").asText());
        assertNotNull(fn.path("Environment").path("Variables").get("RENDER_BUCKET"));
        assertEquals("/tmp/renderproof-ffmpeg", fn.path("Environment").path("Variables").path("FFMPEG_DIR").asText());
        assertEquals("[{\"Ref\":\"Architecture\"}]", fn.path("Architectures").toString(), "the function runs the Architecture parameter");
        assertEquals("[\"x86_64\",\"arm64\"]", template.path("Parameters").path("Architecture").path("AllowedValues").toString());
    }

    @Test
    void everyNamedResourceDerivesFromProjectName() {
        List<String> nameProps = List.of("BucketName", "FunctionName", "RoleName", "StateMachineName", "LogGroupName", "AlarmName");
        template.path("Resources").fields().forEachRemaining(r -> {
            JsonNode props = r.getValue().path("Properties");
            for (String p : nameProps) {
                if (props.has(p)) {
                    assertTrue(props.get(p).path("Fn::Sub").asText().contains("${ProjectName}"),
                            r.getKey() + "." + p + " must derive from ProjectName");
                }
            }
        });
    }
}
