package report;

import java.util.Locale;

/** Escaping and number formatting shared by the HTML, SVG and Markdown writers. */
final class Html {
    private Html() {}

    /** Escapes text for element content and double-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A coordinate: two decimals at most, no locale surprises. */
    static String n(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** dB for humans: "identical" for +inf (identical frames), "-" for none. */
    static String db(double v) {
        return v == Double.POSITIVE_INFINITY ? "identical" : Double.isNaN(v) ? "-" : f("%.2f dB", v);
    }

    /** dB for a data attribute: "inf" for identical frames, never 0. */
    static String dbData(double v) {
        return v == Double.POSITIVE_INFINITY ? "inf" : Double.isNaN(v) ? "nan" : f("%.3f", v);
    }

    static String ms(double v) {
        return v >= 10_000 ? f("%.1f s", v / 1000) : f("%.0f ms", v);
    }

    static String usd(double v) {
        return v < 0.01 ? f("$%.5f", v) : f("$%.4f", v);
    }
}
