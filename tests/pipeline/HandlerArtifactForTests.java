package pipeline;

import java.nio.file.Path;
import stack.BuildHandlerArtifact;

/** The real handler artifact, built once per test run with the same command smoke uses. */
public final class HandlerArtifactForTests {
    private static Path jar;

    private HandlerArtifactForTests() {}

    public static synchronized Path jar() {
        if (jar == null) {
            Path root = Path.of("").toAbsolutePath();
            jar = BuildHandlerArtifact.build(root, BuildHandlerArtifact.DEFAULT_OUTPUT,
                    BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES, line -> { }).jar();
        }
        return jar;
    }
}
