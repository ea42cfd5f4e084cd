package pipeline;

import cli.Console;
import cli.ExitCode;
import cli.RunFailure;
import com.fasterxml.jackson.databind.JsonNode;
import conformance.BadEvents;
import conformance.ConformanceReport;
import conformance.Point;
import conformance.ResultShapes;
import conformance.StateMachineShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import json.Json;
import stack.Template;
import statemachine.TemplateStateMachine;

/**
 * Checks a stack against the contract point by point, on any target: the template's outputs and state
 * machine shape, each action's result on a real render of one fixture, and the named errors for bad
 * events sent straight to the function. Deploys and tears down like smoke; prints a table and writes
 * conformance.json and junit.xml.
 */
public final class Conformance {
    public record Options(String fixture, int chunkCount, Path template, Path artifacts, boolean keepStack, Duration timeout) {}

    private final Options options;
    private final ProjectSources sources;
    private final RenderTarget target;
    private final Console console;
    private final String runId;

    public Conformance(Options options, ProjectSources sources, RenderTarget target, Console console, String runId) {
        this.options = options;
        // Conformance never compares videos, so no fixture needs a baseline.
        this.sources = new ProjectSources(sources.fixturesDir(), sources.baselinesDir(), true);
        this.target = target;
        this.console = console;
        this.runId = runId;
    }

    /** Returns 0 when every point holds, else the first failure's exit code (CONTRACT_VIOLATED for a point). */
    public int run(Supplier<Path> artifactBuilder) {
        if (options.chunkCount() < 2) {
            throw new RunFailure(ExitCode.USAGE, "--chunk-count must be at least 2, so that chunks meet at a seam");
        }
        Fixture fixture = Fixture.load(sources, options.fixture());
        Template template = Template.read(options.template());
        List<Point> points = new ArrayList<>();
        for (String output : Template.CONTRACT_OUTPUTS) {
            points.add(template.root().path("Outputs").has(output) ? Point.holds("outputs", output, "declared")
                    : Point.fails("outputs", output, "not among the template's Outputs"));
        }
        points.addAll(StateMachineShape.check(TemplateStateMachine.definition(options.template())));
        int exit = ExitCode.OK;
        String failure = null;
        if (points.stream().anyMatch(p -> p.area().equals("outputs") && !p.holds())) {
            failure = "not deployed: a stack without the contract's outputs cannot be driven";
        } else {
            target.preflight(console);
            Path artifact = artifactBuilder.get();
            RunSession session = new RunSession(target, console, runId, options.artifacts(), options.keepStack(), options.timeout());
            try {
                Deployment deployment = session.deploy(artifact);
                String projectKey = session.uploadFixture(fixture);
                String execution = "conformance-" + runId;
                Path renders = options.artifacts().resolve("renders");
                ExecutionResult render = session.render(execution, projectKey, fixture.configForChunks(options.chunkCount()),
                        renders.resolve("conformance-history.json"), renders.resolve("conformance-execution.json"));
                points.add(Point.holds("render", "an execution of " + fixture.name() + " at " + options.chunkCount()
                        + " chunks succeeds", render.wallClockMs() + " ms"));
                points.addAll(ResultShapes.check(render.history()));
                List<JsonNode> plans = ResultShapes.resultsByAction(render.history()).getOrDefault("plan", List.of());
                if (plans.isEmpty()) {
                    failure = "bad events not sent: the render's history has no plan result to tamper with";
                } else {
                    String prefix = "s3://" + deployment.bucket() + "/" + deployment.keyPrefix() + "conformance/" + runId;
                    points.addAll(BadEvents.check(deployment, plans.get(0), prefix, Json.MAPPER.valueToTree(fixture.configForChunks(1))));
                }
            } catch (RunFailure e) {
                console.error(e.getMessage());
                failure = e.getMessage();
                exit = e.exitCode();
                if (exit == ExitCode.RENDER_FAILED) {
                    points.add(Point.fails("render", "an execution of " + fixture.name() + " succeeds", e.getMessage()));
                }
            } catch (RuntimeException e) {
                console.error("conformance run failed: " + e);
                failure = "conformance run failed: " + e;
                exit = ExitCode.RENDER_FAILED;
            } finally {
                exit = session.finish(exit);
            }
        }
        boolean allHold = points.stream().allMatch(Point::holds);
        if (exit == ExitCode.OK && (!allHold || failure != null)) {
            exit = ExitCode.CONTRACT_VIOLATED;
        }
        console.info(ConformanceReport.table(points));
        ConformanceReport.write(options.artifacts(), points, failure, target.name(), runId);
        points.stream().filter(p -> !p.holds()).findFirst().ifPresent(p ->
                console.error("contract point does not hold: " + p.area() + " / " + p.name() + ": " + p.detail()));
        return exit;
    }
}
