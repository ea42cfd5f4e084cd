package embedded;

import archive.TarGzPacker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.RenderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold init of a new embedded execution environment, phase by phase: a fresh JVM (one child process per
 * sample, so nothing of an earlier sample is loaded, compiled or cached), a fresh isolated class loader
 * over the built artifact and an empty ffmpeg directory as a new Lambda environment has an empty /tmp.
 * The artifact is laid out two ways ({@link Layout}): the jar itself, as --embedded loads it, and
 * unpacked with the modes its entries carry, as Lambda unpacks it into /var/task; and the jar is also
 * measured as --embedded's later environments find it, with ffmpeg already in their shared directory. The phases follow
 * what an environment goes through:
 * <ol>
 *   <li>classes: loading and initialising the handler class in the new loader;</li>
 *   <li>handler: its constructor, as --embedded calls it (configuration and the S3 client);</li>
 *   <li>firstPlan: a plan invocation over the embedded S3 server (download, extract, read the composition,
 *       mix the audio, upload);</li>
 *   <li>ffmpegReady: what is left to wait, after the plan, until the artifact's media.Ffmpeg.bundled()
 *       returns, i.e. until the first chunk could start its encoder.</li>
 * </ol>
 * total is their sum, the wall-clock from the new class loader to a planned render and a runnable ffmpeg;
 * totalCpu the CPU time this JVM spent meanwhile, all threads (the S3 server's too; not ffmpeg's), which
 * a loaded machine inflates less than the wall-clock; mainCpu the share of it spent by the thread that
 * constructs and invokes the handler (work moved to other threads leaves it, so on a loaded machine it
 * shows what a free core would take off the wall-clock); warmPlan, the same plan again in the same environment, is there for scale.
 */
public final class ColdInit {
    public static final List<String> PHASES = List.of("classes", "handler", "firstPlan", "ffmpegReady");
    private static final String BUCKET = "cold-init";

    private ColdInit() {}

    /** One sample's milliseconds per phase, plus total, totalCpu, mainCpu and warmPlan. */
    public record Sample(Map<String, Long> ms) {}

    /** Where the class loader finds the artifact. */
    public enum Layout {
        /** The jar, as --embedded loads it. */
        JAR,
        /** A directory holding the jar's entries with their unix modes, as Lambda lays out /var/task. */
        UNPACKED,
        /**
         * The jar, with ffmpeg already extracted to the cache directory that --embedded's environments share
         * (their FFMPEG_DIR): every new environment after the first on a machine.
         */
        JAR_FFMPEG_CACHED
    }

    /**
     * samples child JVMs, one after another, each measuring one new environment of this artifact
     * planning this project (config: the fixture's render config).
     */
    public static List<Sample> measure(Path artifact, Layout layout, Path project, RenderConfig config, int samples,
                                       Path scratch) {
        try {
            Path code = layout == Layout.UNPACKED ? unpack(artifact, scratch.resolve("task")) : artifact.toAbsolutePath();
            Path tgz = scratch.resolve("project.tar.gz");
            TarGzPacker.pack(project, tgz);
            Path configFile = scratch.resolve("config.json");
            json.Json.MAPPER.writeValue(configFile.toFile(), config);
            Path shared = layout == Layout.JAR_FFMPEG_CACHED ? scratch.resolve("ffmpeg-shared") : null;
            if (shared != null) {
                // An environment that extracts ffmpeg into the shared directory, as the first one on a machine does.
                sample(code, tgz, configFile, Files.createDirectories(scratch.resolve("sample-0")), shared, 0);
            }
            List<Sample> result = new ArrayList<>();
            for (int i = 1; i <= samples; i++) {
                Path dir = Files.createDirectories(scratch.resolve("sample-" + i));
                result.add(sample(code, tgz, configFile, dir, shared != null ? shared : dir.resolve("ffmpeg"), i));
            }
            if (layout == Layout.UNPACKED) {
                deleteTree(code);
            }
            if (shared != null) {
                deleteTree(shared);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One child JVM: a new environment of the artifact at code, whose ffmpeg directory is ffmpegDir. */
    private static Sample sample(Path code, Path tgz, Path configFile, Path dir, Path ffmpegDir, int index)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), ColdInit.class.getName(),
                code.toString(), tgz.toString(), configFile.toString(), dir.toString(), ffmpegDir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Before the handler honoured its own FFMPEG_DIR, only the process environment reached
        // media.Ffmpeg; both point at the same directory.
        pb.environment().put("RENDERPROOF_FFMPEG_DIR", ffmpegDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cold-init sample " + index + " failed: " + out);
        }
        String last = out.lines().reduce((a, b) -> b).orElse("");
        Map<String, Long> ms = new LinkedHashMap<>();
        json.Json.MAPPER.readTree(last).fields().forEachRemaining(e -> ms.put(e.getKey(), e.getValue().asLong()));
        deleteTree(dir);
        return new Sample(ms);
    }

    /** The samples and their medians as a table, the way the benches print them. */
    public static void print(PrintStream out, Path artifact, Layout layout, String project, List<Sample> samples) {
        out.printf(Locale.ROOT, "cold init of a new embedded environment (%s %s, %s; a fresh JVM and class loader per sample, %s):%n",
                artifact.getFileName(), layout == Layout.UNPACKED ? "unpacked as on Lambda" : "as a jar", project,
                layout == Layout.JAR_FFMPEG_CACHED ? "ffmpeg already in the directory environments share" : "an empty ffmpeg directory");
        List<String> columns = List.copyOf(samples.get(0).ms().keySet());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-8s", "ms"));
        columns.forEach(c -> header.append(String.format(Locale.ROOT, " %11s", c)));
        out.println(header);
        for (int i = 0; i < samples.size(); i++) {
            out.println(row("#" + (i + 1), columns, samples.get(i).ms()));
        }
        out.println(row("median", columns, median(samples)));
        out.println("  (total = " + String.join(" + ", PHASES) + "; totalCpu: this JVM's CPU time meanwhile, all threads;");
        out.println("   mainCpu: the CPU time of the thread that constructs and invokes the handler; warmPlan: the same plan again)");
    }

    private static String row(String label, List<String> columns, Map<String, Long> ms) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-8s", label));
        columns.forEach(c -> b.append(String.format(Locale.ROOT, " %11d", ms.get(c))));
        return b.toString();
    }

    /** {"medianMs": {phase: ms}, "samplesMs": [{phase: ms}, ...]}. */
    public static ObjectNode toJson(List<Sample> samples) {
        ObjectNode root = json.Json.MAPPER.createObjectNode();
        root.set("medianMs", json.Json.MAPPER.valueToTree(median(samples)));
        root.set("samplesMs", json.Json.MAPPER.valueToTree(samples.stream().map(Sample::ms).toList()));
        return root;
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

    /** The child: args artifact, project.tar.gz, config.json, a scratch directory of its own, the ffmpeg directory. Prints one JSON line. */
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
            env.put("FFMPEG_DIR", args[4]);
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
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = os.getProcessCpuTime();
            long mainCpu0 = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            try (URLClassLoader loader = IsolatedHandlerInvoker.load(artifact)) {
                Class.forName(IsolatedHandlerInvoker.HANDLER_CLASS, true, loader);
                t = lap(ms, "classes", t);
                IsolatedHandlerInvoker handler = IsolatedHandlerInvoker.create(loader, env, 1024, line -> { });
                t = lap(ms, "handler", t);
                JsonNode plan = json.Json.MAPPER.readTree(handler.invoke(planEvent));
                if (plan.path("ChunkCount").asInt() < 1) {
                    throw new IllegalStateException("the plan has no chunks: " + plan);
                }
                t = lap(ms, "firstPlan", t);
                Class.forName("media.Ffmpeg", true, loader).getMethod("bundled").invoke(null);
                t = lap(ms, "ffmpegReady", t);
                ms.put("total", PHASES.stream().mapToLong(ms::get).sum());
                ms.put("totalCpu", (os.getProcessCpuTime() - cpu0) / 1_000_000);
                ms.put("mainCpu", (threads.getCurrentThreadCpuTime() - mainCpu0) / 1_000_000);
                handler.invoke(planEvent);
                lap(ms, "warmPlan", t);
            }
            System.out.println(json.Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ms));
        }
        // s3proxy's Jetty threads are not daemons.
        System.exit(0);
    }

    /** The jar's entries under dir, each file with the permission bits of its unix mode (0644 when it has none). */
    static Path unpack(Path jar, Path dir) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (var in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
                int mode = e.getUnixMode() == 0 ? 0644 : e.getUnixMode() & 0777;
                Files.setPosixFilePermissions(target, permissions(mode));
            }
        }
        return dir;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder rwx = new StringBuilder();
        for (int bit = 0; bit < 9; bit++) {
            rwx.append((mode & (0400 >> bit)) != 0 ? "rwx".charAt(bit % 3) : '-');
        }
        return PosixFilePermissions.fromString(rwx.toString());
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
