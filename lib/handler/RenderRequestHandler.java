//DEPS com.amazonaws:aws-lambda-java-core:1.2.3
package handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import s3http.S3HttpClient;

/**
 * The render stack's Lambda function: one JSON event in, one JSON result out, the role chosen by
 * {@code Action} (plan | renderChunk | assemble). Failures leave as exceptions whose class name is the
 * contract's error name (see {@link LambdaErrorTypes}), which is what Step Functions' Retry rules match.
 * All configuration comes from the map given to the constructor, so a harness can run this class from
 * an isolated class loader without touching its own process environment.
 */
public class RenderRequestHandler implements RequestStreamHandler {
    private static final ObjectWriter COMPACT = json.Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private static final List<String> ACTIONS = List.of(Events.ACTION_PLAN, Events.ACTION_RENDER_CHUNK,
            Events.ACTION_ASSEMBLE);

    private final HandlerConfig config;
    private final S3HttpClient s3;
    /** Lives as long as this instance: one execution environment on Lambda, one pool member embedded. */
    private final ProjectCache projects;

    public RenderRequestHandler(Map<String, String> environment) {
        this.config = HandlerConfig.from(environment);
        media.Ffmpeg.directoryNamedBy(environment).ifPresent(media.Ffmpeg::useDirectory);
        ColdStart.begin(config);
        this.s3 = S3HttpClient.fromEnvironment(environment);
        this.projects = new ProjectCache(config.workRoot(), config.maxArchiveBytes(), config.maxArchiveEntries());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long t0 = System.nanoTime();
        String requestId = context == null ? null : context.getAwsRequestId();
        String action = "unknown";
        HandlerLog log = new HandlerLog(context);
        Path work = null;
        try {
            JsonNode event = readEvent(input);
            action = knownAction(event.path("Action").asText());
            log.start(action, requestId, config.testFault().isNone() ? null : config.testFault().toString());
            Files.createDirectories(config.workRoot());
            work = Files.createTempDirectory(config.workRoot(), "renderproof-" + action + "-");
            try (Invocation inv = new Invocation(config, s3, work, projects)) {
                Object result = switch (action) {
                    case Events.ACTION_PLAN -> PlanAction.run(inv, event);
                    case Events.ACTION_RENDER_CHUNK -> RenderChunkAction.run(inv, event);
                    default -> AssembleAction.run(inv, event); // knownAction admits nothing else
                };
                output.write(COMPACT.writeValueAsBytes(result));
                output.flush();
                log.end(action, requestId, (System.nanoTime() - t0) / 1_000_000, inv.phases().snapshot());
            }
        } catch (Exception e) {
            RenderFailure failure = LambdaErrorTypes.toLambdaError(e);
            log.error(action, requestId, (System.nanoTime() - t0) / 1_000_000, failure.name().name(),
                    failure.getMessage());
            throw failure;
        } finally {
            deleteQuietly(work);
        }
    }

    private static JsonNode readEvent(InputStream input) {
        JsonNode event;
        try {
            event = json.Json.MAPPER.readTree(input);
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the event is not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the event must be a JSON object");
        }
        if (!event.path("Action").isTextual()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "the event has no Action");
        }
        return event;
    }

    /**
     * The Action, checked before it is used anywhere (it names the work directory, so a "/" or an
     * over-long value would otherwise fail there as a retryable error).
     */
    private static String knownAction(String action) {
        if (ACTIONS.contains(action)) {
            return action;
        }
        String shown = action.length() <= 64 ? action : action.substring(0, 64) + "...";
        throw new RenderFailure(ErrorName.INVALID_EVENT, "unknown Action '" + shown + "' (expected "
                + String.join(", ", ACTIONS) + ")");
    }

    /** Lambda reuses /tmp across invocations of a warm environment, so every run cleans up after itself. */
    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("{\"event\":\"cleanup_failed\",\"dir\":\"" + dir + "\"}");
        }
    }
}
