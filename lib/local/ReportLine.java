package local;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RIE's per-invocation REPORT log line, e.g.
 * {@code REPORT RequestId: 6f2d...\tInit Duration: 812.34 ms\tDuration: 2034.51 ms\tBilled Duration: 2035 ms\t...}.
 * The RIE prints "Init Duration" only for the invocation that initialised the runtime: the cold start.
 */
public final class ReportLine {
    private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9]+(?:\\.[0-9]+)?) ms");

    private ReportLine() {}

    public static boolean isReport(String line) {
        return line != null && line.stripLeading().startsWith("REPORT RequestId:");
    }

    /** The init duration in ms when this is a cold start's REPORT line, else empty. */
    public static OptionalDouble initDurationMs(String line) {
        if (!isReport(line)) {
            return OptionalDouble.empty();
        }
        Matcher m = INIT.matcher(line);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
