package io.geniejmeter.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one shape of SQL on the query history that the simulated warehouse understands, enough for SQL history
 * enrichment: {@code SELECT col [AS alias], ... FROM <table> WHERE statement_id IN (:p1, 'id', ...)}, with named
 * parameters ({@code parameters[]} of the request) or quoted literals. Columns are those of Databricks'
 * {@code system.query.history} that the simulator models; anything else is refused as Databricks would refuse it.
 */
final class QueryHistorySql {

    private static final Pattern QUERY = Pattern.compile(
            "\\s*SELECT\\s+(.+?)\\s+FROM\\s+([\\w.`]+)\\s+WHERE\\s+statement_id\\s+IN\\s*\\(([^)]*)\\)\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ITEM = Pattern.compile("\\s*([\\w.]+)(?:\\s+AS\\s+(\\w+))?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAMETER = Pattern.compile(":(\\w+)");
    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");

    private record Column(String type, Function<QueryHistoryRow, Object> value) {
    }

    private static final Map<String, Column> COLUMNS = columns();

    private static Map<String, Column> columns() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("statement_id", new Column("STRING", QueryHistoryRow::statementId));
        c.put("statement_text", new Column("STRING", QueryHistoryRow::statementText));
        c.put("execution_status", new Column("STRING", QueryHistoryRow::executionStatus));
        c.put("error_message", new Column("STRING", QueryHistoryRow::errorMessage));
        c.put("compute.warehouse_id", new Column("STRING", QueryHistoryRow::warehouseId));
        c.put("query_source.genie_space_id", new Column("STRING", QueryHistoryRow::genieSpaceId));
        c.put("start_time", new Column("TIMESTAMP", r -> Instant.ofEpochMilli(r.startMs())));
        c.put("end_time", new Column("TIMESTAMP", r -> Instant.ofEpochMilli(r.endMs())));
        c.put("total_duration_ms", new Column("LONG", QueryHistoryRow::totalDurationMs));
        c.put("waiting_for_compute_duration_ms", new Column("LONG", QueryHistoryRow::waitingForComputeMs));
        c.put("waiting_at_capacity_duration_ms", new Column("LONG", QueryHistoryRow::waitingAtCapacityMs));
        c.put("compilation_duration_ms", new Column("LONG", QueryHistoryRow::compilationMs));
        c.put("execution_duration_ms", new Column("LONG", QueryHistoryRow::executionMs));
        c.put("result_fetch_duration_ms", new Column("LONG", QueryHistoryRow::resultFetchMs));
        c.put("produced_rows", new Column("LONG", QueryHistoryRow::producedRows));
        c.put("read_rows", new Column("LONG", QueryHistoryRow::readRows));
        c.put("read_bytes", new Column("LONG", QueryHistoryRow::readBytes));
        return c;
    }

    /** What a statement on the query history returns: its rows, or the error Databricks would give. */
    record Outcome(AnswerGenerator.Answer answer, String errorCode, String errorMessage) {
        static Outcome failed(String message) {
            return new Outcome(null, "BAD_REQUEST", message);
        }
    }

    private QueryHistorySql() {
    }

    /**
     * The outcome of {@code sql} when it is a query of the history's shape, else null (the statement is someone
     * else's SQL, e.g. Genie's).
     *
     * @param parameters the request's named parameters (name to value)
     * @param table      the history's table name
     * @param nowMs      rows are served from their end plus the ingestion lag on
     */
    static Outcome answer(String sql, Map<String, String> parameters, String table, QueryHistory history,
                          long nowMs) {
        Matcher m = QUERY.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String named = m.group(2).replace("`", "");
        if (!named.equalsIgnoreCase(table)) {
            return Outcome.failed("[TABLE_OR_VIEW_NOT_FOUND] The table or view `" + named + "` cannot be found.");
        }
        List<String> names = new ArrayList<>();
        List<Column> selected = new ArrayList<>();
        for (String item : m.group(1).split(",")) {
            Matcher i = ITEM.matcher(item);
            Column column = i.matches() ? COLUMNS.get(i.group(1).toLowerCase(Locale.ROOT)) : null;
            if (column == null) {
                return Outcome.failed("[UNRESOLVED_COLUMN] A column or function parameter with name `"
                        + item.strip() + "` cannot be resolved.");
            }
            String name = i.group(2) != null ? i.group(2) : i.group(1).substring(i.group(1).lastIndexOf('.') + 1);
            names.add(name);
            selected.add(column);
        }
        List<String> ids = new ArrayList<>();
        for (String value : m.group(3).split(",")) {
            String v = value.strip();
            Matcher p = PARAMETER.matcher(v);
            Matcher l = LITERAL.matcher(v);
            if (p.matches()) {
                if (!parameters.containsKey(p.group(1))) {
                    return Outcome.failed("[UNBOUND_SQL_PARAMETER] Found the unbound parameter: " + p.group(1) + ".");
                }
                ids.add(parameters.get(p.group(1)));
            } else if (l.matches()) {
                ids.add(l.group(1).replace("''", "'"));
            } else if (!v.isEmpty()) {
                return Outcome.failed("[PARSE_SYNTAX_ERROR] Syntax error at or near '" + v + "'.");
            }
        }
        List<AnswerGenerator.Column> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            columns.add(new AnswerGenerator.Column(names.get(c), selected.get(c).type()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            QueryHistoryRow row = history.visible(id, nowMs);
            if (row != null) {
                List<String> values = new ArrayList<>();
                for (Column c : selected) {
                    Object v = c.value().apply(row);
                    values.add(v == null ? null : v.toString());
                }
                rows.add(values);
            }
        }
        return new Outcome(new AnswerGenerator.Answer(false, null, null, sql, null, columns, rows), null, null);
    }
}
