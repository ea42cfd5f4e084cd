package pipeline;

/**
 * One check of the gates on one output: which gate it belongs to (a failing video check exits 5, an
 * audio one 6), what it compared, whether it passed, and where the first difference is.
 *
 * @param compared what was compared, for a reader of the report ("90 frames' pts and duration, 1/15360")
 * @param first    the first failing frame ("frame 30") or time ("1.230 s"), null when it passed or was skipped
 * @param detail   one line: why it failed, why it was skipped, or what it found
 */
public record GateCheck(String name, Gate gate, Status status, String compared, String first, String detail) {
    public enum Gate { VIDEO, AUDIO }

    public enum Status { PASS, FAIL, SKIPPED }

    public static GateCheck pass(String name, Gate gate, String compared, String detail) {
        return new GateCheck(name, gate, Status.PASS, compared, null, detail);
    }

    public static GateCheck fail(String name, Gate gate, String compared, String first, String detail) {
        return new GateCheck(name, gate, Status.FAIL, compared, first, detail);
    }

    public static GateCheck skipped(String name, Gate gate, String why) {
        return new GateCheck(name, gate, Status.SKIPPED, null, null, why);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** "pass", "fail" or "skipped", as results.json and the reports write it. */
    public String statusWord() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One line for stderr and the reports: "timestamps failed at frame 22: ...". */
    public String line() {
        return name + (status == Status.FAIL ? " failed" + (first == null ? "" : " at " + first) : " " + statusWord())
                + ": " + detail;
    }
}
