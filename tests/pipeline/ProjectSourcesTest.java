package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cli.ExitCode;
import cli.RunFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --fixtures-dir, --baselines-dir and --baseline self choose where projects and references come from. */
class ProjectSourcesTest {
    @TempDir
    Path tmp;

    private Path fixture(Path dir, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.resolve("src"));
        Files.writeString(f.resolve("src/anything.txt"), "not interpreted by the harness");
        Files.writeString(f.resolve("meta.json"), "{\"renderConfig\":{\"fps\":30,\"width\":64,\"height\":64,\"format\":\"mp4\"},"
                + "\"thresholds\":{\"minPsnr\":45,\"maxFrameFailures\":1}}");
        return f;
    }

    @Test
    void fixturesAndBaselinesComeFromTheGivenDirectories() throws Exception {
        fixture(tmp.resolve("projects"), "theirs");
        Files.createDirectories(tmp.resolve("refs/theirs"));
        Files.writeString(tmp.resolve("refs/theirs/output.mp4"), "reference");
        ProjectSources s = ProjectSources.fromOptions(tmp.resolve("checkout"), tmp.resolve("projects"), tmp.resolve("refs"), null);
        assertEquals(List.of("theirs"), Fixture.availableIn(s));
        Fixture f = Fixture.load(s, "theirs");
        assertEquals(tmp.resolve("projects/theirs/src").toAbsolutePath(), f.src());
        assertEquals(tmp.resolve("refs/theirs/output.mp4").toAbsolutePath(), f.baseline());
        assertEquals(45.0, f.thresholds().minPsnr());
    }

    @Test
    void selfBaselineNeedsNoCommittedReferenceAndSaysSo() throws Exception {
        fixture(tmp.resolve("projects"), "theirs");
        ProjectSources s = ProjectSources.fromOptions(tmp, tmp.resolve("projects"), null, "self");
        Fixture f = Fixture.load(s, "theirs");
        assertNull(f.baseline());
        assertTrue(s.referenceDescription().startsWith("self"), s.referenceDescription());
    }

    @Test
    void aMissingBaselineNamesTheFileAndTheWayOut() throws Exception {
        fixture(tmp.resolve("projects"), "theirs");
        Files.createDirectories(tmp.resolve("refs"));
        ProjectSources s = ProjectSources.fromOptions(tmp, tmp.resolve("projects"), tmp.resolve("refs"), null);
        RunFailure e = assertThrows(RunFailure.class, () -> Fixture.load(s, "theirs"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("refs/theirs/output.mp4") && e.getMessage().contains("--baseline self"), e.getMessage());
    }

    @Test
    void badSourceOptionsAreRefusedBeforeAnythingRuns() {
        assertEquals(ExitCode.USAGE, assertThrows(RunFailure.class,
                () -> ProjectSources.fromOptions(tmp, null, null, "previous")).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(RunFailure.class,
                () -> ProjectSources.fromOptions(tmp, tmp.resolve("nope"), null, null)).exitCode());
        Path refs = tmp.resolve("refs");
        assertThrows(RunFailure.class, () -> ProjectSources.fromOptions(tmp, null, tmp, "self"));
        assertThrows(RunFailure.class, () -> ProjectSources.fromOptions(tmp, null, refs, null));
    }
}
