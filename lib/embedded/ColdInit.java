package embedded;

import archive.TarGzPacker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.RenderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold init of a new embedded execution environment, phase by phase: a fresh JVM (one child process per
 * sample, so nothing of an earlier sample is loaded, compiled or cached), a fresh isolated class loader
 * over the built artifact as --embedded creates one, and an empty ffmpeg directory as a new Lambda
 * environment has an empty /tmp. The phases run one after the other so that each one's cost lands in
 * its own column:
 * <ol>
 *   <li>classes: loading and initialising the handler class in the new loader;</li>
 *   <li>s3Client: the artifact's own S3Clients.fromEnvironment (SDK classes, region, credentials);</li>
 *   <li>handler: the handler's constructor, as --embedded calls it;</li>
 *   <li>ffmpegReady: the artifact's media.Ffmpeg.bundled(), what the first chunk waits for;</li>
 *   <li>firstPlan: a plan invocation over the embedded S3 server (download, extract, read, mix the audio).</li>
 * </ol>
 * total is their sum; warmPlan, the same plan again in the same environment, is there for scale.
 */
public final class ColdInit {
    public static final List<String> PHASES = List.of("classes", "s3Client", "handler", "ffmpegReady", "firstPlan");
    private static final String BUCKET = "cold-init";

    private ColdInit() {}

    /** One sample's milliseconds per phase, plus total and warmPlan. */
    public record Sample(Map<String, Long> ms) {}

    /**
     * samples child JVMs, one after another, each measuring one new environment of this artifact
     * planning this project (config: the fixture's render config).
     */
    public static List<Sample> measure(Path artifact, Path project, RenderConfig config, int samples, Path scratch,
                                       Consumer<String> progress) {
        try {
            Path tgz = scratch.resolve("project.tar.gz");
            TarGzPacker.pack(project, tgz);
            Path configFile = scratch.resolve("config.json");
            json.Json.MAPPER.writeValue(configFile.toFile(), config);
            List<Sample> result = new ArrayList<>();
            for (int i = 1; i <= samples; i++) {
                Path dir = Files.createDirectories(scratch.resolve("sample-" + i));
                Path ffmpegDir = dir.resolve("ffmpeg");
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                        "-cp", System.getProperty("java.class.path"), ColdInit.class.getName(),
                        artifact.toAbsolutePath().toString(), tgz.toString(), configFile.toString(), dir.toString());
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                // Before the handler honoured its own FFMPEG_DIR, only the process environment reached
                // media.Ffmpeg; both point at the same empty directory.
                pb.environment().put("RENDERPROOF_FFMPEG_DIR", ffmpegDir.toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("cold-init sample " + i + " failed: " + out);
                }
                String last = out.lines().reduce((a, b) -> b).orElse("");
                Map<String, Long> ms = new LinkedHashMap<>();
                json.Json.MAPPER.readTree(last).fields().forEachRemaining(e -> ms.put(e.getKey(), e.getValue().asLong()));
                result.add(new Sample(ms));
                progress.accept("sample " + i + ": " + ms);
                deleteTree(dir);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Per key, the median over the samples (the lower middle one for an even count). */
    public static Map<String, Long> median(List<Sample> samples) {
        Map<String, Long> median = new LinkedHashMap<>();
        for (String key : samples.get(0).ms().keySet()) {
            List<Long> values = samples.stream().map(s -> s.ms().get(key)).sorted().toList();
            median.put(key, values.get((values.size() - 1) / 2));
        }
        return median;
    }

    /** The child: args artifact, project.tar.gz, config.json, a scratch directory of its own. Prints one JSON line. */
    public static void main(String[] args) throws Exception {
        Path artifact = Path.of(args[0]);
        Path tgz = Path.of(args[1]);
        RenderConfig config = json.Json.MAPPER.readValue(Path.of(args[2]).toFile(), RenderConfig.class);
        Path dir = Path.of(args[3]);
        try (EmbeddedS3Server server = EmbeddedS3Server.startInMemory()) {
            server.createBucket(BUCKET);
            Map<String, String> env = new HashMap<>(server.clientEnvironment());
            env.put("RENDER_BUCKET", BUCKET);
            env.put("RENDERPROOF_WORK_ROOT", Files.createDirectories(dir.resolve("work")).toString());
            env.put("FFMPEG_DIR", dir.resolve("ffmpeg").toString());
            String projectUri;
            try (S3Client s3 = S3Clients.fromEnvironment(env)) {
                projectUri = UploadObject.fromFile(s3, new S3Uri(BUCKET, "projects/p.tar.gz"), tgz, "application/gzip").toString();
            }
            ObjectNode event = json.Json.MAPPER.createObjectNode();
            event.put("Action", "plan");
            event.put("ProjectS3Uri", projectUri);
            event.put("PlanOutputS3Prefix", "s3://" + BUCKET + "/renders/cold");
            event.set("Config", json.Json.MAPPER.valueToTree(config));
            String planEvent = json.Json.MAPPER.writeValueAsString(event);

            Map<String, Long> ms = new LinkedHashMap<>();
            long t = System.nanoTime();
            try (URLClassLoader loader = IsolatedHandlerInvoker.load(artifact)) {
                Class.forName(IsolatedHandlerInvoker.HANDLER_CLASS, true, loader);
                t = lap(ms, "classes", t);
                Object client = Class.forName("s3.S3Clients", true, loader).getMethod("fromEnvironment", Map.class)
                        .invoke(null, env);
                ((AutoCloseable) client).close();
                t = lap(ms, "s3Client", t);
                IsolatedHandlerInvoker handler = IsolatedHandlerInvoker.create(loader, env, 1024, line -> { });
                t = lap(ms, "handler", t);
                Class.forName("media.Ffmpeg", true, loader).getMethod("bundled").invoke(null);
                t = lap(ms, "ffmpegReady", t);
                JsonNode plan = json.Json.MAPPER.readTree(handler.invoke(planEvent));
                if (plan.path("ChunkCount").asInt() < 1) {
                    throw new IllegalStateException("the plan has no chunks: " + plan);
                }
                t = lap(ms, "firstPlan", t);
                ms.put("total", PHASES.stream().mapToLong(ms::get).sum());
                handler.invoke(planEvent);
                lap(ms, "warmPlan", t);
            }
            System.out.println(json.Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ms));
        }
        // s3proxy's Jetty threads are not daemons.
        System.exit(0);
    }

    private static long lap(Map<String, Long> ms, String phase, long since) {
        long now = System.nanoTime();
        ms.put(phase, (now - since) / 1_000_000);
        return now;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
