package statemachine;

/** An error inside the state machine, named as Step Functions names it (States.Runtime, a task's errorType...). */
final class StatesError extends RuntimeException {
    private final String error;

    StatesError(String error, String cause) {
        super(cause);
        this.error = error;
    }

    String error() {
        return error;
    }
}
