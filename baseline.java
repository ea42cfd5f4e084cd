///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true
//MAIN baseline

import cli.ExitOnBadArguments;
import cli.RunFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import media.BaselineManifest;
import media.DecodedMedia;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import render.RenderOps;
import render.RenderResult;
import render.RendererVersion;

@Command(name = "baseline", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Renders every fixture in-process and records what it decodes to as the baseline that distributed renders "
                    + "are gated against: baselines/<name>/output.mp4 and baselines/<name>/baseline.json (renderer and "
                    + "ffmpeg versions, frame count, fps, size, duration, per-frame hashes of the raw frames as drawn and "
                    + "of the decoded RGBA frames, hash of the decoded PCM).",
            "",
            "Regenerate:  ./jbang baseline.java [--fixture NAME]",
            "Verify:      ./jbang baseline.java --check   (re-renders to a temp dir; exits 1 on any difference)",
            ""},
        footer = {"", "Exit codes: 0 baselines written / all match, 1 bad arguments or a difference, 4 a render failed."})
class baseline implements Callable<Integer> {
    private static final int RENDER_FAILED = 4;

    @Option(names = "--check", description = "Re-render and compare with the committed baselines instead of writing them.")
    boolean check;

    @Option(names = "--fixture", description = "Only this fixture (repeatable). Default: every fixture with src/composition.json.")
    List<String> fixtures;

    @Option(names = "--fixtures-dir", defaultValue = "fixtures", description = "Default: ${DEFAULT-VALUE}.")
    Path fixturesDir;

    @Option(names = "--baselines-dir", defaultValue = "baselines", description = "Default: ${DEFAULT-VALUE}.")
    Path baselinesDir;

    @picocli.CommandLine.Mixin
    cli.Verbose verbose;

    public static void main(String... args) {
        quietLogging();
        System.exit(ExitOnBadArguments.execute(new baseline(), args));
    }

    /** logback (on the classpath for s3proxy) defaults to DEBUG, and FontBox then logs every glyph lookup. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    @Override
    public Integer call() throws IOException {
        List<String> names = selectedFixtures();
        int failures = 0;
        for (String name : names) {
            failures += check ? checkOne(name) : writeOne(name);
        }
        if (check) {
            System.out.printf("baseline --check: %d of %d fixtures match%n", names.size() - failures, names.size());
        }
        if (failures > 0) {
            throw new RunFailure(1, "baseline --check: " + failures + " of " + names.size() + " fixtures differ (DIFF/MISSING lines above)");
        }
        return 0;
    }

    private List<String> selectedFixtures() throws IOException {
        if (!Files.isDirectory(fixturesDir)) {
            throw new RunFailure(1, "--fixtures-dir " + fixturesDir + " is not a directory");
        }
        if (Files.exists(baselinesDir) && !Files.isDirectory(baselinesDir)) {
            throw new RunFailure(1, "--baselines-dir " + baselinesDir + " is not a directory");
        }
        if (fixtures != null && !fixtures.isEmpty()) {
            for (String name : fixtures) {
                if (!Files.isRegularFile(src(name).resolve("composition.json"))) {
                    throw new RunFailure(1, "unknown fixture \"" + name + "\": no " + src(name).resolve("composition.json"));
                }
            }
            return fixtures;
        }
        try (var dirs = Files.list(fixturesDir)) {
            List<String> all = dirs.filter(d -> Files.isRegularFile(d.resolve("src").resolve("composition.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            if (all.isEmpty()) {
                throw new RunFailure(1, "no fixtures under " + fixturesDir);
            }
            return all;
        }
    }

    private Path src(String name) {
        return fixturesDir.resolve(name).resolve("src");
    }

    private int writeOne(String name) throws IOException {
        Path dir = baselinesDir.resolve(name);
        Files.createDirectories(dir);
        // Render next to the target and move it in, so an interrupted run never leaves half a baseline.
        Path tmp = dir.resolve("output.mp4.part");
        try {
            long t0 = System.nanoTime();
            RenderResult rendered = render(name, tmp);
            DecodedMedia decoded = DecodedMedia.of(tmp);
            Path output = dir.resolve("output.mp4");
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
            BaselineManifest manifest = BaselineManifest.of(name, RendererVersion.VERSION,
                    "./jbang baseline.java --fixture " + name, src(name), decoded, rendered.frameHashes());
            manifest.write(dir.resolve(BaselineManifest.FILE_NAME));
            System.out.printf("WROTE %s: %d frames, %dx%d @ %s fps, %d ms, audio %s, %d bytes (%d ms)%n", name,
                    manifest.frameCount(), manifest.width(), manifest.height(), manifest.fps(), manifest.durationMs(),
                    manifest.hasAudio() ? "yes" : "none", Files.size(output), (System.nanoTime() - t0) / 1_000_000);
            return 0;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private int checkOne(String name) throws IOException {
        Path manifestFile = baselinesDir.resolve(name).resolve(BaselineManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            System.out.printf("MISSING %s: no %s (run ./jbang baseline.java --fixture %s)%n", name, manifestFile, name);
            return 1;
        }
        BaselineManifest expected = BaselineManifest.read(manifestFile);
        Path tmp = Files.createTempDirectory("renderproof-baseline-check-");
        try {
            Path out = tmp.resolve(name + ".mp4");
            RenderResult rendered = render(name, out);
            List<String> differences = new ArrayList<>(expected.differences(DecodedMedia.of(out)));
            int rawFrame = expected.firstDifferingRawFrame(rendered.frameHashes());
            if (rawFrame >= 0) {
                differences.add(expected.rawFrameHashes().isEmpty() ? "the baseline has no raw-frame hashes"
                        : "first frame drawn differently " + rawFrame);
            }
            if (!RendererVersion.VERSION.equals(expected.rendererVersion())) {
                differences.add("renderer version " + RendererVersion.VERSION + ", baseline " + expected.rendererVersion());
            }
            String stale = BaselineManifest.sourceSha256(src(name)).equals(expected.sourceSha256()) ? ""
                    : " (note: fixture source changed since the baseline was made)";
            if (differences.isEmpty()) {
                System.out.printf("OK %s: %d frames, pcm %s%s%n", name, expected.frameCount(),
                        expected.hasAudio() ? "identical" : "none on either", stale);
                return 0;
            }
            System.out.printf("DIFF %s: %s%s%n", name, String.join("; ", differences), stale);
            return 1;
        } finally {
            deleteTree(tmp);
        }
    }

    private RenderResult render(String name, Path out) {
        try {
            return RenderOps.renderAll(src(name), out);
        } catch (RuntimeException e) {
            throw new RunFailure(RENDER_FAILED, "rendering fixture " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
