package report;

/**
 * One test case of a run, for junit.xml and the Markdown table's verdict: a chunk count (smoke) or a
 * fixture (eval) that passed, failed a gate, failed to render, or did not run.
 *
 * @param kind    {@link Kind}
 * @param type    for failures, what failed: "video-gate", "audio-gate", "render-failed", ...
 * @param message one line saying why
 * @param details free text for the test case's system-out (PSNR summary, audio, cost)
 */
record Outcome(String name, Kind kind, String type, String message, double seconds, String details) {
    enum Kind { PASSED, FAILED, SKIPPED }

    static Outcome passed(String name, double seconds, String details) {
        return new Outcome(name, Kind.PASSED, null, null, seconds, details);
    }

    static Outcome failed(String name, String type, String message, double seconds, String details) {
        return new Outcome(name, Kind.FAILED, type, message, seconds, details);
    }

    static Outcome skipped(String name, String message) {
        return new Outcome(name, Kind.SKIPPED, null, message, 0, null);
    }
}
