package cli;

import java.util.List;
import picocli.CommandLine;

/**
 * How every entry point runs its picocli command: bad arguments end with one line on stderr and exit 1
 * (DESIGN §9), not picocli's usage dump and 2; a {@link RunFailure} ends with its reason and code; any
 * other exception with one line and exit 1 (its stack trace only with --verbose); and a non-zero exit
 * that printed no reason gets one, so stderr always says why.
 */
public final class ExitOnBadArguments implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        ErrorLine.print(System.out, System.err, e.getMessage() + " (see --help)");
        return ExitCode.USAGE;
    }

    /** Runs a picocli command with this project's conventions and returns its exit code. */
    public static int execute(Object command, String... args) {
        ErrorLine.reset(List.of(args).contains("--verbose"));
        CommandLine cmd = new CommandLine(command);
        cmd.setParameterExceptionHandler(new ExitOnBadArguments());
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> failed(ex));
        int code = cmd.execute(args);
        if (code != ExitCode.OK && !ErrorLine.printed()) {
            ErrorLine.print(System.out, System.err, ExitCode.meaning(code));
        }
        return code;
    }

    private static int failed(Exception ex) {
        if (ex instanceof RunFailure f) {
            ErrorLine.print(System.out, System.err, f.getMessage());
        } else {
            String what = ex.getMessage() == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            ErrorLine.print(System.out, System.err, "unexpected " + what + (ErrorLine.verbose() ? "" : " (--verbose prints the stack trace)"));
        }
        if (ErrorLine.verbose()) {
            ex.printStackTrace(System.err);
        }
        return ex instanceof RunFailure f ? f.exitCode() : ExitCode.USAGE;
    }
}
