package embedded;

import com.fasterxml.jackson.databind.JsonNode;
import contract.Events;
import java.nio.file.Path;
import java.util.List;
import pipeline.BucketTransfer;
import pipeline.Deployment;
import pipeline.InProcessExecution;
import pipeline.RunningExecution;
import s3.S3Uri;
import s3http.GetObject;
import s3http.PutObject;
import s3http.S3HttpClient;
import statemachine.FunctionInvoker;

/** The embedded stack: a bucket on the in-process S3 server and the template's state machine run locally. */
final class EmbeddedDeployment implements Deployment {
    private final String bucket;
    private final int memoryMb;
    private final S3HttpClient s3;
    private final JsonNode definition;
    private final List<FunctionInvoker> invokers;
    private final Path dataDir;
    private String architecture = "x86_64";

    EmbeddedDeployment(String bucket, int memoryMb, S3HttpClient s3, JsonNode definition, List<FunctionInvoker> invokers,
                       Path dataDir) {
        this.bucket = bucket;
        this.memoryMb = memoryMb;
        this.s3 = s3;
        this.definition = definition;
        this.invokers = invokers;
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

    /** The Lambda architecture whose price the cost estimate uses; the handler itself runs on this host. */
    EmbeddedDeployment pricedAs(String lambdaArchitecture) {
        this.architecture = lambdaArchitecture;
        return this;
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public void upload(Path file, String key) {
        PutObject.fromFile(s3, new S3Uri(bucket, key), file, BucketTransfer.contentType(key));
    }

    @Override
    public void download(String key, Path target) {
        BucketTransfer.createParent(target);
        GetObject.toFile(s3, new S3Uri(bucket, key), target);
    }

    @Override
    public RunningExecution start(String executionName, Events.ExecutionInput input) {
        return InProcessExecution.start(definition, "embedded", executionName, input, invokers, e -> { });
    }

    @Override
    public String invokeFunction(String eventJson) throws statemachine.FunctionError {
        return invokers.get(0).invoke(eventJson);
    }

    @Override
    public List<String> inspectHints() {
        return List.of("S3 data directory (bucket " + bucket + "): " + dataDir,
                "the embedded S3 server stops with this process; its objects stay in that directory");
    }
}
