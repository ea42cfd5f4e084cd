package handler;

import archive.SafeTarGzExtractor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import contract.ErrorName;
import contract.RenderFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import s3.DownloadObject;
import s3.S3Uri;
import software.amazon.awssdk.services.s3.S3Client;

/** What one action works with: the configuration, the S3 client and a private work directory. */
public record Invocation(HandlerConfig config, S3Client s3, Path workDir) {
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
            return DownloadObject.toFile(s3, uri, workDir.resolve(fileName));
        } catch (DownloadObject.MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
    }

    public byte[] downloadBytes(S3Uri uri) {
        try {
            return DownloadObject.toBytes(s3, uri);
        } catch (DownloadObject.MissingObjectException e) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, e.getMessage(), e);
        }
    }

    /** Downloads and safely extracts the project archive; returns the project directory. */
    public Path fetchProject(String projectS3Uri) {
        S3Uri uri = config.allowedObject("ProjectS3Uri", projectS3Uri);
        Path archive = download(uri, "project.tar.gz");
        Path dir = workDir.resolve("project");
        try {
            new SafeTarGzExtractor(config.maxArchiveBytes(), config.maxArchiveEntries()).extract(archive, dir);
            Files.delete(archive);
        } catch (SafeTarGzExtractor.UnsafeArchiveException e) {
            throw new RenderFailure(ErrorName.INVALID_PROJECT_ARCHIVE, projectS3Uri + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
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
