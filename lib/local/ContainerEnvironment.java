package local;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

/** An execution environment that is a running RIE container (see {@link LocalContainers#rie}). */
final class ContainerEnvironment implements ExecutionEnvironment {
    private final String name;
    private final GenericContainer<?> container;
    private final CompletableFuture<Double> initDuration = new CompletableFuture<>();
    private volatile String containerId;
    private volatile URI endpoint;

    /** Wires the container's output to the log and the REPORT-line scan; does not start it. */
    ContainerEnvironment(String name, GenericContainer<?> container, ContainerLog log) {
        this.name = name;
        this.container = container;
        container.withLogConsumer((OutputFrame frame) -> {
            if (frame.getType() == OutputFrame.OutputType.END) {
                return;
            }
            String text = frame.getUtf8StringWithoutLineEnding();
            for (String line : text.split("\n", -1)) {
                if (!line.isEmpty()) {
                    log.append(name, line);
                    ExecutionEnvironment.scanOutput(line, initDuration);
                }
            }
        });
    }

    /** Starts the container and waits until the RIE listens. */
    void start() {
        container.start();
        containerId = container.getContainerId();
        endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(LocalContainers.RIE_PORT));
    }

    String containerId() {
        return containerId != null ? containerId : container.getContainerId();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return endpoint;
    }

    @Override
    public boolean alive() {
        try {
            return container.isRunning();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Double> initDuration() {
        return initDuration;
    }

    @Override
    public String describe() {
        String id = containerId();
        return name + ": container " + (id == null ? "(not created)" : id.substring(0, Math.min(12, id.length())))
                + (endpoint == null ? "" : ", RIE at " + endpoint + RieInvoker.INVOKE_PATH);
    }

    /** Stops and removes the container (Testcontainers' stop does both); a no-op when it never started. */
    @Override
    public void close() {
        container.stop();
    }
}
