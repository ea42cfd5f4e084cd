package pipeline;

import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.JsonNode;
import contract.RenderConfig;
import contract.RenderFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import json.Json;
import render.RenderOps;

/**
 * A fixture: its project directory (src/), meta.json (render config and thresholds), what its
 * composition is (null for a project in another stack's format), and its baseline render. {@link #load} is the fixture pre-flight: meta.json strictly
 * (unknown fields, wrong types and out-of-range numbers are errors), the composition and its assets
 * with the renderer's own reader, and the baseline's presence; every error names the repository path
 * and the field, and nothing is created.
 */
public record Fixture(String name, Path src, RenderConfig renderConfig, Thresholds thresholds, Path baseline,
                      RenderOps.Summary composition) {
    /**
     * meta.json's "thresholds"; a null field takes its default. The audio defaults hold for any AAC
     * encoder that is not grossly wrong; the reference stack's audio is bit-identical to its baseline.
     */
    public record Thresholds(Double minPsnr, int maxFrameFailures, double maxAudioResidualRmsDb, Double audioWindowMs,
                             Double maxAudioWindowResidualRmsDb, Double maxAudioPeakResidualDb) {
        public static final double DEFAULT_MIN_PSNR = 40;
        public static final double DEFAULT_AUDIO_WINDOW_MS = 10;
        /** A window 10 dB above the whole-file default: short local damage shows here before it moves the whole file. */
        public static final double DEFAULT_MAX_AUDIO_WINDOW_RESIDUAL_RMS_DB = -40;
        /** A single sample off by 1/32 of full scale fails: a click, not codec noise. */
        public static final double DEFAULT_MAX_AUDIO_PEAK_RESIDUAL_DB = -30;

        public Thresholds(Double minPsnr, int maxFrameFailures, double maxAudioResidualRmsDb) {
            this(minPsnr, maxFrameFailures, maxAudioResidualRmsDb, null, null, null);
        }

        public double minPsnrOrDefault() {
            return minPsnr != null ? minPsnr : DEFAULT_MIN_PSNR;
        }

        public double audioWindowMsOrDefault() {
            return audioWindowMs != null ? audioWindowMs : DEFAULT_AUDIO_WINDOW_MS;
        }

        public double maxAudioWindowResidualRmsDbOrDefault() {
            return maxAudioWindowResidualRmsDb != null ? maxAudioWindowResidualRmsDb : DEFAULT_MAX_AUDIO_WINDOW_RESIDUAL_RMS_DB;
        }

        public double maxAudioPeakResidualDbOrDefault() {
            return maxAudioPeakResidualDb != null ? maxAudioPeakResidualDb : DEFAULT_MAX_AUDIO_PEAK_RESIDUAL_DB;
        }
    }

    /** A PSNR floor above this asks for more than "identical" can be told apart from; 0 or less passes anything. */
    public static final double MAX_PSNR_FLOOR_DB = 100;

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

    public static Fixture load(Path root, String name) {
        return load(ProjectSources.of(root), name);
    }

    /**
     * The fixture pre-flight (see the class comment): a usable fixture, or a RunFailure with exit 1. Under
     * --baseline self it has no baseline yet ({@link #baseline()} is null) until the pipeline renders one
     * with {@link #withBaseline}.
     */
    public static Fixture load(ProjectSources sources, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || !availableIn(sources).contains(name)) {
            throw new RunFailure(ExitCode.USAGE, "unknown fixture '" + name + "' in " + shown(sources.fixturesDir()) + " (available: "
                    + String.join(", ", availableIn(sources)) + ")");
        }
        Path dir = sources.fixturesDir().resolve(name);
        String shown = shown(dir) + "/";
        Meta meta = new Meta(shown + "meta.json");
        JsonNode tree = meta.read(dir.resolve("meta.json"));
        RenderConfig config = meta.renderConfig(tree.get("renderConfig"));
        Thresholds thresholds = meta.thresholds(tree.get("thresholds"));
        RenderOps.Summary composition = null;
        // A project in another stack's format (--fixtures-dir) is that stack's to judge; ours is checked here.
        if (Files.exists(dir.resolve("src").resolve("composition.json"))) {
            try {
                composition = RenderOps.check(dir.resolve("src"), shown + "src/composition.json");
            } catch (RenderFailure e) {
                throw new RunFailure(ExitCode.USAGE, e.getMessage(), e);
            }
            meta.agree("fps", config.fps(), composition.fps(), shown);
            meta.agree("width", config.width(), composition.width(), shown);
            meta.agree("height", config.height(), composition.height(), shown);
        }
        if (sources.selfBaseline()) {
            return new Fixture(name, dir.resolve("src"), config, thresholds, null, composition);
        }
        Path baseline = sources.baselinesDir().resolve(name).resolve("output.mp4");
        if (!Files.isRegularFile(baseline)) {
            throw new RunFailure(ExitCode.USAGE, "fixture '" + name + "' has no baseline at " + shown(baseline)
                    + "; run ./jbang baseline.java --fixture " + name + ", or pass --baseline self");
        }
        return new Fixture(name, dir.resolve("src"), config, thresholds, baseline, composition);
    }

    /** A path as the user knows it: relative to the working directory (the checkout) when under it. */
    private static String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** The same fixture compared with another reference render (the self-baseline). */
    public Fixture withBaseline(Path reference) {
        return new Fixture(name, src, renderConfig, thresholds, reference, composition);
    }

    /** The fixture's config asking for N chunks (maxParallelChunks = N, no explicit chunk size). */
    public RenderConfig configForChunks(int chunkCount) {
        return renderConfig.withChunking(null, chunkCount);
    }

    /** How many chunks a render asking for {@code chunkCount} really has (at least 10 frames per chunk); the count itself for a project not in our format. */
    public int chunksFor(int chunkCount) {
        return composition == null ? chunkCount : RenderOps.chunkCount(composition.durationFrames(), null, chunkCount);
    }

    /** meta.json read strictly; {@code file} is its repository path, named in every error. */
    private record Meta(String file) {
        JsonNode read(Path path) {
            JsonNode tree;
            try {
                tree = Json.MAPPER.readTree(path.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                var at = e.getLocation();
                throw fail("(file)", "not valid JSON: " + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            } catch (IOException e) {
                throw fail("(file)", "cannot read: " + e.getMessage());
            }
            if (tree == null || !tree.isObject()) {
                throw fail("(root)", "must be a JSON object");
            }
            allowOnly(tree, "", Set.of("description", "renderConfig", "thresholds"));
            if (tree.has("description") && !tree.get("description").isTextual()) {
                throw fail("description", "must be a string (got " + tree.get("description") + ")");
            }
            return tree;
        }

        RenderConfig renderConfig(JsonNode n) {
            if (n == null || !n.isObject()) {
                throw fail("renderConfig", n == null ? "missing" : "must be an object (got " + n + ")");
            }
            allowOnly(n, "renderConfig", Set.of("fps", "width", "height", "format", "chunkSize", "maxParallelChunks"));
            JsonNode format = n.get("format");
            if (format != null && !format.isNull() && !(format.isTextual() && format.asText().equals(RenderConfig.FORMAT_MP4))) {
                throw fail("renderConfig.format", "must be \"mp4\", the only format a distributed render makes (got " + format + ")");
            }
            return new RenderConfig(integer(n, "renderConfig", "fps", 1, 120), integer(n, "renderConfig", "width", 2, 4096),
                    integer(n, "renderConfig", "height", 2, 4096), format == null || format.isNull() ? null : format.asText(),
                    integer(n, "renderConfig", "chunkSize", 1, Integer.MAX_VALUE),
                    integer(n, "renderConfig", "maxParallelChunks", 1, Integer.MAX_VALUE));
        }

        Thresholds thresholds(JsonNode n) {
            if (n == null) {
                return new Thresholds(null, 0, media.AudioResidual.DEFAULT_THRESHOLD_DB);
            }
            if (!n.isObject()) {
                throw fail("thresholds", "must be an object (got " + n + ")");
            }
            allowOnly(n, "thresholds", Set.of("minPsnr", "maxFrameFailures", "maxAudioResidualRmsDb", "audioWindowMs",
                    "maxAudioWindowResidualRmsDb", "maxAudioPeakResidualDb"));
            Double minPsnr = number(n, "thresholds", "minPsnr", 0, MAX_PSNR_FLOOR_DB, "dB, above 0");
            Integer failures = integer(n, "thresholds", "maxFrameFailures", 0, Integer.MAX_VALUE);
            Double residual = number(n, "thresholds", "maxAudioResidualRmsDb", -200, 0, "dBFS");
            return new Thresholds(minPsnr, failures == null ? 0 : failures,
                    residual == null ? media.AudioResidual.DEFAULT_THRESHOLD_DB : residual,
                    number(n, "thresholds", "audioWindowMs", 0, 10_000, "ms, above 0"),
                    number(n, "thresholds", "maxAudioWindowResidualRmsDb", -200, 0, "dBFS"),
                    number(n, "thresholds", "maxAudioPeakResidualDb", -200, 0, "dBFS"));
        }

        void agree(String field, Integer asked, int actual, String shown) {
            if (asked != null && asked != actual) {
                throw fail("renderConfig." + field, asked + " does not match " + shown + "src/composition.json (" + field + " " + actual + ")");
            }
        }

        /** An optional integer in [min, max]; null when absent or null. */
        private Integer integer(JsonNode parent, String at, String name, int min, int max) {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
                throw fail(at + "." + name, "must be an integer in " + min + ".." + (max == Integer.MAX_VALUE ? "" : max) + " (got " + v + ")");
            }
            return v.intValue();
        }

        /** An optional finite number in (exclusiveMin, max]; null when absent or null. */
        private Double number(JsonNode parent, String at, String name, double exclusiveMin, double max, String unit) {
            JsonNode v = parent.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || !(v.asDouble() > exclusiveMin) || v.asDouble() > max) {
                throw fail(at + "." + name, "must be a number of " + unit + " in (" + fmt(exclusiveMin) + ", " + fmt(max) + "] (got " + v + ")");
            }
            return v.asDouble();
        }

        private void allowOnly(JsonNode n, String at, Set<String> allowed) {
            for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw fail(at.isEmpty() ? name : at + "." + name, "unknown field (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }

        private RunFailure fail(String field, String problem) {
            return new RunFailure(ExitCode.USAGE, file + ": " + field + ": " + problem);
        }
    }
}
