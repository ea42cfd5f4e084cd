package embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import statemachine.FunctionError;
import statemachine.FunctionInvoker;

/**
 * The built handler artifact, loaded in a class loader of its own whose parent is the platform loader:
 * nothing from the harness's classpath leaks in, so a class missing from the artifact fails here and
 * not first on Lambda. Each instance is one "execution environment": one handler object serving one
 * invocation at a time, as Lambda does.
 */
public final class IsolatedHandlerInvoker implements FunctionInvoker {
    public static final String HANDLER_CLASS = "stack.RenderHandler";
    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";

    private final Object handler;
    private final Method handleRequest;
    private final Object context;

    private IsolatedHandlerInvoker(Object handler, Method handleRequest, Object context) {
        this.handler = handler;
        this.handleRequest = handleRequest;
        this.context = context;
    }

    /** A class loader over the artifact, shared by every environment of one run (like one code package). */
    public static URLClassLoader load(Path artifact) {
        try {
            return new URLClassLoader("handler-artifact", new URL[] {artifact.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new environment of the reference handler (stack.RenderHandler::handleRequest). */
    public static IsolatedHandlerInvoker create(ClassLoader artifact, Map<String, String> environment, int memoryMb,
                                                Consumer<String> functionLog) {
        return create(artifact, HANDLER_CLASS, EmbeddedFunction.DEFAULT_METHOD, environment, memoryMb, functionLog);
    }

    /**
     * A new environment of any stream handler (method(InputStream, OutputStream, Context)). The
     * environment reaches it through a public constructor taking Map&lt;String, String&gt; when there is
     * one; the Lambda runtime's no-arg constructor would read System.getenv(), which a JVM cannot
     * change, so a handler with only that one sees this process's environment.
     */
    public static IsolatedHandlerInvoker create(ClassLoader artifact, String handlerClass, String handlerMethod,
                                                Map<String, String> environment, int memoryMb, Consumer<String> functionLog) {
        try {
            Class<?> type = Class.forName(handlerClass, true, artifact);
            Object handler;
            try {
                handler = type.getConstructor(Map.class).newInstance(environment);
            } catch (NoSuchMethodException noMapConstructor) {
                handler = type.getConstructor().newInstance();
            }
            Class<?> contextType = Class.forName(CONTEXT, true, artifact);
            Class<?> loggerType = Class.forName(LOGGER, true, artifact);
            Method handle = type.getMethod(handlerMethod, java.io.InputStream.class, java.io.OutputStream.class, contextType);
            Object logger = Proxy.newProxyInstance(artifact, new Class<?>[] {loggerType}, (p, m, args) -> {
                if (m.getName().equals("log") && args != null && args.length >= 1) {
                    Object msg = args[0];
                    functionLog.accept(msg instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(msg));
                }
                return null;
            });
            String functionName = environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "renderproof-embedded");
            long deadline = System.currentTimeMillis() + 900_000;
            Object context = Proxy.newProxyInstance(artifact, new Class<?>[] {contextType}, (p, m, args) -> switch (m.getName()) {
                case "getAwsRequestId" -> UUID.randomUUID().toString();
                case "getFunctionName" -> functionName;
                case "getFunctionVersion" -> "$LATEST";
                case "getInvokedFunctionArn" -> "arn:aws:lambda:local:000000000000:function:" + functionName;
                case "getLogGroupName" -> "/aws/lambda/" + functionName;
                case "getLogStreamName" -> "embedded";
                case "getMemoryLimitInMB" -> memoryMb;
                case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                case "getLogger" -> logger;
                case "toString" -> "EmbeddedContext";
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                default -> null;
            });
            return new IsolatedHandlerInvoker(handler, handle, context);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the handler artifact lacks " + e.getMessage()
                    + " (a stream handler " + handlerClass + "::" + handlerMethod
                    + "(InputStream, OutputStream, Context) with its dependencies, e.g. a fat jar)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the handler failed to initialise: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the handler: " + e, e);
        }
    }

    /** Serialised: an environment serves one invocation at a time. */
    @Override
    public synchronized String invoke(String eventJson) throws FunctionError {
        var out = new ByteArrayOutputStream();
        try {
            handleRequest.invoke(handler, new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
            return out.toString(StandardCharsets.UTF_8);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            // The Java runtime reports errorType as the thrown class's name, which is what the
            // handler's error classes are designed around; report exactly what Lambda would.
            throw new FunctionError(t.getClass().getName(), String.valueOf(t.getMessage()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
