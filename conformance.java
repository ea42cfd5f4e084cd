///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN conformance
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** Contract conformance of a render stack; see ./jbang conformance.java --help. The command lives in lib/cli/ConformanceCommand.java. */
class conformance {
    public static void main(String... args) {
        cli.ConformanceCommand.main(args);
    }
}
