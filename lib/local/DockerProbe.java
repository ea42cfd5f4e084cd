package local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/** Asks the Docker engine what still exists, for the cleanup verification. */
class DockerProbe {
    private DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    boolean containerExists(String id) {
        try {
            client().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    boolean networkExists(String id) {
        try {
            client().inspectNetworkCmd().withNetworkId(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Ids of containers, running or not, that carry this run's label. */
    List<String> containersOfRun(String runId) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LocalContainers.RUN_LABEL, runId)).exec()
                .stream().map(Container::getId).toList();
    }
}
