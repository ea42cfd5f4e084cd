package aws;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Deletes a Lambda function a run left outside its stack. */
final class DeleteFunction {
    private DeleteFunction() {}

    /** @return false if the function did not exist */
    static boolean run(LambdaClient lambda, String functionName) {
        try {
            lambda.deleteFunction(r -> r.functionName(functionName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
