package local;

import com.fasterxml.jackson.databind.JsonNode;
import contract.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.testcontainers.containers.Network;
import pipeline.BucketTransfer;
import pipeline.Deployment;
import pipeline.InProcessExecution;
import pipeline.RunningExecution;
import software.amazon.awssdk.services.s3.S3Client;

/** The local stack: a bucket in LocalStack, the RIE pool, and the template's state machine run in this process. */
final class LocalDeployment implements Deployment {
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
        BucketTransfer.upload(s3, bucket, key, file);
    }

    @Override
    public void download(String key, Path target) {
        BucketTransfer.download(s3, bucket, key, target);
    }

    @Override
    public RunningExecution start(String executionName, Events.ExecutionInput input) {
        return InProcessExecution.start(definition, "local", executionName, input, pool.invokers(),
                ColdStarts.historyListener(e -> { }));
    }

    @Override
    public String invokeFunction(String eventJson) throws statemachine.FunctionError {
        return pool.invokers().get(0).invoke(eventJson);
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

    /** After teardown: each container and the network, gone or not. */
    List<CleanupCheck> verifyGone() {
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
