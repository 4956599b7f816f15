package io.geniejmeter.results;

import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adds the warehouse's view of each statement to a run's detail file ({@value #DETAIL_FILE}), as the original tool's
 * enrichment did: the rows' {@code sql_statement_id}s are looked up in the query history and the original's columns
 * ({@link #COLUMNS}) are filled, with its bottleneck and speed rules ({@link SqlClassification}). The file is
 * rewritten in place, as the original did; its other columns pass through unchanged.
 *
 * <p>System tables fill in minutes after a statement ends, so statements the history does not hold yet are looked up
 * again every {@code retryInterval} until all are found or {@code maxWait} has passed (on the {@link Clock}); the
 * file is saved after every round that found something. A call only looks up the rows still empty, so a partial
 * enrichment (deadline passed, or interrupted) is resumed by the next call, never skipped.
 *
 * <p>Not thread-safe: one call at a time per file.
 */
public final class SqlHistoryEnricher {

    /** The detail file of a results folder, as the original tool names it. */
    public static final String DETAIL_FILE = DetailCsvWriter.FILE_NAME;
    /** The detail file's column of statement ids. */
    public static final String STATEMENT_ID_COLUMN = DetailColumns.SQL_STATEMENT_ID;
    /** The columns enrichment fills, in the order the original tool added them. */
    public static final List<String> COLUMNS = List.of("sql_total_duration_ms", "sql_execution_time_ms",
            "sql_compilation_time_ms", "sql_queue_wait_ms", "sql_compute_wait_ms", "sql_result_fetch_ms",
            "sql_rows_produced", "sql_bytes_read", "sql_rows_read", "sql_error_message", "sql_warehouse_id",
            "sql_bottleneck", "sql_speed_category");
    private static final List<String> BOTTLENECKS = List.of("COMPUTE_STARTUP", "QUEUE_WAIT", "COMPILATION",
            "LARGE_SCAN", "SLOW_EXECUTION", "NORMAL", "UNKNOWN");
    private static final List<String> SPEEDS = List.of("FAST", "MODERATE", "SLOW", "CRITICAL", "UNKNOWN");

    /** Where the history rows come from ({@link QueryHistoryLookup#lookUp}, or a stand-in in tests). */
    @FunctionalInterface
    public interface Lookup {
        Map<String, QueryHistoryRecord> lookUp(Collection<String> statementIds)
                throws EnrichmentException, InterruptedException;
    }

    private final Lookup lookup;
    private final String table;
    private final Clock clock;
    private final Duration maxWait;
    private final Duration retryInterval;
    private final Consumer<String> progress;

    /**
     * @param table         the history table's name, for messages
     * @param maxWait       how long to keep looking for statements the history does not hold yet (0: one round)
     * @param retryInterval time between two rounds
     * @param progress      receives a line per round that left statements to look for
     */
    public SqlHistoryEnricher(Lookup lookup, String table, Clock clock, Duration maxWait, Duration retryInterval,
                              Consumer<String> progress) {
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("the retry interval must be positive, was " + retryInterval);
        }
        this.lookup = lookup;
        this.table = table;
        this.clock = clock;
        this.maxWait = maxWait;
        this.retryInterval = retryInterval;
        this.progress = progress;
    }

    /**
     * Enriches {@code detailFile} in place.
     *
     * @throws IOException when the file cannot be read or written
     * @throws EnrichmentException when it has no statement id column or a lookup fails (rounds before it are saved)
     * @throws InterruptedException when interrupted while waiting (rounds before it are saved)
     */
    public EnrichmentReport enrich(Path detailFile) throws IOException, EnrichmentException, InterruptedException {
        DetailCsv csv = DetailCsv.read(detailFile);
        int idColumn = csv.column(STATEMENT_ID_COLUMN);
        if (idColumn < 0) {
            throw new EnrichmentException(detailFile + " has no " + STATEMENT_ID_COLUMN + " column: not a detail"
                    + " file of a load test");
        }
        int width = csv.header().size();
        int[] columns = COLUMNS.stream().mapToInt(csv::columnAdding).toArray();
        boolean changed = csv.header().size() != width;
        Map<String, List<Integer>> pending = new LinkedHashMap<>();
        int skipped = 0;
        for (int row = 0; row < csv.size(); row++) {
            String id = csv.get(row, idColumn).strip();
            if (id.isEmpty() || !csv.get(row, columns[0]).isEmpty()) {
                continue;
            }
            if (QueryHistoryLookup.isStatementId(id)) {
                pending.computeIfAbsent(id, k -> new ArrayList<>()).add(row);
            } else {
                skipped++;
            }
        }
        long deadline = clock.nanoTime() + maxWait.toNanos();
        int lookups = 0;
        try {
            while (!pending.isEmpty()) {
                Map<String, QueryHistoryRecord> found = lookup.lookUp(new ArrayList<>(pending.keySet()));
                lookups++;
                for (QueryHistoryRecord r : found.values()) {
                    List<Integer> rows = pending.remove(r.statementId());
                    if (rows != null) {
                        rows.forEach(row -> fill(csv, row, columns, r));
                        changed = true;
                    }
                }
                if (changed) {
                    csv.write(detailFile);
                    changed = false;
                }
                long left = deadline - clock.nanoTime();
                if (pending.isEmpty() || left <= 0) {
                    break;
                }
                long pause = Math.min(retryInterval.toNanos(), left);
                progress.accept(pending.size() + " statement" + (pending.size() == 1 ? " is" : "s are") + " not in "
                        + table + " yet; looking again in " + seconds(pause) + " (giving up in " + seconds(left)
                        + ")");
                clock.sleep(pause);
            }
        } finally {
            if (changed) {
                csv.write(detailFile);
            }
        }
        return report(detailFile, csv, idColumn, columns, skipped, lookups);
    }

    private static void fill(DetailCsv csv, int row, int[] columns, QueryHistoryRecord r) {
        String[] values = {Long.toString(r.totalDurationMs()), Long.toString(r.executionTimeMs()),
            Long.toString(r.compilationTimeMs()), Long.toString(r.queueWaitMs()), Long.toString(r.computeWaitMs()),
            Long.toString(r.resultFetchMs()), Long.toString(r.rowsProduced()), Long.toString(r.bytesRead()),
            Long.toString(r.rowsRead()), r.errorMessage(), r.warehouseId(), SqlClassification.bottleneck(r),
            SqlClassification.speed(r.totalDurationMs())};
        for (int i = 0; i < columns.length; i++) {
            csv.set(row, columns[i], values[i]);
        }
    }

    private EnrichmentReport report(Path file, DetailCsv csv, int idColumn, int[] columns, int skipped,
                                    int lookups) {
        int statements = 0;
        int enriched = 0;
        Map<String, Integer> bottlenecks = new LinkedHashMap<>();
        Map<String, Integer> speeds = new LinkedHashMap<>();
        BOTTLENECKS.forEach(b -> bottlenecks.put(b, 0));
        SPEEDS.forEach(s -> speeds.put(s, 0));
        int bottleneckColumn = columns[COLUMNS.indexOf("sql_bottleneck")];
        int speedColumn = columns[COLUMNS.indexOf("sql_speed_category")];
        for (int row = 0; row < csv.size(); row++) {
            if (csv.get(row, idColumn).isBlank()) {
                continue;
            }
            statements++;
            if (!csv.get(row, columns[0]).isEmpty()) {
                enriched++;
                bottlenecks.merge(csv.get(row, bottleneckColumn), 1, Integer::sum);
                speeds.merge(csv.get(row, speedColumn), 1, Integer::sum);
            }
        }
        bottlenecks.values().removeIf(n -> n == 0);
        speeds.values().removeIf(n -> n == 0);
        return new EnrichmentReport(file, table, csv.size(), statements, enriched, statements - enriched - skipped,
                skipped, lookups, bottlenecks, speeds);
    }

    private static String seconds(long nanos) {
        return Math.max(1, Math.round(nanos / 1e9)) + " s";
    }
}
