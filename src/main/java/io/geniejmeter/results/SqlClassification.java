package io.geniejmeter.results;

/**
 * The original tool's two labels of a statement's time in the warehouse, with its thresholds: the bottleneck (first
 * rule that holds, in this order) and the speed category of the total duration.
 *
 * <table>
 * <caption>Bottleneck</caption>
 * <tr><td>UNKNOWN</td><td>no total duration (0 or less)</td></tr>
 * <tr><td>COMPUTE_STARTUP</td><td>waiting for compute &gt; 50 % of the total</td></tr>
 * <tr><td>QUEUE_WAIT</td><td>waiting at capacity (queued for a slot) &gt; 30 % of the total</td></tr>
 * <tr><td>COMPILATION</td><td>compilation &gt; 40 % of the total</td></tr>
 * <tr><td>LARGE_SCAN</td><td>more than 1 GiB read</td></tr>
 * <tr><td>SLOW_EXECUTION</td><td>execution &gt; 10 s</td></tr>
 * <tr><td>NORMAL</td><td>none of these</td></tr>
 * </table>
 *
 * <p>Speed of the total duration: FAST under 5 s, MODERATE under 10 s, SLOW under 30 s, else CRITICAL; UNKNOWN for
 * 0 or less.
 */
public final class SqlClassification {

    /** Bytes read above which a statement is a LARGE_SCAN: 1 GiB. */
    public static final long LARGE_SCAN_BYTES = 1L << 30;

    private SqlClassification() {
    }

    /** The bottleneck of a statement's time in the warehouse. */
    public static String bottleneck(QueryHistoryRecord r) {
        double total = r.totalDurationMs();
        if (total <= 0) {
            return "UNKNOWN";
        }
        if (r.computeWaitMs() > total * 0.5) {
            return "COMPUTE_STARTUP";
        }
        if (r.queueWaitMs() > total * 0.3) {
            return "QUEUE_WAIT";
        }
        if (r.compilationTimeMs() > total * 0.4) {
            return "COMPILATION";
        }
        if (r.bytesRead() > LARGE_SCAN_BYTES) {
            return "LARGE_SCAN";
        }
        if (r.executionTimeMs() > 10_000) {
            return "SLOW_EXECUTION";
        }
        return "NORMAL";
    }

    /** The speed category of a total duration in milliseconds. */
    public static String speed(long totalDurationMs) {
        if (totalDurationMs <= 0) {
            return "UNKNOWN";
        }
        if (totalDurationMs < 5_000) {
            return "FAST";
        }
        if (totalDurationMs < 10_000) {
            return "MODERATE";
        }
        return totalDurationMs < 30_000 ? "SLOW" : "CRITICAL";
    }
}
