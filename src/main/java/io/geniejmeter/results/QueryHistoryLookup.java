package io.geniejmeter.results;

import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.GetStatementRequest;
import com.databricks.sdk.service.sql.GetStatementResultChunkNRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementExecutionService;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.geniejmeter.genie.SdkFailure;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Looks statements up in {@code system.query.history} (or the table named by {@code SYSTEM_QUERY_HISTORY_TABLE})
 * through the Statement Execution API on a SQL warehouse, in batches of {@value #BATCH_SIZE} ids.
 *
 * <p>The SQL is fixed apart from two inputs, both checked: the table name must be a one- to three-part identifier
 * (names of letters, digits and underscores, or back-quoted), and each statement id travels as a named parameter
 * ({@code :s0, :s1, ...}), never inside the SQL text; ids that are not statement ids (letters, digits, hyphens) are
 * refused before anything is sent. A statement still running after the server-side wait is polled on the
 * {@link Clock} until {@link #STATEMENT_TIMEOUT}.
 *
 * <p>Thread-safe if the SDK service is (it is); holds no state between calls.
 */
public final class QueryHistoryLookup {

    /** Statement ids per lookup statement (the original tool used 500; parameters are kept well under limits). */
    public static final int BATCH_SIZE = 250;
    /** How long one lookup statement may run, server-side wait included. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SERVER_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private static final Pattern STATEMENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final String NAME_PART = "(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`)";
    private static final Pattern TABLE = Pattern.compile(NAME_PART + "(?:\\." + NAME_PART + "){0,2}");

    /** The columns selected, by the name each comes back under. */
    private static final String COLUMNS = "statement_id, total_duration_ms, execution_duration_ms,"
            + " compilation_duration_ms, waiting_at_capacity_duration_ms, waiting_for_compute_duration_ms,"
            + " result_fetch_duration_ms, produced_rows, read_bytes, read_rows, error_message,"
            + " compute.warehouse_id AS warehouse_id";

    private final StatementExecutionService statements;
    private final String warehouseId;
    private final String table;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException when {@code table} is not a table name
     */
    public QueryHistoryLookup(StatementExecutionService statements, String warehouseId, String table, Clock clock) {
        if (!isTableName(table)) {
            throw new IllegalArgumentException("SYSTEM_QUERY_HISTORY_TABLE '" + table + "' is not a table name:"
                    + " use catalog.schema.table (letters, digits, underscores, or `back-quoted` parts)");
        }
        this.statements = statements;
        this.warehouseId = warehouseId;
        this.table = table;
        this.clock = clock;
    }

    /** Whether {@code text} is a one- to three-part table name this lookup accepts. */
    public static boolean isTableName(String text) {
        return text != null && TABLE.matcher(text).matches();
    }

    /** Whether {@code text} looks like a statement id (and so may be looked up). */
    public static boolean isStatementId(String text) {
        return text != null && STATEMENT_ID.matcher(text).matches();
    }

    /** The SQL of one batch of {@code count} ids (parameters {@code :s0 .. :s<count-1>}). */
    String sql(int count) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < count; i++) {
            in.append(i == 0 ? ":s" : ", :s").append(i);
        }
        return "SELECT " + COLUMNS + " FROM " + table + " WHERE statement_id IN (" + in + ")";
    }

    /**
     * The history rows of {@code ids} that the table holds now, by statement id; ids it does not hold (yet) are
     * absent.
     *
     * @throws EnrichmentException when a lookup statement fails (no warehouse, no access to the table, ...)
     * @throws InterruptedException when interrupted while waiting for a statement
     */
    public Map<String, QueryHistoryRecord> lookUp(Collection<String> ids)
            throws EnrichmentException, InterruptedException {
        List<String> all = new ArrayList<>(ids);
        for (String id : all) {
            if (!isStatementId(id)) {
                throw new IllegalArgumentException("not a statement id: '" + id + "'");
            }
        }
        Map<String, QueryHistoryRecord> found = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += BATCH_SIZE) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
            for (QueryHistoryRecord r : run(batch)) {
                found.put(r.statementId(), r);
            }
        }
        return found;
    }

    private List<QueryHistoryRecord> run(List<String> batch) throws EnrichmentException, InterruptedException {
        List<StatementParameterListItem> parameters = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            parameters.add(new StatementParameterListItem().setName("s" + i).setValue(batch.get(i))
                    .setType("STRING"));
        }
        String where = " of " + table + " on SQL warehouse " + warehouseId;
        try {
            long deadline = clock.nanoTime() + STATEMENT_TIMEOUT.toNanos();
            StatementResponse response = statements.executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(warehouseId).setStatement(sql(batch.size())).setParameters(parameters)
                    .setWaitTimeout(SERVER_WAIT.toSeconds() + "s")
                    .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
                    .setDisposition(Disposition.INLINE).setFormat(Format.JSON_ARRAY));
            while (running(response)) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    throw new EnrichmentException("The lookup" + where + " did not finish within "
                            + STATEMENT_TIMEOUT.toMinutes() + " minutes (statement " + response.getStatementId() + ")");
                }
                clock.sleep(Math.min(POLL_INTERVAL.toNanos(), left));
                response = statements.getStatement(new GetStatementRequest()
                        .setStatementId(response.getStatementId()));
            }
            StatementState state = response.getStatus() == null ? null : response.getStatus().getState();
            if (state != StatementState.SUCCEEDED) {
                var error = response.getStatus() == null ? null : response.getStatus().getError();
                throw new EnrichmentException("The lookup" + where + " ended " + state
                        + (error == null || error.getMessage() == null ? "" : ": " + error.getMessage()));
            }
            return records(response);
        } catch (RuntimeException e) {
            SdkFailure failure = SdkFailure.classify(e);
            throw new EnrichmentException("The lookup" + where + " failed: " + (failure.httpStatus() > 0
                    ? "HTTP " + failure.httpStatus() + " " + failure.errorText() : e.getMessage()), e);
        }
    }

    private static boolean running(StatementResponse r) {
        StatementState s = r.getStatus() == null ? null : r.getStatus().getState();
        return s == StatementState.PENDING || s == StatementState.RUNNING;
    }

    private List<QueryHistoryRecord> records(StatementResponse response) {
        Map<String, Integer> index = new HashMap<>();
        if (response.getManifest() != null && response.getManifest().getSchema() != null
                && response.getManifest().getSchema().getColumns() != null) {
            int i = 0;
            for (ColumnInfo c : response.getManifest().getSchema().getColumns()) {
                index.put(c.getName().toLowerCase(Locale.ROOT), i++);
            }
        }
        List<QueryHistoryRecord> out = new ArrayList<>();
        ResultData chunk = response.getResult();
        while (chunk != null) {
            if (chunk.getDataArray() != null) {
                for (Collection<String> row : chunk.getDataArray()) {
                    out.add(record(new ArrayList<>(row), index));
                }
            }
            Long next = chunk.getNextChunkIndex();
            chunk = next == null ? null : statements.getStatementResultChunkN(new GetStatementResultChunkNRequest()
                    .setStatementId(response.getStatementId()).setChunkIndex(next));
        }
        return out;
    }

    private static QueryHistoryRecord record(List<String> row, Map<String, Integer> index) {
        return new QueryHistoryRecord(text(row, index, "statement_id"), number(row, index, "total_duration_ms"),
                number(row, index, "execution_duration_ms"), number(row, index, "compilation_duration_ms"),
                number(row, index, "waiting_at_capacity_duration_ms"),
                number(row, index, "waiting_for_compute_duration_ms"), number(row, index, "result_fetch_duration_ms"),
                number(row, index, "produced_rows"), number(row, index, "read_bytes"), number(row, index, "read_rows"),
                text(row, index, "error_message"), text(row, index, "warehouse_id"));
    }

    private static String text(List<String> row, Map<String, Integer> index, String column) {
        Integer i = index.get(column);
        String v = i == null || i >= row.size() ? null : row.get(i);
        return v == null ? "" : v;
    }

    /** A whole number of the result; empty (NULL) is 0, as the original's COALESCE(..., 0). */
    private static long number(List<String> row, Map<String, Integer> index, String column) {
        String v = text(row, index, column);
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return Math.round(Double.parseDouble(v));
        }
    }
}
