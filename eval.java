///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//MAIN eval
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** In-process vs distributed benchmark over the fixtures; see ./jbang eval.java --help. The command lives in lib/cli/EvalCommand.java. */
class eval {
    public static void main(String... args) {
        cli.EvalCommand.main(args);
    }
}
