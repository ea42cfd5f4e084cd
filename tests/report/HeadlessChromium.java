package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import json.Json;

/**
 * Debian's chromium, headless, as a page checker without WebDriver: {@code --dump-dom} prints the DOM
 * after the page's load, and {@code --enable-logging=stderr --v=0} prints every console message
 * (log, error, uncaught exception, blocked resource) as an {@code INFO:CONSOLE} line on stderr.
 * Flags for a closed network, as the .ci image needs them: no QUIC, no background networking,
 * no component updates, a fresh profile per call, and every host resolving to nothing.
 */
final class HeadlessChromium {
    /** What the page printed and how it ended up. */
    record Page(String dom, List<String> consoleLines, String stderr) {}

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** $CHROMIUM, else chromium / chromium-browser / google-chrome on PATH. */
    static Optional<HeadlessChromium> find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(new HeadlessChromium(Path.of(env)));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(new HeadlessChromium(p));
                }
            }
        }
        return Optional.empty();
    }

    static final String ABSENT = "chromium not found ($CHROMIUM or chromium/chromium-browser/google-chrome on PATH): "
            + "install Debian's chromium package to run the in-browser report checks";

    private List<String> command(Path profile, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(extra);
        return cmd;
    }

    /** Loads the file, lets its scripts run, returns the serialized DOM and the console lines. */
    Page dumpDom(Path html, Path work) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Path out = work.resolve("dom-" + System.nanoTime() + ".html");
        Path err = work.resolve("stderr-" + System.nanoTime() + ".txt");
        run(command(profile, List.of("--window-size=1280,2400", "--dump-dom", html.toUri().toString())), out, err);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console, stderr);
    }

    /** A PNG of the page at 1280 x height CSS pixels. */
    Path screenshot(Path html, Path png, int height, Path work) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Files.deleteIfExists(png);
        run(command(profile, List.of("--hide-scrollbars", "--window-size=1280," + height, "--screenshot=" + png.toAbsolutePath(),
                html.toUri().toString())), work.resolve("shot-out.txt"), work.resolve("shot-err.txt"));
        return png;
    }

    private static void run(List<String> cmd, Path out, Path err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + p.exitValue() + ": " + Files.readString(err));
        }
    }

    /**
     * A copy of the report with a probe appended that measures, after layout, every chart's marks: per
     * chart and per {@code data-mark} kind, how many marks have a non-empty box inside the chart's box
     * (drawn), and for PSNR points their value and vertical centre. The report's CSP forbids scripts,
     * so the copy drops that one meta tag; the original page is loaded untouched for the console check.
     */
    static Path withProbe(Path report, Path work) throws IOException {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        String noCsp = html.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        if (noCsp.equals(html)) {
            throw new IllegalStateException("report has no CSP meta tag to lift for the probe");
        }
        String probe = """
                <script>
                const result = {};
                for (const svg of document.querySelectorAll('svg[data-chart]')) {
                  const box = svg.getBoundingClientRect();
                  const c = { width: box.width, height: box.height, drawn: {}, outside: 0, psnr: [] };
                  for (const m of svg.querySelectorAll('[data-mark]')) {
                    const r = m.getBoundingClientRect();
                    const visible = (r.width > 0 || r.height > 0) && getComputedStyle(m).visibility !== 'hidden'
                        && getComputedStyle(m).display !== 'none';
                    const inside = r.right >= box.left - 1 && r.left <= box.right + 1 && r.bottom >= box.top - 1 && r.top <= box.bottom + 1;
                    if (!visible) continue;
                    if (!inside) { c.outside++; continue; }
                    const kind = m.getAttribute('data-mark');
                    c.drawn[kind] = (c.drawn[kind] || 0) + 1;
                    if (kind === 'psnr') c.psnr.push([m.getAttribute('data-psnr'), (r.top + r.bottom) / 2 - box.top, m.getAttribute('data-status')]);
                  }
                  result[svg.getAttribute('data-chart')] = c;
                }
                const pre = document.createElement('pre');
                pre.id = 'probe';
                pre.textContent = JSON.stringify(result);
                document.body.appendChild(pre);
                </script>
                """;
        Path copy = work.resolve("probe-" + report.getFileName());
        Files.writeString(copy, noCsp.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        return copy;
    }

    /** The probe's JSON from a dumped DOM. */
    static JsonNode probeResult(String dom) throws IOException {
        int start = dom.indexOf("<pre id=\"probe\">");
        if (start < 0) {
            throw new AssertionError("the probe did not run: no <pre id=\"probe\"> in the DOM");
        }
        int end = dom.indexOf("</pre>", start);
        String text = dom.substring(start + "<pre id=\"probe\">".length(), end)
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return Json.MAPPER.readTree(text);
    }
}
