package report;

import cli.Console;
import cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pipeline.Eval;
import pipeline.Smoke;

/**
 * Writes the three reports of a run into its artifacts directory: report.html (one self-contained
 * page with the tables and charts), summary.md (a Markdown table and the verdict, also appended to
 * $GITHUB_STEP_SUMMARY when set) and junit.xml (one test case per chunk count or fixture). Called once
 * at the end of smoke and eval, after results.json; a report that cannot be written is a warning, never
 * a change of the run's exit code.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "summary.md";
    public static final String JUNIT = "junit.xml";
    public static final String STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY";

    /** The three documents of one run. */
    record Documents(String html, String markdown, String junit) {}

    private ReportWriter() {}

    /**
     * @param requested the chunk counts asked for, in order (a count without a row did not render)
     * @param failure   the message of the failure that ended the run early, or null
     * @param exitCode  the run's exit code after teardown
     */
    public static void smoke(Path artifacts, List<Smoke.Row> rows, List<Integer> requested, String failure, int exitCode,
                             RunInfo info, Console console) {
        write(artifacts, console, () -> SmokeReport.build(rows, requested, failure, exitCode, withVersions(info, artifacts)));
    }

    /** @param renders where the pipeline saved each fixture's {@code <fixture>-history.json} */
    public static void eval(Path artifacts, Path renders, List<Eval.Row> rows, String failure, int exitCode, RunInfo info,
                            Console console) {
        write(artifacts, console, () -> EvalReport.build(rows, renders, failure, exitCode, withVersions(info, artifacts)));
    }

    private static void write(Path artifacts, Console console, java.util.function.Supplier<Documents> build) {
        try {
            writeDocuments(artifacts, build.get(), System.getenv(STEP_SUMMARY_ENV));
            console.info("report: " + artifacts.resolve(HTML) + " (also " + MARKDOWN + ", " + JUNIT + ")");
        } catch (IOException | RuntimeException e) {
            console.warn("could not write the report in " + artifacts + ": " + e);
        }
    }

    /** Writes the three files; appends the Markdown to {@code stepSummary} when it names a file (GitHub Actions). */
    static void writeDocuments(Path artifacts, Documents d, String stepSummary) throws IOException {
        Files.createDirectories(artifacts);
        Files.writeString(artifacts.resolve(HTML), d.html(), StandardCharsets.UTF_8);
        Files.writeString(artifacts.resolve(MARKDOWN), d.markdown(), StandardCharsets.UTF_8);
        Files.writeString(artifacts.resolve(JUNIT), d.junit(), StandardCharsets.UTF_8);
        if (stepSummary != null && !stepSummary.isBlank()) {
            Files.writeString(Path.of(stepSummary), d.markdown() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The run's metadata plus what every report states: versions, time, where the artifacts are. */
    static Map<String, String> metadata(RunInfo info) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", info.command());
        m.put("target", info.target());
        m.put("region", info.region());
        m.put("stack", info.stack());
        m.put("run id", info.runId());
        m.putAll(info.details());
        return m;
    }

    static RunInfo withVersions(RunInfo info, Path artifacts) {
        RunInfo i = info;
        if (!i.details().containsKey("renderer version")) {
            i = i.with("renderer version", render.RendererVersion.VERSION);
        }
        if (!i.details().containsKey("ffmpeg (renders)")) {
            i = i.with("ffmpeg (renders)", "bundled static " + media.Ffmpeg.BUNDLED_VERSION);
        }
        if (!i.details().containsKey("ffmpeg (analysis)")) {
            String v;
            try {
                v = media.Ffmpeg.forAnalysis().version().replaceFirst("^(ffmpeg version \\S+).*$", "$1");
            } catch (RuntimeException e) {
                v = "unknown (" + e.getMessage() + ")";
            }
            i = i.with("ffmpeg (analysis)", v);
        }
        return i.with("java", System.getProperty("java.vm.name", "java") + " " + Runtime.version())
                .with("artifacts", artifacts.toAbsolutePath().normalize().toString())
                .with("generated", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                        .withZone(java.time.ZoneOffset.UTC).format(Instant.now()));
    }

    /** What an exit code means, in a few words. */
    static String exitMeaning(int code) {
        return switch (code) {
            case ExitCode.OK -> "ok";
            case ExitCode.USAGE -> "arguments or pre-flight";
            case ExitCode.BUILD -> "handler build failed";
            case ExitCode.DEPLOY -> "deploy failed";
            case ExitCode.RENDER_FAILED -> "a render failed";
            case ExitCode.VIDEO_GATE -> "video gate failed";
            case ExitCode.AUDIO_GATE -> "audio gate failed";
            case ExitCode.LEFT_BEHIND -> "teardown left resources behind";
            default -> "exit " + code;
        };
    }

    static String failureType(int code) {
        return switch (code) {
            case ExitCode.VIDEO_GATE -> "video-gate";
            case ExitCode.AUDIO_GATE -> "audio-gate";
            case ExitCode.RENDER_FAILED -> "render-failed";
            case ExitCode.DEPLOY -> "deploy-failed";
            case ExitCode.BUILD -> "build-failed";
            case ExitCode.LEFT_BEHIND -> "left-behind";
            default -> "failed";
        };
    }
}
