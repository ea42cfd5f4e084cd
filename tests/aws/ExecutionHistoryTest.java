package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionHistoryTest {
    private static ExecutionHistory succeeded() {
        return new ExecutionHistory(Recorded.history("history-succeeded.json").events());
    }

    @Test
    void countsWhatARenderIsBilledFor() {
        ExecutionHistory h = succeeded();
        // Plan, BuildChunkList, AssertChunkCount, RenderChunks, RenderChunk x2, Assemble
        assertEquals(7, h.stateTransitions());
        assertEquals(4, h.lambdaInvocations());
        assertEquals(List.of(1200L, 3000L, 3500L, 900L), h.handlerDurationsMs());
        assertEquals(new ExecutionHistory.MapProgress(2, 0, 2), h.mapProgress());
        assertTrue(h.firstFailure().isEmpty());
    }

    @Test
    void retriedInvocationsAreCountedAndFailedIterationsReported() {
        ExecutionHistory h = new ExecutionHistory(Recorded.history("history-failed.json").events());
        assertEquals(4, h.lambdaInvocations(), "plan, chunk 0 twice, chunk 1");
        assertEquals(new ExecutionHistory.MapProgress(0, 2, 2), h.mapProgress());
    }

    @Test
    void savedHistoryRoundTripsInGetExecutionHistoryShape(@TempDir Path dir) throws Exception {
        ExecutionHistory h = succeeded();
        Path file = dir.resolve("N2-history.json");
        h.write(file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"events\""));
        assertTrue(text.contains("\"timestamp\" : 1716210000.173"), "epoch seconds, as on the wire");
        assertTrue(text.contains("\"mapStateStartedEventDetails\""));
        assertEquals(h.events(), ExecutionHistory.read(file).events());
    }

    @Test
    void costIsPricedFromHandlerDurationsRequestsAndTransitions() {
        // The pipeline prices every target's history with one reader; here it reads a recorded AWS one.
        var analysis = statemachine.HistoryAnalysis.of(succeeded().toJson());
        pipeline.CostEstimate c = pipeline.CostEstimate.of(analysis, 10240);
        // 8.6 s x 10 GB
        assertEquals(86.0, c.lambdaGbSeconds(), 1e-9);
        assertEquals(4, c.invocations());
        assertEquals(7, c.transitions());
        assertEquals(86.0 * 0.0000166667 + 4 * 0.20 / 1e6 + 7 * 0.025 / 1000, c.usd(), 1e-12);
        assertTrue(pipeline.CostEstimate.ASSUMPTIONS.contains("list prices"));
    }
}
