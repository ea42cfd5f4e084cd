package local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import json.Json;
import org.testcontainers.containers.Network;
import pipeline.Deployment;
import pipeline.ExecutionResult;
import pipeline.RunningExecution;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import statemachine.HistoryAnalysis;
import statemachine.LocalExecution;

/** The local stack: a bucket in LocalStack, the RIE pool, and the template's state machine run in this process. */
final class LocalDeployment implements Deployment {
    /** Progress is recomputed from the history at most this often. */
    private static final long PROGRESS_INTERVAL_MS = 250;

    private final String runId;
    private final String bucket;
    private final int memoryMb;
    private final S3Client s3;
    private final JsonNode definition;
    private final RiePool pool;
    private final String localStackId;
    private final String s3Endpoint;
    private final String networkId;
    private final Path functionLog;
    private final DockerProbe docker;

    LocalDeployment(String runId, String bucket, int memoryMb, S3Client s3, JsonNode definition, RiePool pool,
                    String localStackId, String s3Endpoint, Network network, Path functionLog, DockerProbe docker) {
        this.runId = runId;
        this.bucket = bucket;
        this.memoryMb = memoryMb;
        this.s3 = s3;
        this.definition = definition;
        this.pool = pool;
        this.localStackId = localStackId;
        this.s3Endpoint = s3Endpoint;
        // Read now: after teardown closed the network, getId() would create a new one.
        this.networkId = network.getId();
        this.functionLog = functionLog;
        this.docker = docker;
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
            throw new UncheckedIOException(e);
        }
        s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(target));
    }

    @Override
    public RunningExecution start(String executionName, Events.ExecutionInput input) {
        String arn = "arn:aws:states:local:000000000000:execution:local:" + executionName;
        LocalExecution execution = new LocalExecution(definition, arn, pool.invokers(), ColdStarts.historyListener(e -> {}),
                Thread::sleep);
        JsonNode inputJson = Json.MAPPER.valueToTree(input);
        CompletableFuture<LocalExecution.Outcome> done = CompletableFuture.supplyAsync(() -> execution.run(inputJson),
                r -> {
                    Thread t = new Thread(r, "execution-" + executionName);
                    t.setDaemon(true);
                    t.start();
                });
        return (timeout, progress) -> await(arn, executionName, input, execution, done, timeout, progress);
    }

    static ExecutionResult await(String arn, String name, Events.ExecutionInput input, LocalExecution execution,
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
    static ExecutionResult result(String arn, String name, Events.ExecutionInput input, LocalExecution.Outcome o) {
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
        List<String> hints = new ArrayList<>();
        hints.add("S3 (LocalStack, container " + shortId(localStackId) + "): endpoint " + s3Endpoint
                + ", bucket " + bucket + ", access key " + FunctionEnvironment.TEST_ACCESS_KEY + " / secret "
                + FunctionEnvironment.TEST_SECRET_KEY + ", region " + FunctionEnvironment.REGION
                + " (set AWS_ENDPOINT_URL to the endpoint for any SDK)");
        for (ExecutionEnvironment e : pool.current()) {
            if (e != null) {
                hints.add("function " + e.describe() + " (POST an event JSON there to invoke; docker logs <id> for its output)");
            }
        }
        hints.add("function output of this run: " + functionLog);
        hints.add("list this run's containers: docker ps -a --filter label=" + LocalContainers.RUN_LABEL + "=" + runId);
        hints.add("remove them when done: docker rm -f " + String.join(" ", containerIds()) + "; then docker network rm "
                + networkId);
        return hints;
    }

    @Override
    public List<CleanupCheck> verifyGone() {
        List<CleanupCheck> checks = new ArrayList<>();
        try {
            Set<String> known = new LinkedHashSet<>(containerIds());
            for (String id : known) {
                checks.add(new CleanupCheck("container", id, !docker.containerExists(id)));
            }
            for (String id : docker.containersOfRun(runId)) {
                if (known.stream().noneMatch(k -> k.startsWith(id) || id.startsWith(k))) {
                    checks.add(new CleanupCheck("container", id, false));
                }
            }
            checks.add(new CleanupCheck("docker-network", networkId, !docker.networkExists(networkId)));
        } catch (RuntimeException e) {
            checks.add(new CleanupCheck("docker-engine", "cannot verify: " + e.getMessage(), false));
        }
        return checks;
    }

    /** LocalStack's container and every function container this run started, replaced ones included. */
    private List<String> containerIds() {
        List<String> ids = new ArrayList<>();
        if (localStackId != null) {
            ids.add(localStackId);
        }
        for (ExecutionEnvironment e : pool.everStarted()) {
            if (e instanceof ContainerEnvironment c && c.containerId() != null) {
                ids.add(c.containerId());
            }
        }
        return ids;
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }
}
