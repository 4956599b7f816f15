package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capacity.csv, capacity.html and the answer from results files written here, with known numbers. */
class CapacityReportTest {

    @TempDir
    Path work;

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,success,"
            + "genie_pending_warehouse_ms,genie_asking_ai_ms,genie_unobserved_ms";

    /**
     * A step folder: {@code ok} answered questions of {@code ms} + 100 ms per earlier one, one every 1000 ms, with
     * the given warehouse wait and Genie time, and {@code throttled} questions refused with HTTP 429.
     */
    private Path step(String name, int ok, long ms, long warehouseMs, long askingMs, int throttled)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < ok; i++) {
            lines.add((1000L * i) + "," + (ms + 100L * i) + ",GENIE message_1_of_1,200,OK,true," + warehouseMs + ","
                    + askingMs + ",5000");
        }
        for (int i = 0; i < throttled; i++) {
            lines.add((1000L * i + 500) + ",20,GENIE message_1_of_1,429,HTTP 429 REQUEST_LIMIT_EXCEEDED,false,,,");
        }
        Files.write(dir.resolve("results.jtl"), lines, StandardCharsets.UTF_8);
        return dir;
    }

    private static final CapacityReport.Objective OBJECTIVE = new CapacityReport.Objective(30, 0.01);

    @Test
    void answersTheHighestLoadMeetingTheObjectiveAndNamesThrottlingAsTheLimit() throws Exception {
        // 60 s windows: 20 answers = 20 per minute; the 8/min step had 5 of 25 questions throttled
        CapacityStep two = CapacityStep.read(step("a", 20, 10_000, 0, 8_000, 0), 2, CapacityStep.PER_MINUTE, 1, 60);
        CapacityStep four = CapacityStep.read(step("b", 40, 12_000, 0, 9_000, 0), 4, CapacityStep.PER_MINUTE, 1,
                60);
        CapacityStep eight = CapacityStep.read(step("c", 20, 12_000, 0, 9_000, 5), 8, CapacityStep.PER_MINUTE, 1,
                60);
        CapacityReport report = new CapacityReport(List.of(eight, two, four), OBJECTIVE);

        assertEquals(4, report.answer().load());
        assertEquals(40.0, four.throughput(), 1e-9, "answers ending within the 60 s window, per minute");
        assertEquals(0.2, eight.throttleRate(), 1e-9);
        assertEquals(CapacityReport.Limit.THROTTLING, report.limitOf(eight));
        assertTrue(report.sentence().startsWith("The highest load meeting the objective (p95 \u2264 30 s, errors"
                + " \u2264 1%) is 4 conversations/min"), report.sentence());
        assertTrue(report.sentence().contains("What limited 8 conversations/min: throttling"), report.sentence());
    }

    @Test
    void takesTheRateAnsweredWhileThrottlingAsTheCapacityWhenThrottlingLimitedTheNextStep() throws Exception {
        // 10 answered of 10 in 60 s at the lower step; the higher one answered 30 and had 10 throttled
        CapacityStep low = CapacityStep.read(step("low", 10, 1_000, 0, 500, 0), 10, CapacityStep.PER_MINUTE, 1, 60);
        CapacityStep high = CapacityStep.read(step("high", 30, 1_000, 0, 500, 10), 40, CapacityStep.PER_MINUTE, 1,
                60);
        CapacityReport report = new CapacityReport(List.of(low, high), OBJECTIVE);

        assertEquals(10, report.answer().load());
        assertEquals(CapacityReport.Limit.THROTTLING, report.limitOf(high));
        assertEquals(30, report.capacity(), 1e-9, "the limit answers at its rate, the rest refused");
        assertTrue(report.capacity() > low.throughput() * 2, "a capacity above the lower step's throughput");
        assertTrue(report.sentence().contains("Capacity: 30 questions per minute, the rate Genie answered while"
                + " throttling 40 conversations/min."), report.sentence());
    }

    @Test
    void countsTheThrottledStepsAnswersWhenTheyWereAskedSoThoseStillRunningAsTheWindowClosesCount()
            throws Exception {
        // one question asked every second for the 60 s window, each 5 s + 100 ms per earlier one: the answers of
        // the questions asked after 50 s end after the window
        CapacityStep low = CapacityStep.read(step("low", 10, 1_000, 0, 500, 0), 10, CapacityStep.PER_MINUTE, 1, 60);
        CapacityStep high = CapacityStep.read(step("high", 60, 5_000, 0, 500, 20), 80, CapacityStep.PER_MINUTE, 1,
                60);
        CapacityReport report = new CapacityReport(List.of(low, high), OBJECTIVE);

        assertEquals(CapacityReport.Limit.THROTTLING, report.limitOf(high));
        assertEquals(51, high.throughput(), 1e-9, "answers ending by 60 s: those asked at 0..50 s");
        assertEquals(60, high.accepted(), 1e-9, "questions asked in the window and answered");
        assertEquals(60, report.capacity(), 1e-9, "the rate Genie admitted, not the answers that ended in time");
        assertEquals(10, low.accepted(), 1e-9, "a step that keeps up reads the same either way");
        assertEquals(low.throughput(), low.accepted(), 1e-9);
    }

    @Test
    void takesTheAnswerStepsThroughputAsTheCapacityWhenSomethingElseLimited() throws Exception {
        CapacityStep low = CapacityStep.read(step("low", 10, 1_000, 0, 500, 0), 10, CapacityStep.PER_MINUTE, 1, 60);
        CapacityStep slow = CapacityStep.read(step("slow", 30, 40_000, 30_000, 500, 0), 40, CapacityStep.PER_MINUTE,
                1, 60);
        CapacityReport report = new CapacityReport(List.of(low, slow), OBJECTIVE);

        assertEquals(CapacityReport.Limit.WAREHOUSE_QUEUEING, report.limitOf(slow));
        assertEquals(low.throughput(), report.capacity(), 1e-9);
        assertFalse(report.sentence().contains("Capacity:"), report.sentence());
    }

    @Test
    void namesWarehouseQueueingWhenTheWarehouseWaitGrewMostAndScalesTimesBack() throws Exception {
        // at time scale 0.1 a real 2 s is 20 s of Genie time; the unobserved time grows too but tells nothing
        CapacityStep low = CapacityStep.read(step("low", 10, 2_000, 0, 800, 0), 10, CapacityStep.PER_MINUTE, 0.1,
                0);
        CapacityStep high = CapacityStep.read(step("high", 10, 4_000, 1_500, 900, 0), 20, CapacityStep.PER_MINUTE,
                0.1, 0);
        CapacityReport report = new CapacityReport(List.of(low, high), new CapacityReport.Objective(30, 0.01));

        assertEquals(29.0, low.p95(), 1e-9, "2000 + 900 ms, the tenth of ten answers, times 10");
        assertEquals(15.0, high.phase(io.geniejmeter.genie.GeniePhase.PENDING_WAREHOUSE), 1e-9);
        assertEquals(CapacityReport.Limit.WAREHOUSE_QUEUEING, report.limitOf(high));
        assertTrue(report.sentence().contains("warehouse queueing"), report.sentence());
    }

    @Test
    void thePagesNumbersAreTheCsvsAndThePageNeedsNothingFromTheNetwork() throws Exception {
        Path a = step("run-a", 20, 10_000, 0, 8_000, 0);
        Path b = step("run-b", 30, 25_000, 2_000, 9_000, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new CompareCommand(work, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(List.of("--p95", "20", "--results-dir", "cmp", "run-a", "run-b"));
        assertEquals(0, status);

        String html = Files.readString(work.resolve("cmp/capacity.html"));
        List<String> csv = Files.readAllLines(work.resolve("cmp/capacity.csv"));
        CapacityPageCheck.assertPageMatchesCsv(html, csv);
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutSvgNamespace.contains("http"), "no address in the page but the SVG namespace");
        assertFalse(html.matches("(?s).*(src=|href=|@import|url\\().*"), "no external resource");
        assertTrue(html.contains("<svg"), "inline charts");
        assertEquals(3, csv.size(), "a header and one row per folder");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("capacity.html"));
    }

    /** Shared with the screenshot script's check: every data cell of the page equals its CSV field. */
    static final class CapacityPageCheck {
        private static final Pattern CELL = Pattern.compile("data-col=\"([^\"]+)\" data-value=\"([^\"]*)\"");

        static void assertPageMatchesCsv(String html, List<String> csv) {
            List<String> header = List.of(csv.get(0).split(","));
            String[] rows = html.substring(html.indexOf("<table id=\"steps\">")).split("<tr");
            List<Map<String, String>> pageRows = new ArrayList<>();
            for (String row : rows) {
                Matcher m = CELL.matcher(row);
                Map<String, String> cells = new java.util.LinkedHashMap<>();
                while (m.find()) {
                    cells.put(m.group(1), m.group(2));
                }
                if (!cells.isEmpty()) {
                    pageRows.add(cells);
                }
            }
            assertEquals(csv.size() - 1, pageRows.size(), "one table row per CSV row");
            int checked = 0;
            for (int r = 0; r < pageRows.size(); r++) {
                String[] fields = csv.get(r + 1).split(",");
                for (Map.Entry<String, String> cell : pageRows.get(r).entrySet()) {
                    int i = header.indexOf(cell.getKey());
                    assertTrue(i >= 0, "the page's column " + cell.getKey() + " is in the CSV");
                    assertEquals(fields[i], cell.getValue(), "row " + (r + 1) + ", " + cell.getKey());
                    checked++;
                }
            }
            assertTrue(checked >= 10 * pageRows.size(), "checked " + checked + " cells");
        }
    }
}
