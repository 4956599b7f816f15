package io.geniejmeter.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.cli.CsvForTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetailCsvWriterTest {

    @TempDir
    Path dir;

    @Test
    void theFirstEighteenColumnsAreTheOriginalsNamesInTheirOrder() {
        assertEquals(List.of("run_id", "space_id", "request_started_at", "request_completed_at", "duration_ms",
                "concurrent_users", "user", "prompt", "source_conversation_id", "source_message_id",
                "genie_conversation_id", "genie_message_id", "message_index", "sql", "response_size", "success",
                "error", "sql_statement_id"), DetailColumns.ALL.subList(0, 18));
        assertEquals(DetailColumns.ORIGINAL, DetailColumns.ALL.subList(0, 18));
        assertEquals(new HashSet<>(DetailColumns.ALL).size(), DetailColumns.ALL.size(), "no column twice");
        assertTrue(DetailColumns.ALL.containsAll(List.of("request_type", "status", "error_type", "server_ms", "polls",
                "submitted_ms", "asking_ai_ms", "executing_query_ms", "result_fetch_ms")),
                DetailColumns.ALL.toString());
    }

    @Test
    void sqlWithCommasQuotesAndLineBreaksReadsBackUnchanged() throws Exception {
        String sql = "SELECT region, SUM(\"amount\") AS total\nFROM sales\r\nWHERE name = 'a,b' GROUP BY region";
        Path file = dir.resolve("detailed_metrics.csv");
        try (DetailCsvWriter writer = DetailCsvWriter.create(file)) {
            writer.write(new DetailRow().set(DetailColumns.SQL, sql).set(DetailColumns.PROMPT, "Sales, by \"region\"?")
                    .set(DetailColumns.RUN_ID, "run-1").set(DetailColumns.ERROR_TYPE, "only\na line break"));
        }

        List<List<String>> records = CsvForTests.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(2, records.size(), "header and one row, the SQL's line breaks inside its quoted field");
        assertEquals(DetailColumns.ALL, records.get(0));
        List<String> row = records.get(1);
        assertEquals(DetailColumns.ALL.size(), row.size());
        assertEquals(sql, row.get(DetailColumns.ALL.indexOf(DetailColumns.SQL)));
        assertEquals("Sales, by \"region\"?", row.get(DetailColumns.ALL.indexOf(DetailColumns.PROMPT)));
        assertEquals("run-1", row.get(0));
        assertEquals("", row.get(DetailColumns.ALL.indexOf(DetailColumns.ERROR)), "absent values are empty");
        assertEquals("only\na line break", row.get(DetailColumns.ALL.indexOf(DetailColumns.ERROR_TYPE)));
    }

    @Test
    void rowsWrittenFromManyThreadsAtOnceStayWholeAndNoneIsLost() throws Exception {
        Path file = dir.resolve("detailed_metrics.csv");
        int threads = 16;
        int perThread = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        try (DetailCsvWriter writer = DetailCsvWriter.create(file)) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            writer.write(new DetailRow().set(DetailColumns.USER, "user_" + id)
                                    .set(DetailColumns.MESSAGE_INDEX, i)
                                    .set(DetailColumns.SQL, "SELECT " + i + ",\n  " + id + " -- \"x\""));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals(threads * perThread, writer.rows());
        }

        List<List<String>> records = CsvForTests.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(threads * perThread + 1, records.size());
        Set<String> seen = new HashSet<>();
        int user = DetailColumns.ALL.indexOf(DetailColumns.USER);
        int index = DetailColumns.ALL.indexOf(DetailColumns.MESSAGE_INDEX);
        int sql = DetailColumns.ALL.indexOf(DetailColumns.SQL);
        for (List<String> r : records.subList(1, records.size())) {
            assertEquals(DetailColumns.ALL.size(), r.size(), "a whole row: " + r);
            String id = r.get(user).substring("user_".length());
            assertEquals("SELECT " + r.get(index) + ",\n  " + id + " -- \"x\"", r.get(sql));
            assertTrue(seen.add(r.get(user) + "/" + r.get(index)), "each row once");
        }
    }

    @Test
    void timesCarryTheirUtcOffsetAndSuccessIsSpelledAsTheOriginal() {
        DetailRow row = new DetailRow().sample(1_795_000_000_123L, 1_795_000_004_623L, false, "Genie failed",
                "SQL_EXECUTION_EXCEPTION", 120, 7, "GENIE message_1_of_2", "Genie users 1-3",
                ZoneId.of("Europe/Berlin"));

        assertEquals("2026-11-18T12:06:40.123+01:00", row.get(DetailColumns.REQUEST_STARTED_AT));
        assertEquals(OffsetDateTime.parse(row.get(DetailColumns.REQUEST_STARTED_AT)).toInstant().toEpochMilli(),
                1_795_000_000_123L);
        assertEquals("4500", row.get(DetailColumns.DURATION_MS));
        assertEquals("False", row.get(DetailColumns.SUCCESS));
        assertEquals("Genie failed", row.get(DetailColumns.ERROR));
        assertEquals("SQL_EXECUTION_EXCEPTION", row.get(DetailColumns.ERROR_TYPE));
        assertEquals("7", row.get(DetailColumns.CONCURRENT_USERS));
        assertEquals("+00:00", DetailRow.timestamp(0, ZoneId.of("UTC")).substring(23), "UTC is written as +00:00");
        assertEquals("True", new DetailRow().sample(0, 1, true, "ignored", "COMPLETED", 0, 1, "", "",
                ZoneId.of("UTC")).get(DetailColumns.SUCCESS));
    }
}
