package aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import contract.Events;
import json.Json;
import software.amazon.awssdk.services.sfn.SfnClient;

/** StartExecution of one render, named smoke-N<N>-<runid> so every execution is traceable to its run. */
public final class StartRender {
    private StartRender() {}

    /** @return the execution ARN */
    public static String run(SfnClient sfn, String stateMachineArn, String executionName, Events.ExecutionInput input) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("execution input does not serialize: " + e.getMessage(), e);
        }
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName).input(json)).executionArn();
    }
}
