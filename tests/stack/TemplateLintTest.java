package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cfn-lint (AWS's CloudFormation linter: resource schemas, intrinsics, state machine definitions) finds nothing in the template. */
class TemplateLintTest {
    private static Optional<Path> cfnLint() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "cfn-lint");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Test
    void cfnLintFindsNothingInTheTemplate() throws Exception {
        Optional<Path> lint = cfnLint();
        if (lint.isEmpty()) {
            System.out.println("SKIP: cfn-lint is not on PATH (pip install cfn-lint); the template is not linted here");
        }
        assumeTrue(lint.isPresent(), "cfn-lint is not on PATH");
        Process p = new ProcessBuilder(List.of(lint.get().toString(), "--", "stack/template.yaml"))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish");
        assertEquals(0, p.exitValue(), "cfn-lint findings:\n" + out);
    }
}
