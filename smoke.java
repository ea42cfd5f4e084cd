///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//MAIN smoke
//SOURCES lib/**.java
//JAVA_OPTIONS -Djava.awt.headless=true

/** Smoke test of the distributed renderer; see ./jbang smoke.java --help. The command lives in lib/cli/SmokeCommand.java. */
class smoke {
    public static void main(String... args) {
        cli.SmokeCommand.main(args);
    }
}
