package pipeline;

import cli.ExitCode;

/**
 * The exit code of a run in which several renders or fixtures end badly (smoke's chunk counts, eval's
 * fixtures): the first failure's code stands, except that a render failure outranks a failure found
 * before it.
 */
final class ExitPrecedence {
    private ExitPrecedence() {}

    /** The run's code so far ({@code current}) after one more outcome ({@code next}, 0 when it passed). */
    static int worse(int current, int next) {
        if (current == ExitCode.OK) {
            return next;
        }
        return next == ExitCode.RENDER_FAILED ? next : current;
    }
}
