package cli;

/** Exit codes of smoke and eval (DESIGN §9). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int BUILD = 2;
    public static final int DEPLOY = 3;
    public static final int RENDER_FAILED = 4;
    public static final int VIDEO_GATE = 5;
    public static final int AUDIO_GATE = 6;
    public static final int LEFT_BEHIND = 7;
    /** conformance only: a contract point does not hold. */
    public static final int CONTRACT_VIOLATED = 8;

    public static final String HELP = """
            Exit codes:
              0  every render passed every gate and teardown left nothing behind
              1  bad arguments or pre-flight failed (credentials, tools, unknown fixture)
              2  the handler artifact could not be built
              3  deploying the render stack failed
              4  a render did not succeed (the execution's error and cause are printed, history saved)
              5  video gate: frames below the PSNR floor, or frame count / duration mismatch
              6  audio gate: residual above the threshold, or an audio stream on one side only
              7  teardown left something behind, or could not verify it did not (see cleanup-verification.json)
            130  interrupted by SIGINT (Ctrl-C), after teardown and verification
            143  interrupted by SIGTERM, after teardown and verification
            When several things go wrong the first failure's code stands; leftovers are reported beside it.""";

    /** The one-line reason printed when a run ends with {@code code} but printed none of its own. */
    public static String meaning(int code) {
        return switch (code) {
            case USAGE -> "bad arguments or pre-flight failed (exit 1)";
            case BUILD -> "the handler artifact could not be built (exit 2)";
            case DEPLOY -> "deploying the render stack failed (exit 3)";
            case RENDER_FAILED -> "a render did not succeed (exit 4)";
            case VIDEO_GATE -> "video gate failed (exit 5)";
            case AUDIO_GATE -> "audio gate failed (exit 6)";
            case LEFT_BEHIND -> "teardown left something behind (exit 7, see cleanup-verification.json)";
            case 130, 143 -> "interrupted (exit " + code + ")";
            default -> "failed with exit code " + code;
        };
    }

    private ExitCode() {}
}
