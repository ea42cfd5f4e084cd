package pipeline;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The artifacts directory of a run holds only that run's files. {@link #check} is the pre-flight (it
 * creates nothing); {@link #prepare}, called once the run is about to write, moves an earlier run's
 * directory aside to {@code <dir>.previous} (replacing an older one there) and starts an empty one.
 * A non-empty directory that does not look like an earlier run's is refused rather than moved, so
 * {@code --artifacts .} or a home directory is never renamed.
 */
public final class ArtifactsDirectory {
    /** Written into every artifacts directory a run makes, so the next run knows it may move it aside. */
    public static final String MARKER = ".renderproof-artifacts";

    private ArtifactsDirectory() {}

    /** Fails (exit 1) unless the run could create or reuse {@code dir}; touches nothing. */
    public static void check(Path dir, String flag) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new RunFailure(ExitCode.USAGE, flag + " " + dir + " is a file, not a directory");
        }
        if (Files.isDirectory(abs)) {
            if (!Files.isWritable(abs)) {
                throw new RunFailure(ExitCode.USAGE, flag + " " + dir + " is not writable");
            }
            if (!isEmpty(abs) && !isEarlierRun(abs)) {
                throw new RunFailure(ExitCode.USAGE, flag + " " + dir + " holds files that are not an earlier run's "
                        + "(no " + MARKER + ", results.json or renders/); name an empty or new directory");
            }
            if (!isEmpty(abs) && (abs.getParent() == null || !Files.isWritable(abs.getParent()))) {
                throw new RunFailure(ExitCode.USAGE, flag + " " + dir + ": cannot move the earlier run aside, "
                        + (abs.getParent() == null ? "it has no parent" : abs.getParent() + " is not writable"));
            }
            return;
        }
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new RunFailure(ExitCode.USAGE, flag + " " + dir + " cannot be created: "
                    + (existing == null ? "no existing parent" : existing + " is a file, not a directory"));
        }
        if (!Files.isWritable(existing)) {
            throw new RunFailure(ExitCode.USAGE, flag + " " + dir + " cannot be created: " + existing + " is not writable");
        }
    }

    /** Moves an earlier run's files to {@code <dir>.previous} and creates {@code dir} empty but for the marker. */
    public static void prepare(Path dir, Console console) {
        try {
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                Path previous = dir.resolveSibling(dir.getFileName() + ".previous");
                deleteTree(previous);
                Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
                console.info("moved the earlier run's artifacts to " + previous);
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "This directory holds one renderproof run's artifacts; "
                    + "the next run moves it to <name>.previous.\n");
        } catch (IOException e) {
            throw new RunFailure(ExitCode.USAGE, "cannot prepare the artifacts directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEarlierRun(Path dir) {
        return Files.exists(dir.resolve(MARKER)) || Files.isRegularFile(dir.resolve("results.json"))
                || Files.isDirectory(dir.resolve("renders"));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
