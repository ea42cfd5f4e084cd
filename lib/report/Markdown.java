package report;

import java.util.List;

/** Markdown pieces for summary.md (GitHub-flavoured tables, as $GITHUB_STEP_SUMMARY renders them). */
final class Markdown {
    private Markdown() {}

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("|");
        header.forEach(h -> b.append(' ').append(cell(h)).append(" |"));
        b.append("\n|");
        header.forEach(h -> b.append(" --- |"));
        b.append('\n');
        for (List<String> r : rows) {
            b.append('|');
            r.forEach(c -> b.append(' ').append(cell(c)).append(" |"));
            b.append('\n');
        }
        return b.toString();
    }

    /** A table cell: no line breaks, pipes escaped. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    static String code(String s) {
        return "`" + (s == null ? "" : s.replace("`", "'")) + "`";
    }
}
