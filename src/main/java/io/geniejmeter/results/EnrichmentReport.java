package io.geniejmeter.results;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one enrichment call left in the detail file: its rows, the statements among them, how many of those carry
 * the history's columns now (from this call or an earlier one) and how many the history did not have yet, and the
 * counts of each bottleneck and speed category over the enriched rows.
 *
 * @param file the detail file
 * @param table the query history table
 * @param rows data rows of the file
 * @param statements rows with a statement id
 * @param enriched rows with a statement id whose history columns are filled
 * @param missing rows with a statement id whose statement the history did not hold by the deadline
 * @param skipped rows whose statement id is not one (never sent)
 * @param lookups lookup rounds made by this call
 * @param bottlenecks enriched rows per bottleneck, in the rules' order, zero counts left out
 * @param speeds enriched rows per speed category, FAST to CRITICAL then UNKNOWN, zero counts left out
 */
public record EnrichmentReport(Path file, String table, int rows, int statements, int enriched, int missing,
                               int skipped, int lookups, Map<String, Integer> bottlenecks,
                               Map<String, Integer> speeds) {

    /** Whether every statement of the file is enriched. */
    public boolean complete() {
        return missing == 0;
    }

    /** The console summary. */
    public void print(PrintStream out) {
        out.println("SQL history enrichment of " + file + " from " + table + ":");
        out.println("  " + rows + " rows, " + statements + " with a statement id: " + enriched + " enriched, "
                + missing + " not in the query history yet" + (skipped == 0 ? "" : ", " + skipped
                + " with an invalid statement id skipped") + " (" + lookups + " lookup" + (lookups == 1 ? "" : "s")
                + ")");
        out.println("  Bottlenecks: " + counts(bottlenecks));
        out.println("  Speed:       " + counts(speeds));
        if (missing > 0) {
            out.println("  Run bin/genie-enrich on " + file.getParent() + " later to fill in the rest (system tables"
                    + " typically lag 15-30 minutes).");
        }
    }

    private static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringJoiner j = new StringJoiner(", ");
        counts.forEach((k, v) -> j.add(k + " " + v));
        return j.toString();
    }
}
