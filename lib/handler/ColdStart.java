package handler;

import com.fasterxml.jackson.databind.SerializationFeature;
import contract.Events;
import java.util.concurrent.atomic.AtomicBoolean;
import media.Ffmpeg;
import s3http.S3HttpClient;

/**
 * A new execution environment's first invocation would otherwise load and prepare everything one thing
 * after another on its critical path: the first S3 request's signing (HMAC, digests), HTTP classes and,
 * on AWS, the TLS context, the JSON bindings, Java2D and the font, the bundled ffmpeg (copied out of a jar where it cannot run in
 * place). Class loading is mostly single-threaded work, so it is spread over threads started when the
 * handler is constructed: they run beside the handler's construction and the first download. On Lambda,
 * whose init phase gets the whole machine, and on a machine with a spare core, that shortens the
 * first invocation; the work itself is the same.
 *
 * A warm-up that fails is ignored: the same work runs again where it is needed and reports there.
 */
final class ColdStart {
    /** Thread names start with this, so a thread dump says what they are. */
    static final String THREAD_PREFIX = "renderproof-warmup-";
    /** Per class loader, like what is warmed: later handlers in the same loader find it done. */
    private static final AtomicBoolean BEGUN = new AtomicBoolean();

    private ColdStart() {}

    static void begin(HandlerConfig config) {
        if (!BEGUN.compareAndSet(false, true)) {
            return;
        }
        start(THREAD_PREFIX + "s3", () -> S3HttpClient.warmUp(config.env()));
        start(THREAD_PREFIX + "render", () -> {
            Ffmpeg.bundled();
            bindings();
            render.Warmup.run();
        });
    }

    /** Jackson builds a record's (de)serialiser on first use; the contract's records and the stored plan are known now. */
    private static void bindings() {
        var mapper = json.Json.MAPPER;
        for (Class<?> type : Events.class.getDeclaredClasses()) {
            if (type.isRecord()) {
                mapper.readerFor(type);
                mapper.writerFor(type).without(SerializationFeature.INDENT_OUTPUT);
            }
        }
        mapper.readerFor(StoredPlan.class);
        mapper.writerFor(StoredPlan.class);
    }

    private static void start(String name, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError ignored) {
                // See the class comment: the real use repeats and reports it.
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
