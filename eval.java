///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN eval
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** In-process vs distributed benchmark over the fixtures; see ./jbang eval.java --help. The command lives in lib/cli/EvalCommand.java. */
class eval {
    public static void main(String... args) {
        cli.EvalCommand.main(args);
    }
}
