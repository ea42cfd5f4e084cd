package statemachine;

/**
 * Runs the render function once: JSON event in, JSON result out. One implementation per place the
 * handler can run (an isolated class loader, an RIE container); the state machine does not care.
 */
public interface FunctionInvoker extends AutoCloseable {
    /** Returns the handler's JSON result, or throws {@link FunctionError} with the Lambda error type. */
    String invoke(String eventJson) throws FunctionError;

    @Override
    default void close() {}
}
