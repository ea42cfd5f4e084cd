package pipeline;

import java.util.List;

/** The tables printed at the end of a run. */
public final class SummaryTable {
    private SummaryTable() {}

    static String smoke(List<Smoke.Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-6s %-7s %-12s %-10s %-10s %-9s %-22s %-10s %s%n",
                "chunks", "ran", "wall (ms)", "psnr avg", "psnr min", "< floor", "audio", "cost $", "result"));
        for (Smoke.Row r : rows) {
            var p = r.gate().psnr();
            String audio = r.gate().audio().status() + (r.gate().audio().rmsDb() == null ? "" : String.format(" %.1f", r.gate().audio().rmsDb()));
            b.append(String.format("%-6d %-7d %-12.0f %-10s %-10s %-9s %-22s %-10.5f %s%n",
                    r.chunkCount(), r.chunksRendered(), r.wallClockMs(), fmt(p.mean()), fmt(p.min()),
                    p.framesBelow(r.gate().floorDb()) + "/" + p.comparedFrames(), audio, r.cost().usd(),
                    r.gate().exitCode() == 0 ? "PASS" : "FAIL"));
        }
        return b.toString().stripTrailing();
    }

    static String fmt(double db) {
        return Double.isInfinite(db) ? "inf" : Double.isNaN(db) ? "-" : String.format("%.2f", db);
    }
}
