package pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import media.DecodedFacts;
import media.GateDecode;
import media.MediaFacts;
import media.YuvFrames;

/**
 * The baselines' container facts and decodes, read once per run: every chunk count (smoke) or
 * iteration (eval) gates against the same file, which does not change within a run. A file is known
 * by its path, size and modification time, so a baseline replaced in place is read again.
 *
 * <p>A run can {@link #prepare} its baseline on a thread of its own while it builds and deploys,
 * which mostly wait on class loading and a single core, and must {@link #awaitPrepared} before its
 * first render, so that the work never runs beside a render. A preparation that fails is forgotten: the first gate
 * then reads and decodes the baseline itself and reports what is wrong with it.
 */
public final class BaselineAnalyses {
    private record Key(Path path, long size, FileTime modified) {}

    private final Map<Key, MediaFacts> facts = new ConcurrentHashMap<>();
    private final Map<Key, DecodedFacts> decoded = new ConcurrentHashMap<>();
    /** The most bytes of a baseline's pictures a gate keeps for the gates after it. */
    private final long keepLimit;
    private Thread preparing;

    /** For a run of several gates: the first keeps the baseline's pictures, up to {@link YuvFrames#limit()}. */
    public BaselineAnalyses() {
        this(YuvFrames.limit());
    }

    private BaselineAnalyses(long keepLimit) {
        this.keepLimit = keepLimit;
    }

    /** For a single gate: no gate comes after it to reuse pictures, so none are kept. */
    static BaselineAnalyses forOneGate() {
        return new BaselineAnalyses(0);
    }

    long keepLimit() {
        return keepLimit;
    }

    /** Starts reading and decoding {@code baseline} in the background, its time added to {@code times} as "baseline". */
    void prepare(Path baseline, PhaseTimes times) {
        preparing = new Thread(() -> {
            try {
                times.time("baseline", () -> {
                    MediaFacts b = facts(baseline);
                    if (!Thread.currentThread().isInterrupted()) {
                        remember(baseline, GateDecode.baseline(baseline, b));
                    }
                });
            } catch (RuntimeException failed) {
                // See the class comment: the first gate does it again and reports.
            }
        }, "baseline-analysis");
        preparing.setDaemon(true);
        preparing.start();
    }

    /** Returns once the preparation (if any) has ended. */
    void awaitPrepared() {
        joinPreparation();
    }

    /** Ends the preparation (if any) early, its ffmpeg with it, and returns once it has ended: before teardown. */
    void stopPreparing() {
        if (preparing != null) {
            preparing.interrupt();
        }
        joinPreparation();
    }

    private void joinPreparation() {
        if (preparing == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                preparing.join();
                break;
            } catch (InterruptedException e) {
                // A signal during the wait: the run stops, but not before this thread's ffmpeg is gone.
                interrupted = true;
                preparing.interrupt();
            }
        }
        preparing = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    MediaFacts facts(Path baseline) {
        return facts.computeIfAbsent(key(baseline), k -> MediaFacts.read(baseline));
    }

    /** The baseline's decode from an earlier gate, or null. */
    DecodedFacts decoded(Path baseline) {
        return decoded.get(key(baseline));
    }

    void remember(Path baseline, DecodedFacts facts) {
        decoded.putIfAbsent(key(baseline), facts);
    }

    private static Key key(Path file) {
        try {
            Path p = file.toAbsolutePath().normalize();
            return new Key(p, Files.size(p), Files.getLastModifiedTime(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
