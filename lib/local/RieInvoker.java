package local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import json.Json;
import statemachine.FunctionError;
import statemachine.FunctionInvoker;

/**
 * Invokes the function through the Lambda Runtime Interface Emulator's invoke API
 * ({@code POST /2015-03-31/functions/function/invocations}) and reports failures the way Lambda reports
 * them to Step Functions, so Retry rules and gates behave as on the other targets:
 * <ul>
 *   <li>a function error: the RIE answers HTTP 200 with the runtime's error document
 *       {@code {"errorType", "errorMessage", "stackTrace"}} (HTTP 502 with the same document when the
 *       runtime failed to initialise or exited) -> FunctionError(errorType, errorMessage);</li>
 *   <li>the function ran past AWS_LAMBDA_FUNCTION_TIMEOUT: the RIE answers "Task timed out after N.00
 *       seconds" -> {@value #TIMED_OUT}, as Lambda names it;</li>
 *   <li>the RIE cannot be reached, drops the connection, or answers an HTTP error without an error
 *       document -> {@value #SERVICE_EXCEPTION}, retryable (States.ALL matches it), as when Lambda's
 *       service fails an invoke.</li>
 * </ul>
 */
public final class RieInvoker implements FunctionInvoker {
    public static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    public static final String SERVICE_EXCEPTION = "Lambda.ServiceException";
    public static final String TIMED_OUT = "Sandbox.Timedout";

    private final HttpClient client;
    private final URI invokeUri;
    private final Duration timeout;

    /**
     * @param endpoint the RIE's base URI (http://host:port)
     * @param timeout  longest wait for one answer: the function timeout plus a margin, after which the
     *                 environment is treated as wedged
     */
    public RieInvoker(HttpClient client, URI endpoint, Duration timeout) {
        this.client = client;
        this.invokeUri = endpoint.resolve(INVOKE_PATH);
        this.timeout = timeout;
    }

    /** An HTTP/1.1 client (the RIE speaks nothing else) with a short connect timeout. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI invokeUri() {
        return invokeUri;
    }

    @Override
    public String invoke(String eventJson) throws FunctionError {
        HttpRequest request = HttpRequest.newBuilder(invokeUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FunctionError(TIMED_OUT, "no answer from the RIE at " + invokeUri + " within " + timeout);
        } catch (IOException e) {
            throw new FunctionError(SERVICE_EXCEPTION, "cannot invoke the RIE at " + invokeUri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionError(SERVICE_EXCEPTION, "interrupted while invoking " + invokeUri);
        }
        return interpret(response.statusCode(), response.body(),
                response.headers().firstValue("X-Amz-Function-Error"));
    }

    /** The function's result, or the FunctionError Lambda would report for this answer. */
    static String interpret(int status, String body, Optional<String> functionErrorHeader) throws FunctionError {
        String text = body == null ? "" : body;
        Optional<FunctionError> error = errorDocument(text);
        if (error.isPresent() && (status != 200 || looksLikeErrorOnly(text) || functionErrorHeader.isPresent())) {
            throw error.get();
        }
        if (text.startsWith("Task timed out after")) {
            throw new FunctionError(TIMED_OUT, text.strip());
        }
        if (status != 200) {
            throw new FunctionError(SERVICE_EXCEPTION, "the RIE answered HTTP " + status
                    + (text.isBlank() ? "" : ": " + abbreviate(text)));
        }
        if (functionErrorHeader.isPresent()) {
            throw new FunctionError(functionErrorHeader.get(), abbreviate(text));
        }
        return text;
    }

    /** {"errorType": "...", "errorMessage": "..."} as the Lambda runtimes write it. */
    private static Optional<FunctionError> errorDocument(String body) {
        String t = body.strip();
        if (!t.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode doc = Json.MAPPER.readTree(t);
            JsonNode type = doc.get("errorType");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                return Optional.empty();
            }
            JsonNode message = doc.get("errorMessage");
            return Optional.of(new FunctionError(type.asText(), message == null || message.isNull() ? "" : message.asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A 200 body is an error only when it holds nothing but the error document's fields. */
    private static boolean looksLikeErrorOnly(String body) {
        try {
            JsonNode doc = Json.MAPPER.readTree(body.strip());
            var names = doc.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!n.equals("errorType") && !n.equals("errorMessage") && !n.equals("stackTrace") && !n.equals("cause")
                        && !n.equals("requestId")) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 500 ? t : t.substring(0, 500) + "...";
    }
}
