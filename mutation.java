///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//DEPS org.pitest:pitest-command-line:1.30.2
//DEPS org.pitest:pitest-junit5-plugin:1.2.3
//DEPS com.fasterxml.jackson.core:jackson-databind:2.22.4
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/cli/Version.java lib/render/RendererVersion.java

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Mutation testing of the code that decides verdicts, with PIT: each group below is a set of
 * production classes and the FAST tests that are meant to pin them. PIT changes one thing at a time
 * in the bytecode (a comparison flipped, a return value replaced, a call removed) and runs the
 * covering tests; a mutant no test notices "survived" and is a defence nobody pins.
 *
 * Not part of the default suite: it takes minutes. See --help.
 *
 * The classes under test are those tests/run.java compiles (JBang builds lib/ and tests/ into one jar);
 * PIT mutates classes in directories, so the jar is unpacked under build/mutation/classes. This file
 * lives outside tests/ because tests/run.java compiles every tests/**.java and would take PIT's
 * //DEPS onto the suite's classpath.
 */
@Command(name = "mutation", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, sortOptions = false,
        usageHelpWidth = 110,
        description = {"Mutation testing (PIT) of the code that decides verdicts, one group at a time against its fast tests; "
                + "prints the score per package and every surviving mutant. Run from the repository root; takes minutes.", ""},
        footer = {"", "PIT's HTML reports are left under build/mutation/pit-GROUP/.",
                "Exit codes: 0 every group ran (whatever the score), 1 bad arguments or PIT could not run."})
public class mutation implements Callable<Integer> {
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scores and surviving mutants as JSON to FILE.")
    Path json;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "PIT worker threads, 1..64. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Parameters(paramLabel = "GROUP", arity = "0..*", description = "Groups to run, of: ${sys:renderproof.mutation.groups}. Default: all.")
    List<String> selected = new ArrayList<>();

    /** Production classes (PIT globs) and the fast tests that pin them. */
    record Group(String name, List<String> classes, List<String> tests) {}

    static final List<Group> GROUPS = List.of(
            // Project archives (packing and the hostile-input extractor); not ReproducibleJar, which builds the artifact.
            new Group("archive", List.of("archive.SafeTarGzExtractor*", "archive.TarGzPacker*"),
                    List.of("archive.*Test", "stack.SafeTarGzExtractorTest", "stack.ArchiveCapsTest")),
            new Group("planner", List.of("render.ChunkPlanner*", "render.Plan", "render.Plan$*", "render.FrameRange*"),
                    List.of("render.ChunkPlannerTest")),
            // The retry and error handling; the JSONPath and Choice interpreter (Paths, Choices) only
            // moves data and is left out.
            new Group("statemachine", List.of("statemachine.LocalExecution*", "statemachine.RetryRule*",
                    "statemachine.StatesError*", "statemachine.FunctionError*", "statemachine.HistoryAnalysis*",
                    "statemachine.HistoryRecorder*"),
                    List.of("statemachine.*Test", "aws.ExecutionHistoryTest", "aws.ExecutionWaiterTest")),
            new Group("errors", List.of("contract.ErrorName*", "contract.RenderFailure*", "handler.LambdaErrorTypes*"),
                    List.of("stack.LambdaErrorTypesTest", "stack.TemplateContractTest", "contract.*Test", "handler.*Test")),
            // Not FaultInjection: the test-only hook, inert unless its variable is set, driven by the
            // cleanup matrix in child processes where PIT's in-memory mutants do not reach.
            new Group("teardown", List.of("teardown.Teardown*", "teardown.Signals*"), List.of("teardown.*Test")),
            // What decides "nothing left behind", "left behind" or "unverified". The per-kind service
            // questions (aws.CheckGone) need an AWS API and are pinned by the moto tests instead;
            // VerifyCleanupTest asks a dead endpoint and the embedded s3proxy, no moto.
            new Group("verification", List.of("aws.VerifyCleanup*", "aws.ListRunResources$Listing*",
                    "pipeline.CleanupVerdict*", "pipeline.Deployment$CleanupCheck*"),
                    List.of("aws.VerifyCleanup*Test", "pipeline.CleanupVerdictTest")),
            // Which S3 URIs an event may name; the artifact-level tests in tests/stack cannot see PIT's mutants.
            new Group("handler-uris", List.of("handler.HandlerConfig*", "s3.S3Uri*"), List.of("handler.HandlerUriRulesTest")),
            new Group("media", List.of("media.Psnr*", "media.AudioResidual*", "media.AudioCompare*",
                    "media.EncodedStreamCompare*", "media.FrameAlignment*", "media.TimestampCompare*",
                    "media.Mp4SampleTable*", "media.StreamTrace*", "media.StreamInfo*", "media.Probe*",
                    "media.DecodedMedia*", "media.DecodedHashes*", "media.DecodedThumbnails*", "media.DecodedFacts*",
                    "media.GateDecode*", "media.MediaFacts*", "media.YuvFrames*"),
                    List.of("media.*Test")),
            // The checks, their verdict and exit code, which raw-frame hashes they get, the thresholds'
            // defaults and command-line overrides, and which code a run of several outcomes exits with. GateFaultsTest renders for
            // real and is left out: these are the gate's fast tests.
            new Group("gates", List.of("pipeline.GateResult*", "pipeline.GateCheck*", "pipeline.ChunkFrameHashes*",
                    "pipeline.Fixture$Thresholds*", "pipeline.ExitPrecedence*", "pipeline.BaselineAnalyses*", "cli.ThresholdOptions*"),
                    List.of("pipeline.GateLayersTest", "pipeline.GateVerdictTest", "pipeline.GateVideoChecksTest",
                            "pipeline.GateAudioChecksTest", "pipeline.GateEvaluateTest", "pipeline.ChunkFrameHashesTest",
                            "pipeline.ExitPrecedenceTest", "cli.ThresholdOptionsTest")));

    public static void main(String... args) {
        System.setProperty("renderproof.mutation.groups", String.join(", ", GROUPS.stream().map(Group::name).toList()));
        CommandLine cmd = new CommandLine(new mutation());
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("error: " + e.getMessage() + " (see --help)");
            return 1;
        });
        System.exit(cmd.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (threads < 1 || threads > 64) {
            System.err.println("error: --threads must be in 1..64, got " + threads);
            return 1;
        }
        List<String> names = GROUPS.stream().map(Group::name).toList();
        List<String> unknown = selected.stream().filter(n -> !names.contains(n)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("error: unknown group(s) " + unknown + "; groups: " + names);
            return 1;
        }
        List<Group> groups = selected.isEmpty() ? GROUPS
                : GROUPS.stream().filter(g -> selected.contains(g.name())).toList();
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(repo.resolve("tests/run.java"))) {
            System.err.println("error: run from the repository root (no tests/run.java in " + repo + ")");
            return 1;
        }
        Path work = repo.resolve("build/mutation");
        List<String> suiteClasspath = suiteClasspath(repo);
        Path classes = unpack(Path.of(suiteClasspath.get(0)), work.resolve("classes"));
        List<String> classPath = new ArrayList<>();
        classPath.add(classes.toString());
        classPath.addAll(suiteClasspath.subList(1, suiteClasspath.size()));

        Map<String, Object> report = new LinkedHashMap<>();
        boolean allRan = true;
        for (Group g : groups) {
            out.println("== " + g.name() + ": mutating " + g.classes() + " against " + g.tests());
            Path reportDir = work.resolve("pit-" + g.name());
            deleteTree(reportDir);
            int rc = runPit(repo, g, classPath, reportDir, threads, out);
            Path xml = reportDir.resolve("mutations.xml");
            if (rc != 0 || !Files.isRegularFile(xml)) {
                out.println("PIT did not finish for " + g.name() + " (exit " + rc + "; its log is above)");
                report.put(g.name(), Map.of("error", "PIT exit " + rc));
                allRan = false;
                continue;
            }
            Map<String, Object> result = summarise(xml);
            report.put(g.name(), result);
            print(g.name(), result, out);
        }
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            out.println("wrote " + json);
        }
        return allRan ? 0 : 1;
    }

    /** tests/run.java's classpath as JBang builds it: its own jar (lib + tests) first, then its dependencies. */
    static List<String> suiteClasspath(Path repo) throws IOException, InterruptedException {
        run(repo, List.of("./jbang", "build", "tests/run.java"));
        String cp = run(repo, List.of("./jbang", "info", "classpath", "tests/run.java")).strip();
        String last = cp.lines().reduce((a, b) -> b).orElse("");
        List<String> entries = List.of(last.split(File.pathSeparator));
        if (entries.isEmpty() || !entries.get(0).endsWith(".jar")) {
            throw new IllegalStateException("unexpected classpath from jbang info classpath: " + last);
        }
        if (!Files.isRegularFile(Path.of(entries.get(0)))) {
            throw new IllegalStateException(entries.get(0) + " is missing: the sources changed while it was built; run again");
        }
        return entries;
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit " + p.exitValue());
        }
        return stdout;
    }

    static Path unpack(Path jar, Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                Path dest = dir.resolve(e.getName()).normalize();
                if (!dest.startsWith(dir)) {
                    throw new IOException("jar entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    try (InputStream in = jf.getInputStream(e)) {
                        Files.copy(in, dest);
                    }
                }
            }
        }
        return dir;
    }

    /** PIT in a child JVM: its command line calls System.exit, and its classpath must not mix with ours. */
    static int runPit(Path repo, Group g, List<String> classPath, Path reportDir, int threads, PrintStream out)
            throws IOException, InterruptedException {
        Path classPathFile = Files.createDirectories(reportDir).resolve("classpath.txt");
        Files.write(classPathFile, classPath);
        // Mutants that remove a temp directory's deletion leave it behind: keep those under the report, which
        // the next run of the group deletes, instead of in the system's temp directory.
        Path tmp = Files.createDirectories(reportDir.resolve("tmp"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"),
                "org.pitest.mutationtest.commandline.MutationCoverageReport",
                "--classPathFile", classPathFile.toString(),
                "--mutableCodePaths", classPath.get(0),
                "--reportDir", reportDir.toString(),
                "--targetClasses", String.join(",", g.classes()),
                "--targetTests", String.join(",", g.tests()),
                "--excludedClasses", "*Test,*Test$*,*Tests,*Tests$*",
                "--sourceDirs", repo.resolve("lib") + "," + repo.resolve("tests"),
                "--outputFormats", "XML,HTML",
                "--timestampedReports=false",
                "--threads", Integer.toString(threads),
                // ffmpeg-backed tests are slow and vary with the machine's load.
                "--timeoutConst", "10000",
                "--jvmArgs", "-Dfile.encoding=UTF-8,-Djava.io.tmpdir=" + tmp));
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Path log = reportDir.resolve("pit.log");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var logOut = Files.newBufferedWriter(log)) {
            String line;
            while ((line = lines.readLine()) != null) {
                logOut.write(line);
                logOut.newLine();
                // PIT's per-minion chatter goes to the log file only; its summary and errors are shown.
                if (line.startsWith(">>") || line.contains("ERROR") || line.contains("Exception") || line.startsWith("- ")
                        || line.contains("Generated") || line.contains("Killed")) {
                    out.println("   " + line);
                }
            }
        }
        return p.waitFor();
    }

    /** Per package: mutants, killed (PIT's "detected": killed, timed out or out of memory), survivors. */
    static Map<String, Object> summarise(Path xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList nodes = doc.getElementsByTagName("mutation");
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, List<String>> survivors = new TreeMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element m = (Element) nodes.item(i);
            String cls = text(m, "mutatedClass");
            String pkg = cls.contains(".") ? cls.substring(0, cls.lastIndexOf('.')) : "";
            String status = m.getAttribute("status");
            int[] c = counts.computeIfAbsent(pkg, k -> new int[3]);
            c[0]++;
            if (Boolean.parseBoolean(m.getAttribute("detected"))) {
                c[1]++;
            } else {
                if (status.equals("NO_COVERAGE")) {
                    c[2]++;
                }
                survivors.computeIfAbsent(pkg, k -> new ArrayList<>()).add(String.format("%s %s:%s %s (%s)",
                        status, cls.substring(pkg.isEmpty() ? 0 : pkg.length() + 1), text(m, "lineNumber"),
                        text(m, "description"), text(m, "mutatedMethod")));
            }
        }
        Map<String, Object> packages = new LinkedHashMap<>();
        for (var e : counts.entrySet()) {
            int[] c = e.getValue();
            List<String> s = new ArrayList<>(survivors.getOrDefault(e.getKey(), List.of()));
            s.sort(Comparator.naturalOrder());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mutants", c[0]);
            p.put("killed", c[1]);
            p.put("noCoverage", c[2]);
            p.put("scorePercent", c[0] == 0 ? 100.0 : Math.round(1000.0 * c[1] / c[0]) / 10.0);
            p.put("surviving", s);
            packages.put(e.getKey(), p);
        }
        return packages;
    }

    static void print(String group, Map<String, Object> packages, PrintStream out) {
        out.printf("%-14s %-14s %8s %8s %8s %8s%n", "group", "package", "mutants", "killed", "no-cov", "score %");
        for (var e : packages.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) e.getValue();
            out.printf("%-14s %-14s %8d %8d %8d %8.1f%n", group, e.getKey(), p.get("mutants"), p.get("killed"),
                    p.get("noCoverage"), p.get("scorePercent"));
        }
        for (var e : packages.entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> s = (List<String>) ((Map<String, Object>) e.getValue()).get("surviving");
            s.forEach(line -> out.println("  survived in " + e.getKey() + ": " + line));
        }
    }

    private static String text(Element m, String tag) {
        NodeList n = m.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
