package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import json.Json;

/**
 * Runs a state machine definition (the one deployed by stack/template.yaml) in this process, the way
 * Step Functions would: Task, Pass, Choice, Map (inline), Succeed and Fail states, Retry rules with
 * backoff, Map concurrency, the execution's TimeoutSeconds, and a GetExecutionHistory-shaped history.
 * Function invocations go to a pool of {@link FunctionInvoker}s; each serves one invocation at a time,
 * like a Lambda execution environment, so the pool size bounds local concurrency.
 */
public final class LocalExecution {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** How the execution ended, with Step Functions' status names. */
    public record Outcome(String status, long startMillis, long stopMillis, JsonNode output, String error,
                          String cause, ObjectNode history) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }
    }

    /** Waits between retries; tests replace it to keep their own clock. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final JsonNode definition;
    private final BlockingQueue<FunctionInvoker> invokers;
    private final int concurrency;
    private final HistoryRecorder history;
    private final Sleeper sleeper;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final String executionArn;
    private volatile long deadlineMillis = Long.MAX_VALUE;

    public LocalExecution(JsonNode definition, String executionArn, List<FunctionInvoker> invokerPool,
                          Consumer<JsonNode> eventListener, Sleeper sleeper) {
        if (invokerPool.isEmpty()) {
            throw new IllegalArgumentException("at least one function invoker is needed");
        }
        this.definition = definition;
        this.executionArn = executionArn;
        this.invokers = new ArrayBlockingQueue<>(invokerPool.size(), false, invokerPool);
        this.concurrency = invokerPool.size();
        this.history = new HistoryRecorder(System::currentTimeMillis, eventListener);
        this.sleeper = sleeper;
    }

    /** Stops scheduling new work; running invocations finish, then the execution ends ABORTED. */
    public void abort() {
        aborted.set(true);
    }

    public ObjectNode history() {
        return history.toJson();
    }

    public Outcome run(JsonNode input) {
        long start = System.currentTimeMillis();
        if (definition.has("TimeoutSeconds")) {
            deadlineMillis = start + definition.get("TimeoutSeconds").asLong() * 1000;
        }
        ObjectNode started = HistoryRecorder.details();
        started.put("input", input.toString());
        started.put("roleArn", "arn:aws:iam::000000000000:role/local");
        long prev = history.add("ExecutionStarted", 0, "executionStartedEventDetails", started);
        ObjectNode context = F.objectNode();
        context.putObject("Execution").put("Id", executionArn).set("Input", input);
        try {
            JsonNode output = runStates(definition, input, context, prev);
            ObjectNode d = HistoryRecorder.details();
            d.put("output", output.toString());
            history.add("ExecutionSucceeded", 0, "executionSucceededEventDetails", d);
            return new Outcome("SUCCEEDED", start, System.currentTimeMillis(), output, null, null, history.toJson());
        } catch (StatesError e) {
            String status = switch (e.error()) {
                case "States.Timeout" -> "TIMED_OUT";
                case "States.Aborted" -> "ABORTED";
                default -> "FAILED";
            };
            String type = switch (status) {
                case "TIMED_OUT" -> "ExecutionTimedOut";
                case "ABORTED" -> "ExecutionAborted";
                default -> "ExecutionFailed";
            };
            ObjectNode d = HistoryRecorder.details();
            d.put("error", e.error());
            d.put("cause", e.getMessage());
            history.add(type, 0, Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails", d);
            return new Outcome(status, start, System.currentTimeMillis(), null, e.error(), e.getMessage(), history.toJson());
        }
    }

    private JsonNode runStates(JsonNode machine, JsonNode input, JsonNode context, long prev) {
        String name = machine.path("StartAt").asText();
        JsonNode states = machine.path("States");
        JsonNode data = input;
        while (true) {
            checkLive();
            JsonNode state = states.get(name);
            if (state == null) {
                throw new StatesError("States.Runtime", "no state named " + name);
            }
            String type = state.path("Type").asText();
            ObjectNode entered = HistoryRecorder.details();
            entered.put("name", name);
            entered.put("input", data.toString());
            prev = history.add(type + "StateEntered", prev, "stateEnteredEventDetails", entered);
            JsonNode effective = state.has("InputPath") ? Paths.read(state.get("InputPath").asText(), data, context) : data;
            JsonNode result;
            String next = state.path("Next").asText(null);
            switch (type) {
                case "Task" -> result = applyResult(state, data, task(state, effective, context, prev), context);
                case "Pass" -> {
                    JsonNode r = state.has("Result") ? state.get("Result")
                            : Paths.template(state.get("Parameters"), effective, context);
                    result = Paths.write(data, resultPath(state), r);
                }
                case "Choice" -> {
                    next = choose(state, effective, context);
                    result = data;
                }
                case "Map" -> result = applyResult(state, data, map(name, state, effective, context, prev), context);
                case "Succeed" -> result = effective;
                case "Fail" -> throw new StatesError(state.path("Error").asText("States.Fail"), state.path("Cause").asText(""));
                default -> throw new StatesError("States.Runtime", "unsupported state type " + type + " (" + name + ")");
            }
            if (state.has("OutputPath")) {
                result = Paths.read(state.get("OutputPath").asText(), result, context);
            }
            ObjectNode exited = HistoryRecorder.details();
            exited.put("name", name);
            exited.put("output", result.toString());
            prev = history.add(type + "StateExited", prev, "stateExitedEventDetails", exited);
            if (type.equals("Succeed") || state.path("End").asBoolean(false)) {
                return result;
            }
            if (next == null) {
                throw new StatesError("States.Runtime", "state " + name + " has neither Next nor End");
            }
            data = result;
            name = next;
        }
    }

    private static String resultPath(JsonNode state) {
        if (!state.has("ResultPath")) {
            return "$";
        }
        return state.get("ResultPath").isNull() ? null : state.get("ResultPath").asText();
    }

    private JsonNode applyResult(JsonNode state, JsonNode data, JsonNode raw, JsonNode context) {
        JsonNode selected = state.has("ResultSelector") ? Paths.template(state.get("ResultSelector"), raw, context) : raw;
        return Paths.write(data, resultPath(state), selected);
    }

    private JsonNode task(JsonNode state, JsonNode input, JsonNode context, long prev) {
        String resource = state.path("Resource").asText();
        JsonNode parameters = Paths.template(state.get("Parameters"), input, context);
        boolean invokeIntegration = resource.equals("arn:aws:states:::lambda:invoke");
        JsonNode payload = invokeIntegration ? parameters.path("Payload") : parameters;
        List<RetryRule> rules = RetryRule.listOf(state.get("Retry"));
        int[] retries = new int[rules.size()];
        while (true) {
            checkLive();
            ObjectNode scheduled = HistoryRecorder.details();
            scheduled.put("resourceType", "lambda");
            scheduled.put("resource", "invoke");
            scheduled.put("region", "local");
            scheduled.put("parameters", parameters.toString());
            long id = history.add("TaskScheduled", prev, "taskScheduledEventDetails", scheduled);
            FunctionInvoker invoker = takeInvoker();
            try {
                ObjectNode startedDetails = HistoryRecorder.details();
                startedDetails.put("resourceType", "lambda");
                startedDetails.put("resource", "invoke");
                id = history.add("TaskStarted", id, "taskStartedEventDetails", startedDetails);
                String out = invoker.invoke(payload.toString());
                JsonNode parsed = Json.MAPPER.readTree(out == null || out.isBlank() ? "null" : out);
                JsonNode result = parsed;
                if (invokeIntegration) {
                    ObjectNode wrapped = F.objectNode();
                    wrapped.put("ExecutedVersion", "$LATEST");
                    wrapped.set("Payload", parsed);
                    wrapped.put("StatusCode", 200);
                    result = wrapped;
                }
                ObjectNode succeeded = HistoryRecorder.details();
                succeeded.put("resourceType", "lambda");
                succeeded.put("resource", "invoke");
                succeeded.put("output", result.toString());
                history.add("TaskSucceeded", id, "taskSucceededEventDetails", succeeded);
                return result;
            } catch (FunctionError e) {
                ObjectNode cause = F.objectNode();
                cause.put("errorMessage", e.getMessage());
                cause.put("errorType", e.errorType());
                cause.putArray("stackTrace");
                ObjectNode failed = HistoryRecorder.details();
                failed.put("resourceType", "lambda");
                failed.put("resource", "invoke");
                failed.put("error", e.errorType());
                failed.put("cause", cause.toString());
                prev = history.add("TaskFailed", id, "taskFailedEventDetails", failed);
                int rule = matchingRule(rules, e.errorType());
                if (rule < 0 || retries[rule] >= rules.get(rule).maxAttempts()) {
                    throw new StatesError(e.errorType(), cause.toString());
                }
                retries[rule]++;
                pause(rules.get(rule).delayMillis(retries[rule]));
            } catch (java.io.IOException e) {
                throw new StatesError("States.Runtime", "function returned invalid JSON: " + e.getMessage());
            } finally {
                invokers.add(invoker);
            }
        }
    }

    private static int matchingRule(List<RetryRule> rules, String error) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(error)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode map(String name, JsonNode state, JsonNode input, JsonNode context, long prev) {
        JsonNode items = state.has("ItemsPath") ? Paths.read(state.get("ItemsPath").asText(), input, context) : input;
        if (!items.isArray()) {
            throw new StatesError("States.Runtime", "Map " + name + ": ItemsPath is not an array");
        }
        int declared = state.has("MaxConcurrencyPath")
                ? Paths.read(state.get("MaxConcurrencyPath").asText(), input, context).asInt()
                : state.path("MaxConcurrency").asInt(0);
        int parallel = declared <= 0 ? concurrency : Math.min(declared, concurrency);
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
        ObjectNode startedDetails = HistoryRecorder.details();
        startedDetails.put("length", items.size());
        long mapStarted = history.add("MapStateStarted", prev, "mapStateStartedEventDetails", startedDetails);

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "map-" + name);
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<JsonNode>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                final int index = i;
                futures.add(pool.submit(() -> {
                    if (failed.get()) {
                        throw new StatesError("States.Aborted", "an earlier iteration failed");
                    }
                    ObjectNode itemContext = context.deepCopy();
                    ObjectNode item = itemContext.putObject("Map").putObject("Item");
                    item.put("Index", index);
                    item.set("Value", items.get(index));
                    JsonNode itemInput = selector == null ? items.get(index) : Paths.template(selector, input, itemContext);
                    ObjectNode it = HistoryRecorder.details();
                    it.put("name", name);
                    it.put("index", index);
                    long iterId = history.add("MapIterationStarted", mapStarted, "mapIterationStartedEventDetails", it);
                    try {
                        JsonNode out = runStates(processor, itemInput, itemContext, iterId);
                        history.add("MapIterationSucceeded", iterId, "mapIterationSucceededEventDetails", it.deepCopy());
                        return out;
                    } catch (StatesError e) {
                        failed.set(true);
                        history.add("MapIterationFailed", iterId, "mapIterationFailedEventDetails", it.deepCopy());
                        throw e;
                    }
                }));
            }
            ArrayNode results = F.arrayNode();
            StatesError first = null;
            for (Future<JsonNode> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StatesError se && (first == null || "States.Aborted".equals(first.error()))) {
                        first = se;
                    } else if (!(e.getCause() instanceof StatesError)) {
                        throw new StatesError("States.Runtime", String.valueOf(e.getCause()));
                    }
                }
            }
            if (first != null) {
                history.add("MapStateFailed", mapStarted, null, null);
                throw first;
            }
            history.add("MapStateSucceeded", mapStarted, null, null);
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Aborted", "interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private String choose(JsonNode state, JsonNode input, JsonNode context) {
        for (JsonNode rule : state.path("Choices")) {
            if (Choices.matches(rule, input, context)) {
                return rule.path("Next").asText();
            }
        }
        if (state.has("Default")) {
            return state.get("Default").asText();
        }
        throw new StatesError("States.NoChoiceMatched", "no choice matched in " + state);
    }

    private FunctionInvoker takeInvoker() {
        try {
            return invokers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Aborted", "interrupted");
        }
    }

    private void pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        if (until > deadlineMillis) {
            throw new StatesError("States.Timeout", "execution timed out while waiting to retry");
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Aborted", "interrupted");
        }
    }

    private void checkLive() {
        if (aborted.get()) {
            throw new StatesError("States.Aborted", "execution aborted");
        }
        if (System.currentTimeMillis() > deadlineMillis) {
            throw new StatesError("States.Timeout", "execution exceeded TimeoutSeconds");
        }
    }
}
