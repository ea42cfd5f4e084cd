package aws;

import java.util.Map;

/** The contract's stack outputs (REFERENCE.md), read from DescribeStacks after CREATE_COMPLETE. */
public record StackOutputs(String renderBucketName, String renderStateMachineArn, String renderFunctionArn) {
    public static StackOutputs from(Map<String, String> outputs) {
        StackOutputs o = new StackOutputs(outputs.get("RenderBucketName"), outputs.get("RenderStateMachineArn"),
                outputs.get("RenderFunctionArn"));
        var missing = stack.Template.CONTRACT_OUTPUTS.stream().filter(k -> outputs.get(k) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the stack's outputs lack the contract's " + String.join(", ", missing)
                    + " (it has " + outputs.keySet() + ")");
        }
        return o;
    }

    /** The function name is the last segment of its ARN (arn:aws:lambda:region:account:function:NAME). */
    public String renderFunctionName() {
        return renderFunctionArn.substring(renderFunctionArn.lastIndexOf(':') + 1);
    }
}
