package cli;

import picocli.CommandLine;

/** Bad arguments end with one line on stderr and exit 1 (DESIGN §9), not picocli's default usage dump and 2. */
public final class ExitOnBadArguments implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("error: " + e.getMessage() + " (see --help)");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    /** Runs a picocli command with this project's conventions and returns its exit code. */
    public static int execute(Object command, String... args) {
        CommandLine cmd = new CommandLine(command);
        cmd.setParameterExceptionHandler(new ExitOnBadArguments());
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof RunFailure f) {
                c.getErr().println("error: " + f.getMessage());
                return f.exitCode();
            }
            throw ex;
        });
        return cmd.execute(args);
    }
}
