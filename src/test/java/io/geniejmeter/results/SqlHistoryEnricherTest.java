package io.geniejmeter.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enricher's handling of the detail file, with a stand-in history: quoting, ids, columns already there. */
class SqlHistoryEnricherTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<List<String>> asked = new ArrayList<>();

    private SqlHistoryEnricher enricher(Map<String, QueryHistoryRecord> history) {
        return new SqlHistoryEnricher(ids -> {
            asked.add(List.copyOf(ids));
            Map<String, QueryHistoryRecord> found = new java.util.LinkedHashMap<>();
            ids.stream().filter(history::containsKey).forEach(id -> found.put(id, history.get(id)));
            return found;
        }, "system.query.history", clock, Duration.ZERO, Duration.ofSeconds(1), line -> { });
    }

    @Test
    void sendsOnlyWellFormedStatementIdsAndKeepsEveryOtherFieldAsItWas() throws Exception {
        String sql = "SELECT a, \"b\"\nFROM t";
        Path file = Files.writeString(dir.resolve("detailed_metrics.csv"), "prompt,sql,sql_statement_id,extra\n"
                + "\"Hi, \"\"you\"\"\",\"" + sql.replace("\"", "\"\"") + "\",01ef-aa,x\n"
                + "evil,,x' OR '1'='1,y\n"
                + "\"text answer, no SQL\",,,z\n", StandardCharsets.UTF_8);
        QueryHistoryRecord r = new QueryHistoryRecord("01ef-aa", 6000, 3500, 500, 2000, 0, 20, 3, 100, 30, "",
                "wh");

        EnrichmentReport report = enricher(Map.of("01ef-aa", r)).enrich(file);

        assertEquals(List.of(List.of("01ef-aa")), asked, "the malformed id must never be sent");
        assertEquals(1, report.skipped());
        assertEquals(1, report.enriched());
        DetailCsv csv = DetailCsv.read(file);
        assertEquals("Hi, \"you\"", csv.get(0, 0));
        assertEquals(sql, csv.get(0, 1));
        assertEquals("x", csv.get(0, 3));
        assertEquals("6000", csv.get(0, csv.column("sql_total_duration_ms")));
        assertEquals("QUEUE_WAIT", csv.get(0, csv.column("sql_bottleneck")));
        assertEquals("MODERATE", csv.get(0, csv.column("sql_speed_category")));
        assertEquals("", csv.get(1, csv.column("sql_total_duration_ms")));
        assertEquals("text answer, no SQL", csv.get(2, 0));
        assertEquals("z", csv.get(2, 3));
        assertEquals(3, csv.size());
    }

    @Test
    void fillsTheHistoryColumnsWhereTheDetailFileAlreadyHasThem() throws Exception {
        Path file = Files.writeString(dir.resolve("detailed_metrics.csv"),
                "sql_statement_id,sql_total_duration_ms,sql_execution_time_ms,note\nabc-1,,,kept\n");
        enricher(Map.of("abc-1", new QueryHistoryRecord("abc-1", 100, 90, 10, 0, 0, 0, 1, 1, 1, "", "w")))
                .enrich(file);

        DetailCsv csv = DetailCsv.read(file);
        assertEquals(List.of("sql_statement_id", "sql_total_duration_ms", "sql_execution_time_ms", "note"),
                csv.header().subList(0, 4), "existing columns stay where they are");
        assertEquals(2 + SqlHistoryEnricher.COLUMNS.size(), csv.header().size());
        assertEquals("100", csv.get(0, 1));
        assertEquals("kept", csv.get(0, 3));
    }

    @Test
    void refusesAFileWithoutStatementIdsAndATableNameThatIsNotOne() throws Exception {
        Path file = Files.writeString(dir.resolve("detailed_metrics.csv"), "a,b\n1,2\n");
        EnrichmentException e = assertThrows(EnrichmentException.class, () -> enricher(Map.of()).enrich(file));
        assertTrue(e.getMessage().contains("no sql_statement_id column"), e.getMessage());

        assertTrue(QueryHistoryLookup.isTableName("system.query.history"));
        assertTrue(QueryHistoryLookup.isTableName("`my-catalog`.ops.history"));
        assertFalse(QueryHistoryLookup.isTableName("system.query.history WHERE 1=1 --"));
        assertFalse(QueryHistoryLookup.isTableName("a.b.c.d"));
        String sql = new QueryHistoryLookup(null, "w", "system.query.history", clock).sql(3);
        assertTrue(sql.endsWith("FROM system.query.history WHERE statement_id IN (:s0, :s1, :s2)"), sql);
    }
}
