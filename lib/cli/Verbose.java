package cli;

import picocli.CommandLine.Option;

/** --verbose for every entry point (a picocli mixin): stack traces on stderr after the one-line reason. */
public final class Verbose {
    @Option(names = "--verbose", description = "On failure, also print the stack trace after the one-line reason.")
    public boolean verbose;
}
