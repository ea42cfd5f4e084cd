package handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line, so CloudWatch Logs Insights (and the harness reading RIE output) can query
 * handler_start / handler_end / handler_error without parsing prose. Lines go to the invocation's
 * LambdaLogger when there is one (on Lambda it writes to the function's log group; in-process it is
 * the harness's function log), else to stdout.
 */
public final class HandlerLog {
    private static final ObjectWriter LINE = json.Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private final Consumer<String> sink;

    public HandlerLog(Context context) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        this.sink = logger != null ? line -> logger.log(line + "\n") : System.out::println;
    }

    public void start(String action, String requestId, String testFaultOrNull) {
        Map<String, Object> f = fields("handler_start", action, requestId);
        if (testFaultOrNull != null) {
            f.put("testFault", testFaultOrNull);
        }
        emit(f);
    }

    /** {@code phases}: milliseconds per step of the invocation (see {@link Phases}). */
    public void end(String action, String requestId, long durationMs, Map<String, Long> phases) {
        Map<String, Object> f = fields("handler_end", action, requestId);
        f.put("durationMs", durationMs);
        f.put("phases", phases);
        emit(f);
    }

    public void error(String action, String requestId, long durationMs, String errorName, String message) {
        Map<String, Object> f = fields("handler_error", action, requestId);
        f.put("durationMs", durationMs);
        f.put("errorName", errorName);
        f.put("message", message);
        emit(f);
    }

    private static Map<String, Object> fields(String event, String action, String requestId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event", event);
        f.put("action", action);
        if (requestId != null) {
            f.put("requestId", requestId);
        }
        return f;
    }

    private void emit(Map<String, Object> fields) {
        try {
            sink.accept(LINE.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            sink.accept("{\"event\":\"log_failed\"}");
        }
    }
}
