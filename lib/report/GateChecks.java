package report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pipeline.GateCheck;
import pipeline.GateResult;

/**
 * Every gate check of every output, for each report: what was compared, pass, fail or skipped, and the
 * first failing frame or time. Rows are labelled by chunk count (smoke) or fixture (eval).
 */
final class GateChecks {
    private GateChecks() {}

    static final List<String> HEADER = List.of("run", "check", "gate", "result", "compared", "first failure", "detail");

    static String html(Map<String, GateResult> gates) {
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        gates.forEach((label, g) -> {
            for (GateCheck c : g.checks()) {
                String badge = switch (c.status()) {
                    case PASS -> Page.badge(true, "PASS");
                    case FAIL -> Page.badge(false, "FAIL");
                    case SKIPPED -> Page.neutralBadge("SKIPPED");
                };
                rows.add(List.of(label, c.name(), c.gate().name().toLowerCase(java.util.Locale.ROOT), badge,
                        c.compared() == null ? "-" : c.compared(), c.first() == null ? "-" : c.first(), c.detail()));
                notes.add(null);
            }
        });
        return Page.table("checks", HEADER, rows, notes);
    }

    static String markdown(Map<String, GateResult> gates) {
        List<List<String>> rows = new ArrayList<>();
        gates.forEach((label, g) -> {
            for (GateCheck c : g.checks()) {
                String result = switch (c.status()) {
                    case PASS -> "\u2705 pass";
                    case FAIL -> "\u274c fail";
                    case SKIPPED -> "\u2796 skipped";
                };
                rows.add(List.of(label, c.name(), c.gate().name().toLowerCase(java.util.Locale.ROOT), result,
                        c.compared() == null ? "-" : c.compared(), c.first() == null ? "-" : c.first(), c.detail()));
            }
        });
        return rows.isEmpty() ? "" : "### Checks\n\n" + Markdown.table(HEADER, rows) + "\n";
    }

    /** For a JUnit test case's system-out: one line per check. */
    static String text(GateResult g) {
        StringBuilder b = new StringBuilder();
        for (GateCheck c : g.checks()) {
            b.append("\n").append(c.line());
        }
        return b.toString();
    }
}
