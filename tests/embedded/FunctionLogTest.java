package embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function log that cannot be written must never fail the invocation that logs: one warning, then dropped lines. */
class FunctionLogTest {
    @Test
    void anUnwritableLogWarnsOnceAndNeverThrows(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("artifacts"), "a file where the artifacts directory should be");
        List<String> warnings = new ArrayList<>();
        try (FunctionLog log = new FunctionLog(notADirectory.resolve("function.log"), warnings::add)) {
            log.append("START RequestId: 1");
            log.append("END RequestId: 1");
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("function.log"), warnings.toString());
    }
}
