package pipeline;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import contract.Events;
import java.nio.file.Path;
import java.time.Duration;
import statemachine.HistoryAnalysis;

/**
 * One execution of the render state machine: start it, show progress from its history while waiting,
 * save the history (and on failure the execution's description), and turn a failure into exit 4 with
 * the first failure's error and cause.
 */
public final class DistributedRender {
    private DistributedRender() {}

    public static ExecutionResult run(Deployment deployment, String executionName, Events.ExecutionInput input,
                                      Duration timeout, Console console, Path historyFile, Path descriptionFile) {
        long t0 = System.nanoTime();
        RunningExecution running = deployment.start(executionName, input);
        ExecutionResult result = running.await(timeout,
                h -> console.progress(progressState(h), progressLine(executionName, h, t0)));
        console.endProgress();
        ResultsJson.write(historyFile, result.history());
        if (!result.succeeded()) {
            ResultsJson.write(descriptionFile, result.description());
            HistoryAnalysis.Failure f = result.analysis().failure();
            String why = f == null ? result.status() : f.error() + ": " + f.cause();
            throw new RunFailure(ExitCode.RENDER_FAILED, executionName + " " + result.status() + ": " + why
                    + " (history: " + historyFile + ")");
        }
        return result;
    }

    private static String progressState(HistoryAnalysis h) {
        String chunks = h.mapLength() < 0 ? "planning" : "chunks " + h.iterationsSucceeded() + "/" + h.mapLength() + " done";
        return h.retries() > 0 ? chunks + ", " + h.retries() + " failed attempts" : chunks;
    }

    static String progressLine(String name, HistoryAnalysis h, long startNanos) {
        return String.format("%s: %s, %.1fs elapsed", name, progressState(h), (System.nanoTime() - startNanos) / 1e9);
    }
}
