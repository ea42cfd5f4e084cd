package pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import contract.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import json.Json;
import statemachine.FunctionInvoker;
import statemachine.HistoryAnalysis;
import statemachine.LocalExecution;

/**
 * An execution of the template's state machine run by this process (the embedded and local targets,
 * which differ only in where the function runs). It runs on its own thread; {@link #await} reports
 * progress from the growing history and turns the outcome into DescribeExecution's shape.
 */
public final class InProcessExecution implements RunningExecution {
    /** Progress is recomputed from the history at most this often. */
    private static final long PROGRESS_INTERVAL_MS = 250;
    /** How long an aborted execution gets to stop its invocations (they check the abort flag between steps). */
    private static final long STOP_WAIT_SECONDS = 30;

    private final String arn;
    private final String name;
    private final Events.ExecutionInput input;
    private final LocalExecution execution;
    private final CompletableFuture<LocalExecution.Outcome> done;

    private InProcessExecution(String arn, String name, Events.ExecutionInput input, LocalExecution execution) {
        this.arn = arn;
        this.name = name;
        this.input = input;
        this.execution = execution;
        JsonNode inputJson = Json.MAPPER.valueToTree(input);
        this.done = CompletableFuture.supplyAsync(() -> execution.run(inputJson), r -> {
            Thread t = new Thread(r, "execution-" + name);
            t.setDaemon(true);
            t.start();
        });
    }

    /** Starts the execution; {@code target} names the state machine in the ARN ("embedded", "local"). */
    public static InProcessExecution start(JsonNode definition, String target, String executionName,
                                           Events.ExecutionInput input, List<FunctionInvoker> invokers,
                                           Consumer<JsonNode> eventListener) {
        String arn = "arn:aws:states:local:000000000000:execution:" + target + ":" + executionName;
        var execution = new LocalExecution(definition, arn, invokers, eventListener, Thread::sleep);
        return new InProcessExecution(arn, executionName, input, execution);
    }

    @Override
    public ExecutionResult await(Duration timeout, Consumer<HistoryAnalysis> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    LocalExecution.Outcome o = done.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    progress.accept(HistoryAnalysis.of(o.history()));
                    return result(o);
                } catch (TimeoutException notYet) {
                    progress.accept(HistoryAnalysis.of(execution.history()));
                    if (System.nanoTime() > deadline) {
                        execution.abort();
                        LocalExecution.Outcome o = done.get();
                        return result(new LocalExecution.Outcome("TIMED_OUT", o.startMillis(), o.stopMillis(), null,
                                "renderproof.Timeout", "no result within " + timeout, o.history()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("execution " + name + " crashed: " + e.getCause(), e.getCause());
        } finally {
            stopAndWait();
        }
    }

    /**
     * However await ends (interrupt, an exception from the progress callback), the execution's threads
     * are stopped before teardown releases the S3 server and class loader they use.
     */
    private void stopAndWait() {
        if (done.isDone()) {
            return;
        }
        execution.abort();
        boolean interrupted = Thread.interrupted();
        try {
            done.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // Stopped with an error, or still finishing an invocation that ignores the abort flag;
            // teardown's ffmpeg reaper and deadline take it from here.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** DescribeExecution's shape, so saved failures look the same on every target. */
    private ExecutionResult result(LocalExecution.Outcome o) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("executionArn", arn);
        d.put("name", name);
        d.put("status", o.status());
        d.put("startDate", Instant.ofEpochMilli(o.startMillis()).toString());
        d.put("stopDate", Instant.ofEpochMilli(o.stopMillis()).toString());
        d.put("input", Json.MAPPER.valueToTree(input).toString());
        if (o.output() != null) {
            d.put("output", o.output().toString());
        }
        if (o.error() != null) {
            d.put("error", o.error());
            d.put("cause", o.cause());
        }
        return new ExecutionResult(o.status(), o.startMillis(), o.stopMillis(), d, o.history());
    }
}
