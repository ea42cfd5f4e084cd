package aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import json.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import statemachine.FunctionError;

/** Invokes the deployed render function once, synchronously, with an event of our choosing. */
public final class InvokeFunction {
    private InvokeFunction() {}

    /** The function's result; a function error becomes FunctionError with Lambda's errorType. */
    public static String run(LambdaClient lambda, String functionArn, String eventJson) throws FunctionError {
        var response = lambda.invoke(r -> r.functionName(functionArn).payload(SdkBytes.fromString(eventJson, StandardCharsets.UTF_8)));
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() == null) {
            return payload;
        }
        JsonNode error;
        try {
            error = Json.MAPPER.readTree(payload);
        } catch (Exception e) {
            throw new FunctionError(response.functionError(), payload);
        }
        throw new FunctionError(error.path("errorType").asText(response.functionError()), error.path("errorMessage").asText(payload));
    }
}
