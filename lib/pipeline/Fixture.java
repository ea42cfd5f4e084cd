package pipeline;

import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.JsonNode;
import contract.RenderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import json.Json;

/** A fixture: its project directory (src/), meta.json (render config and thresholds) and its baseline render. */
public record Fixture(String name, Path src, RenderConfig renderConfig, Thresholds thresholds, Path baseline) {
    public record Thresholds(Double minPsnr, int maxFrameFailures, double maxAudioResidualRmsDb) {
        public static final double DEFAULT_MIN_PSNR = 40;

        public double minPsnrOrDefault() {
            return minPsnr != null ? minPsnr : DEFAULT_MIN_PSNR;
        }
    }

    public static List<String> available(Path root) {
        return availableIn(ProjectSources.of(root));
    }

    public static List<String> availableIn(ProjectSources sources) {
        try (Stream<Path> dirs = Files.list(sources.fixturesDir())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("meta.json"))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static boolean exists(Path root, String name) {
        return available(root).contains(name);
    }

    public static Fixture load(Path root, String name) {
        return load(ProjectSources.of(root), name);
    }

    /**
     * A fixture from these sources. Under --baseline self it has no baseline yet ({@link #baseline()} is
     * null) until the pipeline renders one with {@link #withBaseline}.
     */
    public static Fixture load(ProjectSources sources, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || !availableIn(sources).contains(name)) {
            throw new RunFailure(ExitCode.USAGE, "unknown fixture '" + name + "' in " + sources.fixturesDir() + " (available: "
                    + String.join(", ", availableIn(sources)) + ")");
        }
        Path dir = sources.fixturesDir().resolve(name);
        Path metaFile = dir.resolve("meta.json");
        try {
            JsonNode meta = Json.MAPPER.readTree(metaFile.toFile());
            RenderConfig config = Json.MAPPER.treeToValue(meta.path("renderConfig"), RenderConfig.class);
            JsonNode t = meta.path("thresholds");
            Thresholds thresholds = new Thresholds(
                    t.hasNonNull("minPsnr") ? t.get("minPsnr").asDouble() : null,
                    t.path("maxFrameFailures").asInt(0),
                    t.hasNonNull("maxAudioResidualRmsDb") ? t.get("maxAudioResidualRmsDb").asDouble() : media.AudioResidual.DEFAULT_THRESHOLD_DB);
            if (sources.selfBaseline()) {
                return new Fixture(name, dir.resolve("src"), config, thresholds, null);
            }
            Path baseline = sources.baselinesDir().resolve(name).resolve("output.mp4");
            if (!Files.isRegularFile(baseline)) {
                throw new RunFailure(ExitCode.USAGE, "fixture '" + name + "' has no baseline at " + baseline
                        + "; run ./jbang baseline.java --fixture " + name + ", or pass --baseline self");
            }
            return new Fixture(name, dir.resolve("src"), config, thresholds, baseline);
        } catch (IOException e) {
            throw new RunFailure(ExitCode.USAGE, metaFile + ": " + e.getMessage());
        }
    }

    /** The same fixture compared with another reference render (the self-baseline). */
    public Fixture withBaseline(Path reference) {
        return new Fixture(name, src, renderConfig, thresholds, reference);
    }

    /** The fixture's config asking for N chunks (maxParallelChunks = N, no explicit chunk size). */
    public RenderConfig configForChunks(int chunkCount) {
        return renderConfig.withChunking(null, chunkCount);
    }
}
