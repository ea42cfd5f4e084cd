package conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import json.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import pipeline.Deployment;
import statemachine.FunctionError;

/**
 * Bad events sent straight to the function (not through the state machine), each of which the
 * contract answers with a named error: the error type Step Functions' Retry rules match, so a wrong
 * name means a permanent failure retried four times, or a transient one never retried.
 */
public final class BadEvents {
    static final String AREA = "errors";

    private BadEvents() {}

    /**
     * @param plan    the plan result of a real render on this deployment (a valid plan to tamper with)
     * @param prefix  an s3:// prefix inside the render bucket that this run owns
     * @param config  a valid execution Config
     */
    public static List<Point> check(Deployment deployment, JsonNode plan, String prefix, JsonNode config) {
        List<Point> points = new ArrayList<>();
        ObjectNode outside = Json.MAPPER.createObjectNode();
        outside.put("Action", "plan").put("ProjectS3Uri", "s3://not-" + deployment.bucket() + "/projects/any.tar.gz")
                .put("PlanOutputS3Prefix", prefix + "/outside").set("Config", config);
        points.add(expect(deployment, "S3 URI outside the bucket", outside.toString(), "S3_URI_NOT_ALLOWED"));

        ObjectNode tampered = chunkEvent(plan, prefix);
        tampered.put("PlanHash", "0".repeat(64));
        points.add(expect(deployment, "plan hash mismatch", tampered.toString(), "PLAN_HASH_MISMATCH"));

        ObjectNode pastTheEnd = chunkEvent(plan, prefix);
        pastTheEnd.put("ChunkIndex", plan.path("ChunkCount").asInt());
        points.add(expect(deployment, "bad chunk index", pastTheEnd.toString(), "INVALID_EVENT"));

        points.add(expect(deployment, "malformed event", "{\"Action\":\"renderChunk\",\"ChunkIndex\":\"first\"}", "INVALID_EVENT"));

        String hostileKey = prefix.substring(("s3://" + deployment.bucket() + "/").length()) + "/hostile.tar.gz";
        Path archive = hostileArchive();
        try {
            deployment.upload(archive, hostileKey);
        } finally {
            archive.toFile().delete();
        }
        ObjectNode hostile = Json.MAPPER.createObjectNode();
        hostile.put("Action", "plan").put("ProjectS3Uri", "s3://" + deployment.bucket() + "/" + hostileKey)
                .put("PlanOutputS3Prefix", prefix + "/hostile").set("Config", config);
        points.add(expect(deployment, "hostile archive", hostile.toString(), "INVALID_PROJECT_ARCHIVE"));
        return points;
    }

    private static ObjectNode chunkEvent(JsonNode plan, String prefix) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("Action", "renderChunk").put("ChunkIndex", 0).put("PlanS3Uri", plan.path("PlanS3Uri").asText())
                .put("PlanHash", plan.path("PlanHash").asText()).put("ChunkOutputS3Prefix", prefix + "/chunks")
                .put("Format", plan.path("Format").asText("mp4"));
        return e;
    }

    private static Point expect(Deployment deployment, String name, String event, String errorName) {
        String point = name + " -> " + errorName;
        try {
            String result = deployment.invokeFunction(event);
            return Point.fails(AREA, point, "the function succeeded: " + abbreviate(result));
        } catch (FunctionError e) {
            return errorName.equals(e.errorType()) ? Point.holds(AREA, point, abbreviate(e.getMessage()))
                    : Point.fails(AREA, point, "got " + e.errorType() + ": " + abbreviate(e.getMessage()));
        }
    }

    /** A project archive whose one entry climbs out of the extraction directory. */
    private static Path hostileArchive() {
        try {
            Path file = Files.createTempFile("renderproof-hostile-", ".tar.gz");
            byte[] body = "outside\n".getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(file);
                 var gz = new java.util.zip.GZIPOutputStream(out);
                 var tar = new TarArchiveOutputStream(gz)) {
                TarArchiveEntry entry = new TarArchiveEntry("../../escaped.txt", true);
                entry.setSize(body.length);
                tar.putArchiveEntry(entry);
                tar.write(body);
                tar.closeArchiveEntry();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = String.valueOf(s).replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
