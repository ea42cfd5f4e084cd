package embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.Events;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import json.Json;
import pipeline.Deployment;
import pipeline.ExecutionResult;
import pipeline.RunningExecution;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import statemachine.FunctionInvoker;
import statemachine.HistoryAnalysis;
import statemachine.LocalExecution;

/** The embedded stack: a bucket on the in-process S3 server and the template's state machine run locally. */
final class EmbeddedDeployment implements Deployment {
    /** Progress is recomputed from the history at most this often. */
    private static final long PROGRESS_INTERVAL_MS = 250;

    private final String bucket;
    private final int memoryMb;
    private final S3Client s3;
    private final JsonNode definition;
    private final List<FunctionInvoker> invokers;
    private final EmbeddedS3Server server;
    private final Path root;
    private final Path dataDir;

    EmbeddedDeployment(String bucket, int memoryMb, S3Client s3, JsonNode definition, List<FunctionInvoker> invokers,
                       EmbeddedS3Server server, Path root, Path dataDir) {
        this.bucket = bucket;
        this.memoryMb = memoryMb;
        this.s3 = s3;
        this.definition = definition;
        this.invokers = invokers;
        this.server = server;
        this.root = root;
        this.dataDir = dataDir;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public int memoryMb() {
        return memoryMb;
    }

    @Override
    public void upload(Path file, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    @Override
    public void download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(target));
    }

    @Override
    public RunningExecution start(String executionName, Events.ExecutionInput input) {
        String arn = "arn:aws:states:local:000000000000:execution:embedded:" + executionName;
        AtomicReference<Long> lastEvent = new AtomicReference<>(0L);
        LocalExecution execution = new LocalExecution(definition, arn, invokers, e -> lastEvent.set(System.nanoTime()),
                millis -> Thread.sleep(millis));
        JsonNode inputJson = Json.MAPPER.valueToTree(input);
        CompletableFuture<LocalExecution.Outcome> done = CompletableFuture.supplyAsync(() -> execution.run(inputJson),
                r -> {
                    Thread t = new Thread(r, "execution-" + executionName);
                    t.setDaemon(true);
                    t.start();
                });
        return (timeout, progress) -> await(arn, executionName, input, execution, done, timeout, progress);
    }

    private ExecutionResult await(String arn, String name, Events.ExecutionInput input, LocalExecution execution,
                                  CompletableFuture<LocalExecution.Outcome> done, Duration timeout,
                                  Consumer<HistoryAnalysis> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    LocalExecution.Outcome o = done.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    progress.accept(HistoryAnalysis.of(o.history()));
                    return result(arn, name, input, o);
                } catch (TimeoutException notYet) {
                    progress.accept(HistoryAnalysis.of(execution.history()));
                    if (System.nanoTime() > deadline) {
                        execution.abort();
                        LocalExecution.Outcome o = done.get();
                        return result(arn, name, input, new LocalExecution.Outcome("TIMED_OUT", o.startMillis(),
                                o.stopMillis(), null, "renderproof.Timeout", "no result within " + timeout, o.history()));
                    }
                }
            }
        } catch (InterruptedException e) {
            execution.abort();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("execution " + name + " crashed: " + e.getCause(), e.getCause());
        }
    }

    /** DescribeExecution's shape, so saved failures look the same on every target. */
    private static ExecutionResult result(String arn, String name, Events.ExecutionInput input, LocalExecution.Outcome o) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("executionArn", arn);
        d.put("name", name);
        d.put("status", o.status());
        d.put("startDate", Instant.ofEpochMilli(o.startMillis()).toString());
        d.put("stopDate", Instant.ofEpochMilli(o.stopMillis()).toString());
        d.put("input", Json.MAPPER.valueToTree(input).toString());
        if (o.output() != null) {
            d.put("output", o.output().toString());
        }
        if (o.error() != null) {
            d.put("error", o.error());
            d.put("cause", o.cause());
        }
        return new ExecutionResult(o.status(), o.startMillis(), o.stopMillis(), d, o.history());
    }

    @Override
    public List<String> inspectHints() {
        return List.of("S3 data directory (bucket " + bucket + "): " + dataDir,
                "the embedded S3 server stops with this process; its objects stay in that directory");
    }

    @Override
    public List<CleanupCheck> verifyGone() {
        int port = server.endpoint().getPort();
        return List.of(new CleanupCheck("s3-server-port", "127.0.0.1:" + port, portFree(port)),
                new CleanupCheck("temp-directory", root.toString(), !Files.exists(root)));
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
