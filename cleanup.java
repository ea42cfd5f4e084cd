///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Sources are UTF-8 whatever the locale (LC_ALL=C makes javac read US-ASCII on JDK 17).
//JAVAC_OPTIONS -encoding UTF-8
//JAVA_OPTIONS -Dfile.encoding=UTF-8
//MAIN cleanup
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** Finds and removes earlier runs' leftovers in a region by run tag; see ./jbang cleanup.java --help. The command lives in lib/cli/CleanupCommand.java. */
class cleanup {
    public static void main(String... args) {
        cli.CleanupCommand.main(args);
    }
}
