package handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line, so CloudWatch Logs Insights (and the harness reading RIE output) can query
 * handler_start / handler_end / handler_error without parsing prose.
 */
public final class HandlerLog {
    private static final ObjectWriter LINE = json.Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private HandlerLog() {}

    public static void start(String action, String requestId) {
        emit(System.out, fields("handler_start", action, requestId));
    }

    public static void end(String action, String requestId, long durationMs) {
        Map<String, Object> f = fields("handler_end", action, requestId);
        f.put("durationMs", durationMs);
        emit(System.out, f);
    }

    public static void error(String action, String requestId, long durationMs, String errorName, String message) {
        Map<String, Object> f = fields("handler_error", action, requestId);
        f.put("durationMs", durationMs);
        f.put("errorName", errorName);
        f.put("message", message);
        emit(System.err, f);
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

    private static void emit(PrintStream stream, Map<String, Object> fields) {
        try {
            stream.println(LINE.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            stream.println("{\"event\":\"log_failed\"}");
        }
    }
}
