package report;

import java.util.ArrayList;
import java.util.List;

/** A linear scale from a data range to pixels, with "nice" tick values (1, 2, 5 x 10^k). */
final class Axis {
    final double lo;
    final double hi;
    final double pxLo;
    final double pxHi;
    final List<Double> ticks;

    private Axis(double lo, double hi, double pxLo, double pxHi, List<Double> ticks) {
        this.lo = lo;
        this.hi = hi;
        this.pxLo = pxLo;
        this.pxHi = pxHi;
        this.ticks = ticks;
    }

    /** A scale covering [min, max] extended to nice ticks; pxLo is where lo lands (may be > pxHi for y). */
    static Axis nice(double min, double max, double pxLo, double pxHi, int targetTicks) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / Math.max(1, targetTicks));
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (double t = lo; t <= hi + step * 1e-6; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return new Axis(lo, hi, pxLo, pxHi, ticks);
    }

    /** A scale over exactly [lo, hi] with the given ticks. */
    static Axis exact(double lo, double hi, double pxLo, double pxHi, List<Double> ticks) {
        return new Axis(lo, hi, pxLo, pxHi, ticks);
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    double px(double v) {
        return pxLo + (v - lo) / (hi - lo) * (pxHi - pxLo);
    }

    /** A tick label without needless decimals. */
    static String label(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        String s = Html.f("%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
