package embedded;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The function's log lines (what CloudWatch Logs would hold on AWS), appended to a file in the
 * artifacts. A log that cannot be written (disk full, directory made read-only) is warned about once
 * and then dropped: it must never fail the handler invocation that logs.
 */
final class FunctionLog implements AutoCloseable {
    private final Path file;
    private final Consumer<String> warn;
    private BufferedWriter writer;
    private boolean broken;

    FunctionLog(Path file, Consumer<String> warn) {
        this.file = file;
        this.warn = warn;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void append(String line) {
        if (broken) {
            return;
        }
        try {
            writer.write(line.endsWith("\n") ? line : line + "\n");
            writer.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        broken = true;
        warn.accept("cannot write the function log " + file + " (" + e.getMessage() + "); its lines are dropped");
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
