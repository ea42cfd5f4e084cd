package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import embedded.EmbeddedS3Server;
import embedded.IsolatedHandlerInvoker;
import handler.HandlerConfig;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HandlerArtifactForTests;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;
import statemachine.FunctionInvoker;
import statemachine.LocalExecution;
import statemachine.TemplateStateMachine;

/**
 * Inputs that can never succeed, sent through stack/template.yaml's state machine (its retry policy)
 * to the built handler artifact loaded in isolation, against a real S3 API: each fails in ONE
 * attempt under its non-retryable name, instead of five attempts of the retryable RENDER_FAILED.
 * Events the state machine itself never builds (an unknown Action, a fractional ChunkIndex) go
 * through the Map's item processor, whose RenderChunk task passes its input to the function as is.
 */
class PermanentInputErrorsTest {
    private static final String BUCKET = "renders";
    private static final int ENTRY_CAP = 8;
    private static final JsonNode DEFINITION = TemplateStateMachine.definition(
            BuildHandlerArtifact.findRepoRoot(Path.of("")).resolve("stack/template.yaml"));
    private static final JsonNode ITEM_PROCESSOR = DEFINITION.path("States").path("RenderChunks").path("ItemProcessor");

    @TempDir
    static Path sandbox;
    static EmbeddedS3Server server;
    static S3Client s3;
    static URLClassLoader artifact;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedS3Server.startInMemory();
        server.createBucket(BUCKET);
        env = new HashMap<>(server.clientEnvironment());
        env.put(HandlerConfig.RENDER_BUCKET, BUCKET);
        env.put(HandlerConfig.WORK_ROOT, Files.createDirectories(sandbox.resolve("work")).toString());
        env.put(HandlerConfig.MAX_ARCHIVE_ENTRIES, Integer.toString(ENTRY_CAP));
        s3 = S3Clients.fromEnvironment(env);
        artifact = IsolatedHandlerInvoker.load(HandlerArtifactForTests.jar());
    }

    @AfterAll
    static void stop() throws IOException {
        artifact.close();
        s3.close();
        server.close();
    }

    /** One execution: how it ended, how often the function ran, and the retry waits it asked for. */
    private record Run(LocalExecution.Outcome outcome, int invocations, List<Long> sleeps) {}

    private static Run run(JsonNode machine, JsonNode input) {
        IsolatedHandlerInvoker environment = IsolatedHandlerInvoker.create(artifact, env, 512, line -> { });
        AtomicInteger invocations = new AtomicInteger();
        FunctionInvoker counted = event -> {
            invocations.incrementAndGet();
            return environment.invoke(event);
        };
        List<Long> sleeps = new ArrayList<>();
        LocalExecution.Outcome outcome = new LocalExecution(machine, "arn:local:permanent", List.of(counted), e -> { },
                sleeps::add).run(input);
        return new Run(outcome, invocations.get(), sleeps);
    }

    private static void assertFailsOnceAs(String error, Run run) {
        assertEquals("FAILED", run.outcome().status(), run.outcome().cause());
        assertEquals(error, run.outcome().error(), run.outcome().cause());
        assertEquals(1, run.invocations(), "one attempt, no retries: " + run.outcome().cause());
        assertEquals(List.of(), run.sleeps(), "no retry wait");
    }

    private static JsonNode execution(String projectUri, String planPrefix) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("ProjectS3Uri", projectUri);
        input.put("PlanOutputS3Prefix", planPrefix);
        input.put("OutputS3Uri", "s3://" + BUCKET + "/renders/r1/out.mp4");
        input.putObject("Config").put("fps", 10).put("width", 64).put("height", 36).put("format", "mp4").put("chunkSize", 10);
        return input;
    }

    private static String uploadArchive(String name, MaliciousArchives.Writer entries) throws IOException {
        Path tgz = MaliciousArchives.build(sandbox.resolve(name + ".tar.gz"), entries);
        return UploadObject.fromFile(s3, new S3Uri(BUCKET, "projects/" + name + ".tar.gz"), tgz, "application/gzip").toString();
    }

    private static Run planOf(String archiveName, MaliciousArchives.Writer entries) throws IOException {
        return run(DEFINITION, execution(uploadArchive(archiveName, entries), "s3://" + BUCKET + "/renders/r1"));
    }

    @Test
    void anEntryNameLongerThanTheFileSystemAllowsIsAnInvalidArchive() throws IOException {
        Run run = planOf("long-name", t -> MaliciousArchives.file(t, "assets/" + "n".repeat(300) + ".png", "x"));
        assertFailsOnceAs("INVALID_PROJECT_ARCHIVE", run);
        assertTrue(run.outcome().cause().contains("longer than 255 bytes"), run.outcome().cause());
    }

    @Test
    void anEntryPathLongerThanTheFileSystemAllowsIsAnInvalidArchive() throws IOException {
        String deep = (("d".repeat(200) + "/").repeat(21)) + "f.png";
        assertFailsOnceAs("INVALID_PROJECT_ARCHIVE", planOf("long-path", t -> MaliciousArchives.file(t, deep, "x")));
    }

    @Test
    void moreEntriesThanTheCapIsAnInvalidArchive() throws IOException {
        Run run = planOf("many-entries", t -> {
            for (int i = 0; i < ENTRY_CAP; i++) {
                MaliciousArchives.file(t, "assets/" + i + ".txt", "x");
            }
        });
        assertFailsOnceAs("INVALID_PROJECT_ARCHIVE", run);
        assertTrue(run.outcome().cause().contains("more than " + ENTRY_CAP + " entries"), run.outcome().cause());
    }

    @Test
    void dotDotSegmentsInAKeyAreNotAllowed() {
        assertFailsOnceAs("S3_URI_NOT_ALLOWED", run(DEFINITION,
                execution("s3://" + BUCKET + "/projects/../p.tar.gz", "s3://" + BUCKET + "/renders/r1")));
        assertFailsOnceAs("S3_URI_NOT_ALLOWED", run(DEFINITION,
                execution("s3://" + BUCKET + "/projects/p.tar.gz", "s3://" + BUCKET + "/renders/r1/../../elsewhere")));
    }

    @Test
    void aUriOverOneKibibyteIsNotAllowed() {
        assertFailsOnceAs("S3_URI_NOT_ALLOWED", run(DEFINITION,
                execution("s3://" + BUCKET + "/projects/" + "k".repeat(1100) + ".tar.gz", "s3://" + BUCKET + "/renders/r1")));
    }

    @Test
    void aPrefixThatLeavesNoRoomForTheKeysBelowItIsNotAllowed() {
        assertFailsOnceAs("S3_URI_NOT_ALLOWED", run(DEFINITION,
                execution("s3://" + BUCKET + "/projects/p.tar.gz", "s3://" + BUCKET + "/" + "r".repeat(1000))));
    }

    private static ObjectNode chunkItem() {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("Action", "renderChunk").put("ChunkIndex", 0).put("PlanS3Uri", "s3://" + BUCKET + "/renders/r1/plan.json")
                .put("PlanHash", "00").put("ChunkOutputS3Prefix", "s3://" + BUCKET + "/renders/r1").put("Format", "mp4");
        return item;
    }

    /** The template's Assemble state on its own, fed the execution data it reads. */
    @Test
    void assembleRefusesAPermanentlyBadOutputUriInOneAttempt() {
        ObjectNode machine = Json.MAPPER.createObjectNode().put("StartAt", "Assemble");
        machine.putObject("States").set("Assemble", DEFINITION.path("States").path("Assemble"));
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.putObject("Plan").put("PlanS3Uri", "s3://" + BUCKET + "/renders/r1/plan.json").put("PlanHash", "00");
        data.putArray("Chunks");
        data.put("OutputS3Uri", "s3://" + BUCKET + "/renders/r1/../../out.mp4");
        assertFailsOnceAs("S3_URI_NOT_ALLOWED", run(machine, data));
    }

    @Test
    void anUnknownActionIsAnInvalidEvent() {
        Run run = run(ITEM_PROCESSOR, chunkItem().put("Action", "render/Chunk"));
        assertFailsOnceAs("INVALID_EVENT", run);
        assertTrue(run.outcome().cause().contains("unknown Action"), run.outcome().cause());
    }

    @Test
    void aFractionalChunkIndexIsAnInvalidEventNotChunkZero() {
        Run run = run(ITEM_PROCESSOR, chunkItem().put("ChunkIndex", 0.7));
        assertFailsOnceAs("INVALID_EVENT", run);
        assertTrue(run.outcome().cause().contains("0.7"), run.outcome().cause());
    }
}
