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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The test suite: every JUnit 5 test class under tests/, run through the JUnit Platform launcher.
 * Usage: ./jbang tests/run.java [class-name-regex]   (e.g. '.*Psnr.*'). The last line is
 * "Tests: N passed, N failed[, N skipped]"; the exit code is non-zero on any failure or when no
 * test ran.
 */
public class run {
    public static void main(String... args) throws Exception {
        PrintStream out = System.out;
        Path root = Path.of(run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pattern = args.length > 0 ? args[0] : ".*Test";
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(root)))
                .filters(includeClassNamePatterns(pattern))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build();
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        TestExecutionListener listener = new TestExecutionListener() {
            private final java.util.Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    started.put(id.getUniqueId(), System.nanoTime());
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skipped.incrementAndGet();
                out.println("SKIP " + name(id) + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                long ms = id.isTest() ? (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000 : 0;
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        passed.incrementAndGet();
                        out.printf("PASS %s (%d ms)%n", name(id), ms);
                    }
                    case ABORTED -> {
                        skipped.incrementAndGet();
                        out.println("SKIP " + name(id) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                    }
                    case FAILED -> {
                        failed.incrementAndGet();
                        out.printf("FAIL %s (%d ms)%n", name(id), ms);
                        result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                    }
                }
            }

            private String name(TestIdentifier id) {
                String legacy = id.getLegacyReportingName();
                return id.getParentIdObject().map(p -> p.getLastSegment().getValue()).orElse("") + " > " + legacy;
            }
        };
        LauncherFactory.create().execute(request, listener);
        out.printf("Tests: %d passed, %d failed, %d skipped%n", passed.get(), failed.get(), skipped.get());
        System.exit(failed.get() > 0 || passed.get() == 0 ? 1 : 0);
    }
}
