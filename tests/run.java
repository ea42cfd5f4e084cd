///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN run
//DEPS org.junit.jupiter:junit-jupiter:5.13.4
//DEPS org.junit.platform:junit-platform-launcher:1.13.4
//SOURCES ../lib/**.java
//SOURCES **.java

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The test suite: every JUnit 5 test class under tests/, run through the JUnit Platform launcher.
 * Usage: ./jbang tests/run.java [class-name-regex]   (e.g. '.*Psnr.*'; --help). The last line is
 * "Tests: N passed, N failed, N skipped", counting tests, never classes: a class skipped, aborted or
 * failed before its tests ran counts every test it holds. The exit code is non-zero on any failure or
 * when no test ran. With CI=true nothing may hide: a skipped test fails the run (its reason, which
 * names the missing tool, is printed), since CI is where every tool the suite needs is provided.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = cli.Version.class, usageHelpWidth = 110,
        description = {"Runs the JUnit 5 tests under tests/ whose class name matches CLASS-REGEX and prints one line per test.", ""},
        footer = {"", "With CI=true a skipped test fails the run (CI provides every tool the suite needs).",
            "Exit codes: 0 every selected test passed, 1 a test failed, none ran, or bad arguments."})
public class run implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "CLASS-REGEX", defaultValue = ".*Test",
            description = "Java regex over fully qualified test class names, e.g. '.*Psnr.*'. Default: ${DEFAULT-VALUE} (everything).")
    String pattern;

    public static void main(String... args) {
        System.exit(cli.ExitOnBadArguments.execute(new run(), args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new cli.RunFailure(1, "CLASS-REGEX '" + pattern + "' is not a Java regular expression: " + e.getDescription());
        }
        PrintStream out = System.out;
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Path root = Path.of(run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(root)))
                .filters(includeClassNamePatterns(pattern))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build();
        Counts counts = new Counts(out);
        LauncherFactory.create().execute(request, counts);
        if (ci && !counts.skipReasons.isEmpty()) {
            out.println("CI=true: " + counts.skipped.get() + " skipped test(s) fail the run; what .ci/run should have provided:");
            counts.skipReasons.forEach(r -> out.println("  " + r));
        }
        out.printf("Tests: %d passed, %d failed, %d skipped%n", counts.passed.get(), counts.failed.get(), counts.skipped.get());
        if (counts.passed.get() + counts.failed.get() + counts.skipped.get() == 0) {
            throw new cli.RunFailure(1, "no test matches CLASS-REGEX '" + pattern + "'");
        }
        if (counts.failed.get() > 0) {
            throw new cli.RunFailure(1, counts.failed.get() + " test(s) failed (FAIL lines above)");
        }
        if (counts.passed.get() == 0) {
            throw new cli.RunFailure(1, "no test passed");
        }
        if (ci && counts.skipped.get() > 0) {
            throw new cli.RunFailure(1, "CI=true: " + counts.skipped.get() + " skipped test(s) fail the run");
        }
        return 0;
    }

    /** Counts tests (leaves of the test plan), whatever level of the tree reported the outcome. */
    static final class Counts implements TestExecutionListener {
        final AtomicInteger passed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final List<String> skipReasons = new ArrayList<>();
        private final PrintStream out;
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Set<String> finished = ConcurrentHashMap.newKeySet();
        private TestPlan plan;

        Counts(PrintStream out) {
            this.out = out;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                started.put(id.getUniqueId(), System.nanoTime());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            int n = notYetFinished(id);
            skipped.addAndGet(n);
            skip(id, n, reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                return;
            }
            // A container that aborts or fails before its tests ran (a @BeforeAll assumption, an
            // extension that could not start) reports once for all of them; each one counts.
            int n = notYetFinished(id);
            long ms = id.isTest() ? (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000 : 0;
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    passed.addAndGet(n);
                    out.printf("PASS %s (%d ms)%n", name(id), ms);
                }
                case ABORTED -> {
                    skipped.addAndGet(n);
                    skip(id, n, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                }
                case FAILED -> {
                    // A container failing after its tests ran (e.g. in @AfterAll) is still one failure.
                    failed.addAndGet(Math.max(1, n));
                    out.printf("FAIL %s (%d ms)%s%n", name(id), ms, n > 1 ? " (" + n + " tests did not run)" : "");
                    result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                }
            }
        }

        /** The tests under {@code id} (itself, if a test) without an outcome yet; marks them as having one. */
        private int notYetFinished(TestIdentifier id) {
            if (id.isTest()) {
                finished.add(id.getUniqueId());
                return 1;
            }
            int n = 0;
            for (TestIdentifier d : plan.getDescendants(id)) {
                if (d.isTest() && finished.add(d.getUniqueId())) {
                    n++;
                }
            }
            return n;
        }

        private void skip(TestIdentifier id, int tests, String reason) {
            String line = name(id) + (id.isTest() ? "" : " (" + tests + " tests)") + ": " + reason;
            out.println("SKIP " + line);
            synchronized (skipReasons) {
                skipReasons.add(line);
            }
        }

        private static String name(TestIdentifier id) {
            String legacy = id.getLegacyReportingName();
            return id.getParentIdObject().map(p -> p.getLastSegment().getValue()).orElse("") + " > " + legacy;
        }
    }
}
