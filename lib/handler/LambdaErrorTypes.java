package handler;

import contract.ErrorName;
import contract.RenderFailure;
import java.lang.reflect.InvocationTargetException;

/**
 * Turns a failure into the exception the handler throws, chosen so that its Lambda error type is
 * exactly the contract's error name.
 *
 * Why the unnamed package: the Java Lambda runtime reports a thrown exception's errorType as
 * {@code getClass().getName()}, and Step Functions matches Retry/Catch ErrorEquals against that
 * string. A class in a package would surface as "handler.PLAN_HASH_MISMATCH", which no Retry rule
 * naming PLAN_HASH_MISMATCH would match. So there is one exception class per ErrorName in the unnamed
 * package (lib/lambdaerrors/, one public class per file), whose binary name is the bare error name.
 * Named packages cannot import the unnamed package, hence the reflective lookup; LambdaErrorTypesTest
 * proves every ErrorName has its class.
 */
public final class LambdaErrorTypes {
    private LambdaErrorTypes() {}

    /** The exception to throw for this name; its class's getName() equals name.name(). */
    public static RenderFailure exceptionFor(ErrorName name, String message, Throwable cause) {
        try {
            Class<?> type = Class.forName(name.name(), true, LambdaErrorTypes.class.getClassLoader());
            return (RenderFailure) type.getConstructor(String.class, Throwable.class).newInstance(message, cause);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("no Lambda error type class for " + name + " in the unnamed package", e);
        }
    }

    /** A contract failure keeps its name; anything unexpected becomes the retryable RENDER_FAILED. */
    public static RenderFailure toLambdaError(Throwable t) {
        if (t instanceof RenderFailure f) {
            if (f.getClass().getName().equals(f.name().name())) {
                return f;
            }
            return exceptionFor(f.name(), f.getMessage(), f);
        }
        String message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return exceptionFor(ErrorName.RENDER_FAILED, message, t);
    }
}
