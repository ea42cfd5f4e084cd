///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN smoke
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** Smoke test of the distributed renderer; see ./jbang smoke.java --help. The command lives in lib/cli/SmokeCommand.java. */
class smoke {
    public static void main(String... args) {
        cli.SmokeCommand.main(args);
    }
}
