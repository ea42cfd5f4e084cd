package embedded;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The function's log lines (what CloudWatch Logs would hold on AWS), appended to a file in the artifacts. */
final class FunctionLog implements AutoCloseable {
    private final BufferedWriter writer;

    FunctionLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void append(String line) {
        try {
            writer.write(line.endsWith("\n") ? line : line + "\n");
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
