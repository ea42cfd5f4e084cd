package local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The function containers' output (what CloudWatch Logs would hold on AWS: the handler's JSON lines and
 * the RIE's START/END/REPORT lines), each line prefixed with its environment, appended to a file in the
 * artifacts.
 */
final class ContainerLog implements AutoCloseable {
    private final BufferedWriter writer;
    private boolean closed;

    ContainerLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void append(String environment, String line) {
        if (closed) {
            return;
        }
        try {
            writer.write("[" + environment + "] " + line + "\n");
            writer.flush();
        } catch (IOException e) {
            closed = true;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        writer.close();
    }
}
