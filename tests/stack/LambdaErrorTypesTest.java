package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import contract.ErrorName;
import contract.RenderFailure;
import handler.LambdaErrorTypes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The Lambda runtime reports getClass().getName() as the error type; it must be the bare contract name. */
class LambdaErrorTypesTest {
    @Test
    void everyErrorNameHasAnExceptionWhoseClassNameIsExactlyThatName() {
        for (ErrorName name : ErrorName.values()) {
            RenderFailure f = LambdaErrorTypes.exceptionFor(name, "message", null);
            assertEquals(name.name(), f.getClass().getName());
            assertEquals(name, f.name());
            assertEquals("message", f.getMessage());
        }
    }

    @Test
    void contractFailuresKeepTheirNameAndAnythingElseBecomesRetryableRenderFailed() {
        RenderFailure fromRenderer = new RenderFailure(ErrorName.INVALID_COMPOSITION, "bad layer");
        RenderFailure mapped = LambdaErrorTypes.toLambdaError(fromRenderer);
        assertEquals("INVALID_COMPOSITION", mapped.getClass().getName());
        assertSame(fromRenderer, mapped.getCause());
        assertSame(mapped, LambdaErrorTypes.toLambdaError(mapped), "already typed: thrown as is");

        RenderFailure unexpected = LambdaErrorTypes.toLambdaError(new IOException("connection reset"));
        assertEquals("RENDER_FAILED", unexpected.getClass().getName());
        assertEquals(true, unexpected.name().retryable());
        assertEquals("IOException: connection reset", unexpected.getMessage());
    }
}
