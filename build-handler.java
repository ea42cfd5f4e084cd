///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//SOURCES lib/stack/BuildHandlerArtifact.java
//SOURCES lib/archive/*.java
import java.nio.file.Path;
import stack.BuildHandlerArtifact;

/**
 * Builds the Lambda artifact (build/renderproof-handler.jar) and checks it against Lambda's unzipped
 * size limit. Exit codes follow smoke/eval: 0 ok, 1 arguments, 2 build failed or artifact too large.
 */
class build_handler {
    private static final String USAGE = """
            Usage: ./jbang build-handler.java [--output PATH] [--max-unzipped-mb N]
              --output PATH          where to write the jar (default build/renderproof-handler.jar)
              --max-unzipped-mb N    fail above N MB unzipped (default: Lambda's 250 MB limit)
            """;

    public static void main(String... args) {
        Path output = BuildHandlerArtifact.DEFAULT_OUTPUT;
        long limit = BuildHandlerArtifact.LAMBDA_UNZIPPED_LIMIT_BYTES;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--output" -> output = Path.of(value(args, ++i));
                    case "--max-unzipped-mb" -> limit = (long) (Double.parseDouble(value(args, ++i)) * 1_000_000L);
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("build-handler: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(1);
        }
        try {
            Path root = BuildHandlerArtifact.findRepoRoot(Path.of(""));
            BuildHandlerArtifact.build(root, output, limit, System.out::println);
        } catch (BuildHandlerArtifact.TooLargeException | BuildHandlerArtifact.BuildFailedException e) {
            System.err.println("build-handler: " + e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("build-handler: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
