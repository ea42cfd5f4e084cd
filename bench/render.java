///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//SOURCES ../lib/**.java
//MAIN render.RenderBench
package render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import media.Ffmpeg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Renderer benchmark (numbers, not a test). It lives in package render to time the internal stages
 * (drawing, encoding) separately with the exact settings the renderer uses.
 */
@Command(name = "bench-render", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Renderer throughput (numbers, not a test): draw-only, render+encode and two encode-only floors, best of "
                    + RenderBench.RUNS + " runs; then the peak live heap of a 2 s and a 20 s render in a child JVM; then "
                    + "the cold init of a new embedded environment planning the project (bench/coldstart.java has more).",
            ""},
        footer = {"", "Exit codes: 0 done, 1 bad arguments or an invalid project, 2 the handler build failed, 4 a render failed."})
class RenderBench implements Callable<Integer> {
    static final int RUNS = 3;
    static final int MAX_COLD_SAMPLES = 20;
    private static final String CHILD_HEAP = "-Xmx192m";

    @Parameters(arity = "0..1", paramLabel = "PROJECT-DIR", defaultValue = "fixtures/mp4-h264-sdr/src",
            description = "A project directory holding composition.json. Default: ${DEFAULT-VALUE}.")
    Path project;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON: framesPerSecond, "
            + "ratioToPreDrawnFloor, peakHeapRatio, coldInitMs (median per phase, the artifact as a jar).")
    Path jsonFile;

    @Option(names = "--cold-init-samples", paramLabel = "N", defaultValue = "3",
            description = "New environments measured for the cold init, 0.." + MAX_COLD_SAMPLES + " (0 skips it). Default: ${DEFAULT-VALUE}.")
    int coldInitSamples;

    /** The memory measurement's child JVM runs this same class with this option. */
    @Option(names = "--child-memory", hidden = true)
    Path childMemoryProject;

    @Mixin
    cli.Verbose verbose;

    public static void main(String... args) {
        System.exit(cli.ExitOnBadArguments.execute(new RenderBench(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (childMemoryProject != null) {
            childMemory(childMemoryProject);
            return 0;
        }
        if (coldInitSamples < 0 || coldInitSamples > MAX_COLD_SAMPLES) {
            throw new cli.RunFailure(cli.ExitCode.USAGE, "--cold-init-samples must be in 0.." + MAX_COLD_SAMPLES + ", got " + coldInitSamples);
        }
        if (jsonFile != null && !Files.isDirectory(jsonFile.toAbsolutePath().getParent())) {
            throw new cli.RunFailure(cli.ExitCode.USAGE, "--json: no directory " + jsonFile.toAbsolutePath().getParent());
        }
        Composition c;
        try {
            c = CompositionReader.read(project);
        } catch (CompositionException e) {
            throw new cli.RunFailure(cli.ExitCode.USAGE, e.getMessage());
        }
        FrameRange all = new FrameRange(0, c.durationFrames());
        System.out.printf(Locale.ROOT, "project %s: %dx%d @%d fps, %d frames, %d layers; ffmpeg %s, x264 preset %s crf %d, 1 thread%n",
                project, c.width(), c.height(), c.fps(), c.durationFrames(), c.layers().size(), Ffmpeg.BUNDLED_VERSION,
                EncoderSettings.PRESET, EncoderSettings.CRF);
        Path tmp = Files.createTempDirectory("renderproof-bench-");
        try {
            ObjectNode figures = json.Json.MAPPER.createObjectNode();
            speed(c, all, tmp, figures);
            memory(tmp, figures);
            coldInit(c, tmp, figures);
            if (jsonFile != null) {
                json.Json.MAPPER.writeValue(jsonFile.toFile(), figures);
            }
        } catch (contract.RenderFailure e) {
            throw new cli.RunFailure(cli.ExitCode.RENDER_FAILED, "rendering " + project + " failed: " + e.getMessage(), e);
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void speed(Composition c, FrameRange all, Path tmp, ObjectNode figures) throws Exception {
        int frames = c.durationFrames();
        double drawOnly = Double.MAX_VALUE;
        double renderEncode = Double.MAX_VALUE;
        double constantEncode = Double.MAX_VALUE;
        double preRenderedEncode = Double.MAX_VALUE;
        byte[][] preRendered = preRender(c, all);
        byte[][] constant = new byte[frames][];
        java.util.Arrays.fill(constant, preRendered[0]);
        for (int run = 0; run < RUNS; run++) {
            drawOnly = Math.min(drawOnly, timeDrawOnly(c, all));
            renderEncode = Math.min(renderEncode, timeEncode(c, all, tmp.resolve("render.mp4"), null));
            constantEncode = Math.min(constantEncode, timeEncode(c, all, tmp.resolve("constant.mp4"), constant));
            preRenderedEncode = Math.min(preRenderedEncode, timeEncode(c, all, tmp.resolve("prerendered.mp4"), preRendered));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "speed (best of %d runs, %d frames; warm JVM):%n", RUNS, frames);
        System.out.printf(Locale.ROOT, "  draw only (Java2D, no encoder)        %8.1f frames/s%n", frames / drawOnly);
        System.out.printf(Locale.ROOT, "  render + encode                       %8.1f frames/s (%.0f ms)%n", frames / renderEncode, renderEncode * 1000);
        System.out.printf(Locale.ROOT, "  encode floor: frame 0 repeated        %8.1f frames/s (%.0f ms)%n", frames / constantEncode, constantEncode * 1000);
        System.out.printf(Locale.ROOT, "  encode floor: the same frames, pre-drawn %5.1f frames/s (%.0f ms)%n", frames / preRenderedEncode, preRenderedEncode * 1000);
        System.out.printf(Locale.ROOT, "  ratio render+encode / constant floor  %8.2f (target <= 1.2)%n", renderEncode / constantEncode);
        System.out.printf(Locale.ROOT, "  ratio render+encode / pre-drawn floor %8.2f%n", renderEncode / preRenderedEncode);
        System.out.println("  (both floors pipe frames through the same ffmpeg arguments and pipeline without drawing;");
        System.out.println("   x264 codes a static picture much faster than moving content, so the constant-frame");
        System.out.println("   ratio also holds the encoding cost of real motion; the pre-drawn ratio isolates the");
        System.out.println("   cost of drawing that is not hidden behind the encoder)");
        figures.put("framesPerSecond", round(frames / renderEncode, 1));
        figures.put("ratioToPreDrawnFloor", round(renderEncode / preRenderedEncode, 3));
    }

    private static double round(double v, int decimals) {
        return Math.round(v * Math.pow(10, decimals)) / Math.pow(10, decimals);
    }

    /** The handler artifact (built unless up to date), loaded as --embedded loads it, planning this project. */
    private void coldInit(Composition c, Path tmp, ObjectNode figures) {
        if (coldInitSamples == 0) {
            return;
        }
        Path artifact = cli.Targets.embeddedHandlerArtifact(new cli.Console(System.out, System.err, false));
        var config = new contract.RenderConfig(c.fps(), c.width(), c.height(), contract.RenderConfig.FORMAT_MP4, null, 4);
        var samples = embedded.ColdInit.measure(artifact, embedded.ColdInit.Layout.JAR, project, config, coldInitSamples,
                tmp);
        System.out.println();
        embedded.ColdInit.print(System.out, artifact, embedded.ColdInit.Layout.JAR, "project " + project, samples);
        figures.set("coldInitMs", json.Json.MAPPER.valueToTree(embedded.ColdInit.median(samples)));
    }

    private static double timeDrawOnly(Composition c, FrameRange range) {
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
        long t0 = System.nanoTime();
        try (FrameDrawer drawer = FrameDrawer.open(c, range)) {
            for (int f = range.start(); f < range.endExclusive(); f++) {
                drawer.draw(f, img);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static byte[][] preRender(Composition c, FrameRange range) {
        byte[][] frames = new byte[range.endExclusive() - range.start()][];
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (FrameDrawer drawer = FrameDrawer.open(c, range)) {
            for (int f = range.start(); f < range.endExclusive(); f++) {
                drawer.draw(f, img);
                frames[f - range.start()] = ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
            }
        }
        return frames;
    }

    /** The renderer's own loop (FrameDrawer -> FramePipeline -> VideoEncoder), or the given frames copied in instead of drawn. */
    private static double timeEncode(Composition c, FrameRange range, Path out, byte[][] given) throws Exception {
        boolean constant = given != null;
        long t0 = System.nanoTime();
        try (VideoEncoder encoder = VideoEncoder.start(c, null, out, false);
             FrameDrawer drawer = constant ? null : FrameDrawer.open(c, range);
             FramePipeline pipeline = new FramePipeline(c.width(), c.height(), encoder.frames())) {
            for (int f = range.start(); f < range.endExclusive(); f++) {
                BufferedImage img = pipeline.acquire();
                if (constant) {
                    byte[] frame = given[f - range.start()];
                    System.arraycopy(frame, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, frame.length);
                } else {
                    drawer.draw(f, img);
                }
                pipeline.submit(img);
            }
            pipeline.finish();
            encoder.finish();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Peak live heap of a whole renderAll in a child JVM with a fixed heap (-Xmx192m, serial GC): a
     * sampler forces a full GC every 50 ms and records the heap in use right after it, so garbage
     * does not count, only what the render holds. ffmpeg's own memory is outside the JVM.
     */
    private static void memory(Path tmp, ObjectNode figures) throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        Ffmpeg.bundled().run(List.of("-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-frames:v", "600", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", clip.toString()));
        System.out.println();
        System.out.println("memory: peak live heap of renderAll in a child JVM (" + CHILD_HEAP + ", SerialGC; full GC every 50 ms,");
        System.out.println("  heap used right after each; all layer types incl. a 320x180 clip and a tone, 640x360 @30 fps):");
        long[] peaks = new long[2];
        int[] seconds = {2, 20};
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectories(tmp.resolve("mem" + seconds[i]));
            Files.copy(clip, dir.resolve("clip.mp4"));
            Files.writeString(dir.resolve("composition.json"), syntheticComposition(seconds[i] * 30));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    CHILD_HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), RenderBench.class.getName(),
                    "--child-memory", dir.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("child failed: " + out);
            }
            peaks[i] = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().split(" ")[1]);
            System.out.printf(Locale.ROOT, "  %2d s (%3d frames): peak live heap %6.1f MiB%n", seconds[i], seconds[i] * 30, peaks[i] / 1048576.0);
        }
        System.out.printf(Locale.ROOT, "  ratio 20 s / 2 s: %.2f (target <= 1.2)%n", (double) peaks[1] / peaks[0]);
        figures.put("peakHeapRatio", round((double) peaks[1] / peaks[0], 3));
    }

    private static void childMemory(Path project) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        RenderOps.renderAll(project, project.resolve("out.mp4"));
        sampler.interrupt();
        sampler.join();
        System.out.println("peak " + peak[0]);
    }

    private static String syntheticComposition(int frames) {
        int last = frames - 1;
        return """
                {"width": 640, "height": 360, "fps": 30, "durationFrames": %d, "background": "#101820",
                 "layers": [
                   {"type": "rect", "width": 640, "height": 360, "fill": {"linearGradient": {"x0": -320, "y0": 0, "x1": 320, "y1": 0,
                     "stops": [{"offset": 0, "color": "#203a43"}, {"offset": 1, "color": "#2c5364"}]}}},
                   {"type": "video", "src": "clip.mp4", "width": 320, "height": 180, "to": %d,
                    "transform": {"x": 200, "y": 120, "rotation": [{"frame": 0, "value": 0}, {"frame": %d, "value": 90}]}},
                   {"type": "ellipse", "width": 80, "height": 80, "fill": {"color": "#ffcc00"},
                    "transform": {"x": [{"frame": 0, "value": 60}, {"frame": %d, "value": 580, "easing": "easeInOut"}], "y": 180}},
                   {"type": "text", "text": "frame {frame}", "size": 36, "transform": {"y": 320}}
                 ],
                 "audio": [{"type": "tone", "frequency": 440, "durationFrames": %d, "volume": 0.3, "fadeInFrames": 5, "fadeOutFrames": 10}]}
                """.formatted(frames, Math.min(frames, 600), last, last, frames);
    }
}
