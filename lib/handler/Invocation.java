package handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import contract.ErrorName;
import contract.RenderFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import s3.S3Uri;
import s3http.GetObject;
import s3http.MissingObjectException;
import s3http.S3HttpClient;

/**
 * What one action works with: the configuration, the S3 client, a private work directory, the
 * environment's extracted projects and the invocation's step timings. {@link #close} returns the
 * project it fetched to the cache.
 */
public record Invocation(HandlerConfig config, S3HttpClient s3, Path workDir, ProjectCache projects, Phases phases,
                         List<ProjectCache.Lease> leases) implements AutoCloseable {
    Invocation(HandlerConfig config, S3HttpClient s3, Path workDir, ProjectCache projects) {
        this(config, s3, workDir, projects, new Phases(), new ArrayList<>());
    }

    /** Event fields are read strictly: a ChunkIndex of 0.7 is a malformed event, not chunk 0. */
    private static final ObjectReader EVENT_READER = json.Json.MAPPER.reader()
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Binds the event to its contract record after checking the fields the action cannot do without. */
    public <T> T bind(JsonNode event, Class<T> type, String... requiredFields) {
        for (String field : requiredFields) {
            JsonNode v = event.get(field);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                throw new RenderFailure(ErrorName.INVALID_EVENT,
                        "event field " + field + " is required for Action " + event.path("Action").asText());
            }
        }
        try {
            return EVENT_READER.treeToValue(event, type);
        } catch (JsonProcessingException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "malformed " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    public Path download(S3Uri uri, String fileName) {
        try {
            return GetObject.toFile(s3, uri, workDir.resolve(fileName));
        } catch (MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
    }

    /** As {@link #download}, with the SHA-256 of the bytes computed as they arrive. */
    public GetObject.Hashed downloadHashed(S3Uri uri, String fileName) {
        try {
            return GetObject.toFileHashed(s3, uri, workDir.resolve(fileName), null);
        } catch (MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
    }

    public byte[] downloadBytes(S3Uri uri) {
        try {
            return GetObject.toBytes(s3, uri);
        } catch (MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
    }

    /**
     * The project directory of the archive at {@code projectS3Uri}, safely extracted: by this invocation,
     * or by an earlier one in this environment when the archive has not changed since. Read-only: other
     * invocations of this environment may use it too.
     */
    public Path fetchProject(String projectS3Uri) {
        S3Uri uri = config.allowedObject("ProjectS3Uri", projectS3Uri);
        long t0 = System.nanoTime();
        ProjectCache.Lease lease;
        try {
            lease = projects.fetch(s3, uri, workDir);
        } catch (MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
        synchronized (leases) {
            leases.add(lease);
        }
        phases.add(lease.extracted() ? "projectExtract" : "projectCached", (System.nanoTime() - t0) / 1_000_000);
        return lease.dir();
    }

    @Override
    public void close() {
        synchronized (leases) {
            leases.forEach(ProjectCache.Lease::close);
            leases.clear();
        }
    }

    /** Reads plan.json and proves it is the plan the state machine was given (PLAN_HASH_MISMATCH otherwise). */
    public StoredPlan verifiedPlan(String planS3Uri, String planHash) {
        byte[] bytes = downloadBytes(config.allowedObject("PlanS3Uri", planS3Uri));
        String actual = Sha256.of(bytes);
        if (!actual.equalsIgnoreCase(planHash)) {
            throw new RenderFailure(ErrorName.PLAN_HASH_MISMATCH,
                    planS3Uri + " has sha256 " + actual + ", the event expects " + planHash);
        }
        try {
            return json.Json.MAPPER.readValue(bytes, StoredPlan.class);
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, planS3Uri + " is not a plan: " + e.getMessage(), e);
        }
    }
}
