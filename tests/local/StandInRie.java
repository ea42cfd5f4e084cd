package local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import json.Json;

/**
 * A stand-in for one RIE container: an HTTP server on loopback that speaks the RIE invoke API
 * (POST /2015-03-31/functions/function/invocations, the event as body, the result or the runtime's error
 * document as a 200 answer) and answers the contract's three actions. Like the real RIE it "prints" a
 * REPORT line with "Init Duration" for its first invocation, before answering. It records how many
 * invocations overlapped on it, and can be told to die (drop the connection, then refuse everything).
 * Requests are handled on a thread pool, so overlapping requests would really overlap here.
 */
final class StandInRie implements ExecutionEnvironment {
    /** Decides the answer to one event; may block (e.g. on a barrier) or ask the stand-in to die. */
    interface Behaviour {
        Answer answer(StandInRie rie, JsonNode event) throws Exception;
    }

    /** A body to send with 200, or a dropped connection. */
    record Answer(String body, boolean dropConnection) {
        static Answer ok(String body) {
            return new Answer(body, false);
        }

        static Answer error(String type, String message) {
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("errorType", type).put("errorMessage", message).putArray("stackTrace");
            return new Answer(e.toString(), false);
        }

        static Answer die() {
            return new Answer(null, true);
        }
    }

    static final double INIT_MS = 123.45;

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-rie");
        t.setDaemon(true);
        return t;
    });
    private final Behaviour behaviour;
    private final CompletableFuture<Double> initDuration = new CompletableFuture<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicBoolean dead = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    final List<String> actions = new CopyOnWriteArrayList<>();

    StandInRie(String name, Behaviour behaviour) throws IOException {
        this.name = name;
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(RieInvoker.INVOKE_PATH, this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (dead.get()) {
                return; // closing without an answer drops the connection
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                boolean first = received.getAndIncrement() == 0;
                JsonNode event = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
                actions.add(event.path("Action").asText());
                Answer a;
                try {
                    a = behaviour.answer(this, event);
                } catch (Exception e) {
                    a = Answer.error("INVALID_EVENT", "stand-in behaviour failed: " + e);
                }
                if (a.dropConnection()) {
                    dead.set(true);
                    return;
                }
                // The RIE prints END and REPORT before it writes the answer.
                String initPart = first ? String.format("Init Duration: %.2f ms\t", INIT_MS) : "";
                ExecutionEnvironment.scanOutput("REPORT RequestId: " + name + "-" + received.get() + "\t" + initPart
                        + "Duration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 1024 MB\tMax Memory Used: 1024 MB\t",
                        initDuration);
                byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
                answered.incrementAndGet();
            } finally {
                inFlight.decrementAndGet();
            }
        } finally {
            ex.close();
        }
    }

    /** Answers plan / renderChunk / assemble like the contract, with {@code chunks} chunks. */
    static ObjectNode contractAnswer(JsonNode e, int chunks) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        switch (e.path("Action").asText()) {
            case "plan" -> out.put("PlanS3Uri", "s3://b/plan.json").put("PlanHash", "h").put("ChunkCount", chunks)
                    .put("TotalFrames", 60).put("Fps", 30).put("Width", 64).put("Height", 36).put("Format", "mp4")
                    .put("HasAudio", false).put("DurationMs", 5).putNull("AudioS3Uri");
            case "renderChunk" -> out.put("ChunkS3Uri", "s3://b/chunks/" + e.path("ChunkIndex").asInt() + ".mp4")
                    .put("ChunkIndex", e.path("ChunkIndex").asInt()).put("Sha256", "x").put("FramesEncoded", 10)
                    .put("DurationMs", 7);
            case "assemble" -> out.put("OutputS3Uri", e.path("OutputS3Uri").asText()).put("FramesEncoded", 60)
                    .put("FileSize", 123).put("DurationMs", 9);
            default -> throw new IllegalArgumentException("unknown action " + e.path("Action"));
        }
        return out;
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int received() {
        return received.get();
    }

    int answered() {
        return answered.get();
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public boolean alive() {
        return !dead.get() && !closed.get();
    }

    @Override
    public CompletableFuture<Double> initDuration() {
        return initDuration;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
