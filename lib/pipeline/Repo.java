package pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** The renderproof checkout the scripts run from: fixtures, baselines and the stack template live here. */
public final class Repo {
    private Repo() {}

    /** $RENDERPROOF_HOME, else the nearest directory at or above the working directory holding stack/template.yaml. */
    public static Path root() {
        String home = System.getenv("RENDERPROOF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("stack/template.yaml"))) {
                return p;
            }
        }
        throw new cli.RunFailure(cli.ExitCode.USAGE,
                "cannot find the renderproof checkout (stack/template.yaml) above " + Path.of("").toAbsolutePath()
                        + "; run from the checkout or set RENDERPROOF_HOME");
    }

    public static Path template() {
        return root().resolve("stack/template.yaml");
    }
}
