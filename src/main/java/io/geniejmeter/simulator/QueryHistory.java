package io.geniejmeter.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated warehouse's query history: a row per statement, recorded when the statement is scheduled (its whole
 * schedule is known then) and served once it has ended plus the ingestion lag, as Databricks' system table fills in
 * after a delay. With a file, rows are appended to it as they are recorded and read back at start, so a later
 * simulator (e.g. the one {@code bin/genie-enrich} starts) serves the history of a run that ran in another process.
 *
 * <p>Thread-safe: rows live in a concurrent map; appends to the file are serialised on this object.
 */
final class QueryHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, QueryHistoryRow> rows = new ConcurrentHashMap<>();
    private final long lagMs;
    private final Path file;

    /**
     * @param lagMs real milliseconds between a statement's end and its row being served
     * @param file  JSON-lines file to read at start and append to, or null
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    QueryHistory(long lagMs, Path file) {
        this.lagMs = lagMs;
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        QueryHistoryRow row = JSON.readValue(line, QueryHistoryRow.class);
                        rows.put(row.statementId(), row);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the query history file " + file, e);
            }
        }
    }

    /** Records a statement (replacing an earlier row with its id) and appends it to the file, if any. */
    void add(QueryHistoryRow row) {
        rows.put(row.statementId(), row);
        if (file != null) {
            synchronized (this) {
                try {
                    Files.writeString(file, JSON.writeValueAsString(row) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to the query history file " + file, e);
                }
            }
        }
    }

    /** The row of {@code statementId} if it is ingested at {@code nowMs}, else null. */
    QueryHistoryRow visible(String statementId, long nowMs) {
        QueryHistoryRow row = rows.get(statementId);
        return row != null && nowMs >= row.endMs() + lagMs ? row : null;
    }

    /** Every row recorded, ingested or not, by start time. */
    List<QueryHistoryRow> all() {
        List<QueryHistoryRow> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparingLong(QueryHistoryRow::startMs).thenComparing(QueryHistoryRow::statementId));
        return out;
    }
}
