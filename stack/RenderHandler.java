///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVAC_OPTIONS --release 17
//SOURCES ../lib/contract/*.java
//SOURCES ../lib/json/*.java
//SOURCES ../lib/media/*.java
//SOURCES ../lib/render/*.java
//SOURCES ../lib/s3/S3Uri.java
//SOURCES ../lib/s3http/*.java
//SOURCES ../lib/archive/*.java
//SOURCES ../lib/handler/*.java
//SOURCES ../lib/lambdaerrors/*.java
package stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Lambda entry point named in stack/template.yaml (Handler: stack.RenderHandler::handleRequest).
 * Only the lib packages the handler needs are compiled in (not lib/**), so the artifact carries no
 * harness dependencies (s3proxy, CloudFormation, picocli). The named package is required by
 * `jbang export fatjar`; Lambda instantiates it through the no-arg constructor. No AWS SDK either: the
 * handler's few S3 calls go through s3http (SigV4 over the JDK's HTTP client), which a new execution
 * environment loads in a fraction of the SDK client's time.
 * No ffmpeg is declared here: the build adds the one static build the function's architecture runs
 * (stack.BuildHandlerArtifact), so a direct run names the host's (media.FfmpegBuild lists them).
 *
 * Run directly, it handles one event from a file or stdin and prints the result, which is how to
 * reproduce a failed invocation locally (with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN if
 * any, and AWS_REGION set, as Lambda sets them: the handler reads no profiles):
 * ./jbang --deps ws.schild:jave-nativebin-linux64:3.5.0 stack/RenderHandler.java event.json
 */
public class RenderHandler extends handler.RenderRequestHandler {
    public RenderHandler() {
        super(System.getenv());
    }

    /** For a harness that loads the artifact in isolation and cannot set environment variables. */
    public RenderHandler(Map<String, String> environment) {
        super(environment);
    }

    public static void main(String[] args) throws Exception {
        try (var in = args.length > 0 ? Files.newInputStream(Path.of(args[0])) : System.in) {
            new RenderHandler().handleRequest(in, System.out, null);
            System.out.println();
        }
    }
}
