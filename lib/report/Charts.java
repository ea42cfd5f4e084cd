package report;

import static report.Html.esc;
import static report.Html.n;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleFunction;
import statemachine.HistoryAnalysis.TaskAttempt;

/**
 * The report's charts as inline SVG, drawn here so the page needs no script and fetches nothing.
 * Every chart is an {@code <svg data-chart="...">}, and every plotted datum an element carrying
 * {@code data-mark} plus its values in data attributes, so a test (or a curious user) can check what
 * was drawn against the data. Values are in {@code <title>} tooltips too.
 */
final class Charts {
    /** Width of a full-width chart's viewBox; half-width charts use {@link #HALF}. */
    static final int W = 1120;
    static final int HALF = 560;
    private static final int L = 84;
    private static final int R = 24;
    private static final int T = 18;
    private static final int B = 46;

    private Charts() {}

    record Point(double x, double y, String label) {}

    record Series(String name, String css, List<Double> values) {}

    record Legend(String css, String label) {}

    // ---------------------------------------------------------------- frame

    private static StringBuilder open(String id, int w, int h, String aria) {
        return new StringBuilder().append("<svg class=\"chart\" data-chart=\"").append(esc(id)).append("\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"").append(esc(aria))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    }

    static String figure(String title, String subtitle, String svg, List<Legend> legend) {
        StringBuilder b = new StringBuilder("<figure class=\"card\">\n<figcaption><span class=\"title\">").append(esc(title))
                .append("</span>");
        if (subtitle != null && !subtitle.isEmpty()) {
            b.append("<span class=\"sub\">").append(esc(subtitle)).append("</span>");
        }
        b.append("</figcaption>\n").append(svg);
        if (!legend.isEmpty()) {
            b.append("<div class=\"legend\">");
            for (Legend l : legend) {
                b.append("<span><i class=\"sw ").append(l.css()).append("\"></i>").append(esc(l.label())).append("</span>");
            }
            b.append("</div>\n");
        }
        return b.append("</figure>\n").toString();
    }

    private static void yGrid(StringBuilder b, int W, Axis y, DoubleFunction<String> fmt, String yLabel) {
        for (double t : y.ticks) {
            double py = y.px(t);
            b.append("<line class=\"grid\" x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(n(py))
                    .append("\" y2=\"").append(n(py)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(L - 8).append("\" y=\"").append(n(py + 4))
                    .append("\" text-anchor=\"end\">").append(esc(fmt.apply(t))).append("</text>\n");
        }
        double mid = (y.pxLo + y.pxHi) / 2;
        b.append("<text class=\"axis-label\" transform=\"translate(16 ").append(n(mid)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(yLabel)).append("</text>\n");
    }

    private static void xLabel(StringBuilder b, int W, int h, String label) {
        b.append("<text class=\"axis-label\" x=\"").append((L + W - R) / 2).append("\" y=\"").append(h - 6)
                .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>\n");
    }

    private static void baseLine(StringBuilder b, int W, double py) {
        b.append("<line class=\"axis\" x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(n(py))
                .append("\" y2=\"").append(n(py)).append("\"/>\n");
    }

    // ---------------------------------------------------------------- line chart against chunk count

    /**
     * Measured values (one point each, joined), optional individual samples, and an ideal line, against
     * chunk count on a linear x axis.
     */
    static String versusChunks(int W, String id, String aria, String yLabel, List<Point> measured, List<Point> samples,
                               List<Point> ideal, DoubleFunction<String> fmt, String measuredCss) {
        int h = 300;
        double xmin = measured.stream().mapToDouble(Point::x).min().orElse(1);
        double xmax = measured.stream().mapToDouble(Point::x).max().orElse(1);
        if (xmax == xmin) {
            xmin -= 1;
            xmax += 1;
        }
        double pad = (xmax - xmin) * 0.06;
        List<Double> xt = new ArrayList<>();
        measured.stream().map(Point::x).distinct().sorted().forEach(xt::add);
        Axis x = Axis.exact(xmin - pad, xmax + pad, L, W - R, xt);
        double ymax = 0;
        for (List<Point> ps : List.of(measured, samples, ideal)) {
            for (Point p : ps) {
                ymax = Math.max(ymax, p.y());
            }
        }
        Axis y = Axis.nice(0, ymax * 1.08, h - B, T, 5);
        StringBuilder b = open(id, W, h, aria);
        yGrid(b, W, y, fmt, yLabel);
        baseLine(b, W, y.px(0));
        for (double t : x.ticks) {
            b.append("<text class=\"tick\" x=\"").append(n(x.px(t))).append("\" y=\"").append(h - B + 18)
                    .append("\" text-anchor=\"middle\">").append(Axis.label(t)).append("</text>\n");
        }
        xLabel(b, W, h, "chunk count (N)");
        if (ideal.size() > 1) {
            b.append("<polyline class=\"ideal\" data-series=\"ideal\" points=\"").append(points(ideal, x, y)).append("\"/>\n");
        }
        for (Point p : ideal) {
            b.append("<circle class=\"ideal-pt\" data-mark=\"ideal\" data-n=\"").append(Axis.label(p.x())).append("\" data-value=\"")
                    .append(n(p.y())).append("\" cx=\"").append(n(x.px(p.x()))).append("\" cy=\"").append(n(y.px(p.y())))
                    .append("\" r=\"3\"><title>ideal at N=").append(Axis.label(p.x())).append(": ").append(esc(fmt.apply(p.y())))
                    .append("</title></circle>\n");
        }
        for (Point p : samples) {
            b.append("<circle class=\"sample\" data-mark=\"sample\" data-n=\"").append(Axis.label(p.x())).append("\" data-value=\"")
                    .append(n(p.y())).append("\" cx=\"").append(n(x.px(p.x()))).append("\" cy=\"").append(n(y.px(p.y())))
                    .append("\" r=\"3\"><title>").append(esc(p.label())).append("</title></circle>\n");
        }
        if (measured.size() > 1) {
            b.append("<polyline class=\"line ").append(measuredCss).append("\" data-series=\"measured\" points=\"")
                    .append(points(measured, x, y)).append("\"/>\n");
        }
        for (Point p : measured) {
            double px = x.px(p.x());
            double py = y.px(p.y());
            b.append("<circle class=\"pt ").append(measuredCss).append("\" data-mark=\"measured\" data-n=\"").append(Axis.label(p.x()))
                    .append("\" data-value=\"").append(n(p.y())).append("\" cx=\"").append(n(px)).append("\" cy=\"").append(n(py))
                    .append("\" r=\"5.5\"><title>").append(esc(p.label())).append("</title></circle>\n")
                    .append("<text class=\"val\" x=\"").append(n(px)).append("\" y=\"").append(n(py - 11))
                    .append("\" text-anchor=\"middle\">").append(esc(fmt.apply(p.y()))).append("</text>\n");
        }
        return b.append("</svg>\n").toString();
    }

    private static String points(List<Point> ps, Axis x, Axis y) {
        StringBuilder b = new StringBuilder();
        ps.stream().sorted(Comparator.comparingDouble(Point::x)).forEach(p ->
                b.append(n(x.px(p.x()))).append(',').append(n(y.px(p.y()))).append(' '));
        return b.toString().trim();
    }

    // ---------------------------------------------------------------- bars

    /**
     * Bars per category: series side by side, or stacked (then one {@code data-mark="bar"} group per
     * category carrying the total). A null value draws nothing for that series. An optional
     * reference line (e.g. speedup 1.0).
     */
    static String bars(int W, String id, String aria, String yLabel, List<String> categories, List<Series> series, boolean stacked,
                       Double ref, String refLabel, DoubleFunction<String> fmt) {
        int h = W == HALF ? 300 : 250;
        double ymax = ref == null ? 0 : ref;
        for (int c = 0; c < categories.size(); c++) {
            double total = 0;
            for (Series s : series) {
                Double v = s.values().get(c);
                if (v != null) {
                    total = stacked ? total + v : Math.max(total, v);
                }
            }
            ymax = Math.max(ymax, total);
        }
        Axis y = Axis.nice(0, ymax <= 0 ? 1 : ymax * 1.12, h - B, T, 5);
        StringBuilder b = open(id, W, h, aria);
        yGrid(b, W, y, fmt, yLabel);
        double band = (double) (W - R - L) / Math.max(1, categories.size());
        double groupW = Math.min(band * 0.7, stacked ? 120 : 90.0 * series.size());
        double barW = stacked ? groupW : groupW / series.size();
        for (int c = 0; c < categories.size(); c++) {
            String cat = categories.get(c);
            double gx = L + band * c + (band - groupW) / 2;
            b.append("<text class=\"tick\" x=\"").append(n(L + band * c + band / 2)).append("\" y=\"").append(h - B + 18)
                    .append("\" text-anchor=\"middle\">").append(esc(cat)).append("</text>\n");
            if (stacked) {
                double total = 0;
                boolean any = false;
                for (Series s : series) {
                    Double v = s.values().get(c);
                    if (v != null) {
                        total += v;
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                b.append("<g data-mark=\"bar\" data-category=\"").append(esc(cat)).append("\" data-value=\"").append(Html.f("%.8f", total))
                        .append("\">");
                double acc = 0;
                for (Series s : series) {
                    Double v = s.values().get(c);
                    if (v == null || v <= 0) {
                        continue;
                    }
                    double top = y.px(acc + v);
                    double bottom = y.px(acc);
                    b.append("<rect class=\"bar ").append(s.css()).append("\" data-series=\"").append(esc(s.name()))
                            .append("\" data-value=\"").append(Html.f("%.8f", v)).append("\" x=\"").append(n(gx)).append("\" y=\"")
                            .append(n(top)).append("\" width=\"").append(n(barW)).append("\" height=\"").append(n(Math.max(0.5, bottom - top)))
                            .append("\"><title>").append(esc(cat + " " + s.name() + ": " + fmt.apply(v))).append("</title></rect>");
                    acc += v;
                }
                b.append("</g>\n<text class=\"val\" x=\"").append(n(gx + barW / 2)).append("\" y=\"").append(n(y.px(total) - 6))
                        .append("\" text-anchor=\"middle\">").append(esc(fmt.apply(total))).append("</text>\n");
            } else {
                for (int s = 0; s < series.size(); s++) {
                    Series ser = series.get(s);
                    Double v = ser.values().get(c);
                    if (v == null) {
                        continue;
                    }
                    double bx = gx + barW * s;
                    double top = y.px(v);
                    b.append("<rect class=\"bar ").append(ser.css()).append("\" data-mark=\"bar\" data-series=\"").append(esc(ser.name()))
                            .append("\" data-category=\"").append(esc(cat)).append("\" data-value=\"").append(Html.f("%.6f", v))
                            .append("\" x=\"").append(n(bx + 2)).append("\" y=\"").append(n(top)).append("\" width=\"").append(n(barW - 4))
                            .append("\" height=\"").append(n(Math.max(0.5, y.px(0) - top))).append("\"><title>")
                            .append(esc(cat + " " + ser.name() + ": " + fmt.apply(v))).append("</title></rect>\n")
                            .append("<text class=\"val\" x=\"").append(n(bx + barW / 2)).append("\" y=\"").append(n(top - 6))
                            .append("\" text-anchor=\"middle\">").append(esc(fmt.apply(v))).append("</text>\n");
                }
            }
        }
        baseLine(b, W, y.px(0));
        if (ref != null) {
            double py = y.px(ref);
            b.append("<line class=\"ref\" x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(n(py))
                    .append("\" y2=\"").append(n(py)).append("\"/><text class=\"ref-label\" x=\"").append(W - R - 4).append("\" y=\"")
                    .append(n(py - 5)).append("\" text-anchor=\"end\">").append(esc(refLabel)).append("</text>\n");
        }
        return b.append("</svg>\n").toString();
    }

    // ---------------------------------------------------------------- per-frame PSNR

    /**
     * PSNR per frame against frame index: one point per compared frame, the floor as a dashed line
     * with the band below it tinted, chunk boundaries as vertical lines at each chunk's first frame,
     * frames below the floor in red. Identical frames (+inf) are drawn in a band above the plot, at the
     * top, as diamonds labelled "identical"; they are never drawn as 0.
     */
    static String psnr(String id, String aria, List<Double> perFrame, double floor, List<Integer> chunkStarts) {
        int h = 236;
        int band = 22;
        int plotTop = T + band;
        double min = floor;
        double max = floor;
        boolean anyInf = false;
        for (double v : perFrame) {
            if (Double.isInfinite(v)) {
                anyInf = true;
            } else if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        Axis y = Axis.nice(min - 2, max + 2, h - B, plotTop, 5);
        int frames = Math.max(1, perFrame.size());
        Axis x = Axis.nice(0, frames - 1, L + 6, W - R - 6, 10);
        x = Axis.exact(-0.5, frames - 0.5, L, W - R, x.ticks.stream().filter(t -> t <= frames - 1 && t >= 0).toList());
        StringBuilder b = open(id, W, h, aria);
        b.append("<rect class=\"below-band\" x=\"").append(L).append("\" y=\"").append(n(y.px(floor))).append("\" width=\"")
                .append(W - R - L).append("\" height=\"").append(n(Math.max(0, y.px(y.lo) - y.px(floor)))).append("\"/>\n");
        yGrid(b, W, y, v -> Axis.label(v), "PSNR (dB)");
        b.append("<rect class=\"inf-band\" x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(W - R - L)
                .append("\" height=\"").append(band - 4).append("\"/><text class=\"tick\" x=\"").append(L - 8).append("\" y=\"")
                .append(T + band / 2 + 2).append("\" text-anchor=\"end\">\u221e</text>\n");
        if (anyInf) {
            b.append("<text class=\"inf-label\" x=\"").append(W - R - 6).append("\" y=\"").append(T + band / 2 + 2)
                    .append("\" text-anchor=\"end\">identical frames (PSNR \u221e)</text>\n");
        }
        baseLine(b, W, y.px(y.lo));
        for (double t : x.ticks) {
            b.append("<text class=\"tick\" x=\"").append(n(x.px(t))).append("\" y=\"").append(h - B + 18)
                    .append("\" text-anchor=\"middle\">").append(Axis.label(t)).append("</text>\n");
        }
        xLabel(b, W, h, "frame index");
        int chunkNo = 0;
        for (int s : chunkStarts) {
            chunkNo++;
            if (s <= 0 || s >= frames) {
                continue;
            }
            double px = x.px(s - 0.5);
            b.append("<line class=\"boundary\" data-mark=\"chunk-boundary\" data-frame=\"").append(s).append("\" x1=\"").append(n(px))
                    .append("\" x2=\"").append(n(px)).append("\" y1=\"").append(T).append("\" y2=\"").append(h - B)
                    .append("\"><title>chunk ").append(chunkNo - 1).append(" starts at frame ").append(s).append("</title></line>")
                    .append("<text class=\"boundary-label\" x=\"").append(n(px + 3)).append("\" y=\"").append(h - B - 5).append("\">c")
                    .append(chunkNo - 1).append("</text>\n");
        }
        double floorY = y.px(floor);
        b.append("<line class=\"floor\" data-floor=\"").append(n(floor)).append("\" x1=\"").append(L).append("\" x2=\"").append(W - R)
                .append("\" y1=\"").append(n(floorY)).append("\" y2=\"").append(n(floorY)).append("\"/><text class=\"floor-label\" x=\"")
                .append(L + 6).append("\" y=\"").append(n(floorY - 5)).append("\">floor ").append(Axis.label(floor)).append(" dB</text>\n");
        double infY = T + (band - 4) / 2.0;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < perFrame.size(); i++) {
            double v = perFrame.get(i);
            double py = Double.isInfinite(v) ? infY : y.px(Double.isNaN(v) ? y.lo : v);
            line.append(n(x.px(i))).append(',').append(n(py)).append(' ');
        }
        if (perFrame.size() > 1) {
            b.append("<polyline class=\"psnr-line\" points=\"").append(line.toString().trim()).append("\"/>\n");
        }
        double r = perFrame.size() > 600 ? 1.6 : perFrame.size() > 200 ? 2.2 : 3;
        for (int i = 0; i < perFrame.size(); i++) {
            double v = perFrame.get(i);
            double px = x.px(i);
            String cls = Double.isInfinite(v) ? "inf" : v < floor ? "below" : "ok";
            String tip = "frame " + i + ": " + Html.db(v) + (v < floor ? " (below the " + Axis.label(floor) + " dB floor)" : "");
            String attrs = " data-mark=\"psnr\" data-frame=\"" + i + "\" data-psnr=\"" + Html.dbData(v) + "\" data-status=\"" + cls + "\"";
            if (Double.isInfinite(v)) {
                double s = r + 1.5;
                b.append("<path class=\"pt inf\"").append(attrs).append(" d=\"M").append(n(px)).append(',').append(n(infY - s)).append(" L")
                        .append(n(px + s)).append(',').append(n(infY)).append(" L").append(n(px)).append(',').append(n(infY + s)).append(" L")
                        .append(n(px - s)).append(',').append(n(infY)).append(" Z\"><title>").append(esc(tip)).append("</title></path>\n");
            } else {
                double py = y.px(Double.isNaN(v) ? y.lo : v);
                b.append("<circle class=\"pt ").append(cls).append('"').append(attrs).append(" cx=\"").append(n(px)).append("\" cy=\"")
                        .append(n(py)).append("\" r=\"").append(n(cls.equals("below") ? r + 1.5 : r)).append("\"><title>")
                        .append(esc(tip)).append("</title></circle>\n");
            }
        }
        return b.append("</svg>\n").toString();
    }

    // ---------------------------------------------------------------- Gantt

    /**
     * One row per task (plan, each chunk, assemble), one bar per attempt from TaskStarted to its end,
     * the wait between TaskScheduled and TaskStarted as a thin lead-in, failed attempts hatched red
     * with their error name, and a marker on attempts known to be cold starts.
     */
    static String gantt(String id, String aria, List<TaskAttempt> attempts, Set<Integer> coldStartIndexes) {
        List<String> rows = new ArrayList<>();
        List<TaskAttempt> sorted = attempts.stream().sorted(Comparator.comparingInt(Charts::rowOrder)
                .thenComparing(t -> t.chunkIndex() == null ? -1 : t.chunkIndex()).thenComparingLong(TaskAttempt::startedMillis)).toList();
        for (TaskAttempt t : sorted) {
            String r = rowName(t);
            if (!rows.contains(r)) {
                rows.add(r);
            }
        }
        int rowH = rows.size() > 24 ? 14 : 24;
        int h = T + rows.size() * rowH + B + 4;
        long t0 = attempts.stream().mapToLong(TaskAttempt::scheduledMillis).min().orElse(0);
        long t1 = attempts.stream().mapToLong(TaskAttempt::endedMillis).max().orElse(t0 + 1);
        int left = 108;
        double span = Math.max(1, t1 - t0) / 1000.0;
        Axis x0 = Axis.nice(0, span, left, W - R, 8);
        Axis x = Axis.exact(0, x0.hi, left, W - R, x0.ticks);
        StringBuilder b = open(id, W, h, aria);
        int plotBottom = T + rows.size() * rowH;
        for (double t : x.ticks) {
            double px = x.px(t);
            b.append("<line class=\"grid\" x1=\"").append(n(px)).append("\" x2=\"").append(n(px)).append("\" y1=\"").append(T)
                    .append("\" y2=\"").append(plotBottom).append("\"/><text class=\"tick\" x=\"").append(n(px)).append("\" y=\"")
                    .append(plotBottom + 18).append("\" text-anchor=\"middle\">").append(Axis.label(t)).append("</text>\n");
        }
        b.append("<text class=\"axis-label\" x=\"").append((left + W - R) / 2).append("\" y=\"").append(h - 8)
                .append("\" text-anchor=\"middle\">seconds since the first task was scheduled</text>\n");
        for (int i = 0; i < rows.size(); i++) {
            double ry = T + i * rowH;
            if (i % 2 == 0) {
                b.append("<rect class=\"row-band\" x=\"").append(left).append("\" y=\"").append(n(ry)).append("\" width=\"").append(W - R - left)
                        .append("\" height=\"").append(rowH).append("\"/>");
            }
            b.append("<text class=\"row-label\" x=\"").append(left - 8).append("\" y=\"").append(n(ry + rowH / 2.0 + 4))
                    .append("\" text-anchor=\"end\">").append(esc(rows.get(i))).append("</text>\n");
        }
        int[] attemptNo = new int[rows.size()];
        for (int i = 0; i < attempts.size(); i++) {
            TaskAttempt t = attempts.get(i);
            int row = rows.indexOf(rowName(t));
            attemptNo[row]++;
            double ry = T + row * rowH + 3;
            double bh = rowH - 6;
            double xs = x.px((t.scheduledMillis() - t0) / 1000.0);
            double xa = x.px((t.startedMillis() - t0) / 1000.0);
            double xe = x.px((t.endedMillis() - t0) / 1000.0);
            if (xa - xs >= 0.5) {
                b.append("<line class=\"queued\" x1=\"").append(n(xs)).append("\" x2=\"").append(n(xa)).append("\" y1=\"")
                        .append(n(ry + bh / 2)).append("\" y2=\"").append(n(ry + bh / 2)).append("\"/>");
            }
            String cls = t.succeeded() ? "task " + cssFor(t.action()) : "task failed";
            boolean cold = coldStartIndexes.contains(i);
            StringBuilder tip = new StringBuilder(rowName(t)).append(", attempt ").append(attemptNo[row]).append(": ")
                    .append(t.succeeded() ? "succeeded" : "FAILED " + t.error()).append(", ")
                    .append(Html.ms(t.wallMillis())).append(" wall");
            if (t.handlerDurationMs() != null) {
                tip.append(", handler ").append(t.handlerDurationMs()).append(" ms");
            }
            if (t.startedMillis() > t.scheduledMillis()) {
                tip.append(", waited ").append(t.startedMillis() - t.scheduledMillis()).append(" ms to start");
            }
            if (cold) {
                tip.append(", cold start");
            }
            if (!t.succeeded() && t.cause() != null && !t.cause().isEmpty()) {
                tip.append(" \u2014 ").append(t.cause().length() > 300 ? t.cause().substring(0, 300) + "\u2026" : t.cause());
            }
            b.append("<rect class=\"").append(cls).append("\" data-mark=\"attempt\" data-action=\"").append(esc(t.action()))
                    .append('"');
            if (t.chunkIndex() != null) {
                b.append(" data-chunk=\"").append(t.chunkIndex()).append('"');
            }
            b.append(" data-attempt=\"").append(attemptNo[row]).append("\" data-success=\"").append(t.succeeded())
                    .append("\" data-start-ms=\"").append(t.startedMillis() - t0).append("\" data-end-ms=\"").append(t.endedMillis() - t0)
                    .append('"');
            if (!t.succeeded()) {
                b.append(" data-error=\"").append(esc(t.error())).append('"');
            }
            if (cold) {
                b.append(" data-cold-start=\"true\"");
            }
            b.append(" x=\"").append(n(xa)).append("\" y=\"").append(n(ry)).append("\" width=\"").append(n(Math.max(2, xe - xa)))
                    .append("\" height=\"").append(n(bh)).append("\" rx=\"3\"><title>").append(esc(tip.toString())).append("</title></rect>");
            String label = t.succeeded() ? Html.f("%.2f s", t.wallMillis() / 1000.0) : t.error();
            double labelW = label.length() * 6.4;
            if (!t.succeeded()) {
                b.append("<text class=\"bar-label err\" x=\"").append(n(xe + 4)).append("\" y=\"").append(n(ry + bh / 2 + 4)).append("\">")
                        .append(esc(label)).append("</text>");
            } else if (xe - xa > labelW + 8 && rowH >= 20) {
                b.append("<text class=\"bar-label\" x=\"").append(n(xa + 5)).append("\" y=\"").append(n(ry + bh / 2 + 4)).append("\">")
                        .append(esc(label)).append("</text>");
            }
            if (cold) {
                b.append("<circle class=\"cold\" data-mark=\"cold-start\" cx=\"").append(n(xa)).append("\" cy=\"").append(n(ry))
                        .append("\" r=\"4\"><title>cold start</title></circle>");
            }
            b.append('\n');
        }
        return b.append("</svg>\n").toString();
    }

    private static int rowOrder(TaskAttempt t) {
        return switch (t.action()) {
            case "plan" -> 0;
            case "renderChunk" -> 1;
            case "assemble" -> 2;
            default -> 3;
        };
    }

    static String rowName(TaskAttempt t) {
        return switch (t.action()) {
            case "renderChunk" -> "chunk " + t.chunkIndex();
            default -> t.chunkIndex() == null ? t.action() : t.action() + " " + t.chunkIndex();
        };
    }

    private static String cssFor(String action) {
        return switch (action) {
            case "plan" -> "plan";
            case "renderChunk" -> "chunk";
            case "assemble" -> "assemble";
            default -> "other";
        };
    }
}
