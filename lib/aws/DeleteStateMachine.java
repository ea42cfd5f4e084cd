package aws;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** Deletes a state machine a run left outside its stack (deletion is asynchronous; DELETING counts as gone). */
final class DeleteStateMachine {
    private DeleteStateMachine() {}

    /** @return false if the state machine did not exist */
    static boolean run(SfnClient sfn, String arn) {
        try {
            sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
            return true;
        } catch (StateMachineDoesNotExistException e) {
            return false;
        }
    }
}
