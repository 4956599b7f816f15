package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtlSummaryTest {

    static Path jtl() throws URISyntaxException {
        return Path.of(JtlSummaryTest.class.getResource("/jmeter/results.jtl").toURI());
    }

    @Test
    void summarisesEachLabelWithRequestsFailuresMedianAndP95() throws Exception {
        JtlSummary summary = JtlSummary.read(jtl());

        assertEquals(List.of(
                new JtlSummary.Row("GENIE", "message_1_of_2", 3, 1, 7000, 8000, 0.3),
                new JtlSummary.Row("GENIE", "message_2_of_2", 2, 1, 1000, 2000, 0.2)), summary.rows());
        assertEquals(new JtlSummary.Row("", "Aggregated", 5, 2, 5000, 8000, 0.5), summary.total());
    }

    @Test
    void readsQuotedMessagesWithCommasQuotesAndLineBreaks() throws Exception {
        List<JtlSummary.Failure> failures = JtlSummary.read(jtl()).failures();

        assertEquals(2, failures.size());
        assertTrue(failures.contains(new JtlSummary.Failure("GENIE message_1_of_2", "429",
                "Too many requests, retry later", 1)));
        assertTrue(failures.contains(new JtlSummary.Failure("GENIE message_2_of_2", "SQL_EXECUTION_EXCEPTION",
                "Genie's query failed: \"column x\" not found\n(line 2)", 1)));
    }

    @Test
    void printsATableLikeTheOriginalToolAndListsTheFailures() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JtlSummary.read(jtl()).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("Median(ms)"), text);
        assertTrue(text.matches("(?s).*GENIE\\s+message_1_of_2\\s+3\\s+1\\(33\\.3%\\)\\s+7000\\s+8000\\s+0\\.30.*"),
                text);
        assertTrue(text.contains("1 x GENIE message_1_of_2  429: Too many requests, retry later"), text);
    }

    @Test
    void writesTheTableAsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("summary.csv");
        JtlSummary.read(jtl()).writeCsv(csv);

        assertEquals(List.of("Type,Name,Requests,Failures,Median ms,95% ms,Requests/s",
                "GENIE,message_1_of_2,3,1,7000,8000,0.300", "GENIE,message_2_of_2,2,1,1000,2000,0.200",
                ",Aggregated,5,2,5000,8000,0.500"), Files.readAllLines(csv));
    }

    @Test
    void showsMeanAndP95OfServerTimeAndEachPhaseAndARowPerRequestType() throws Exception {
        String header = "timeStamp,elapsed,label,responseCode,responseMessage,success,\"genie_server_ms\","
                + "\"genie_asking_ai_ms\",\"genie_executing_query_ms\",\"genie_result_fetch_ms\"\n";
        StringBuilder jtl = new StringBuilder(header);
        for (int i = 1; i <= 20; i++) {
            jtl.append(1000 * i).append(",").append(5000 + i).append(",GENIE_LIVE message_1_of_1,COMPLETED,ok,true,")
                    .append(4000 + i).append(",").append(100 * i).append(",").append(i).append(",30\n");
        }
        jtl.append("99000,12,GENIE_LRU_HIT message_1_of_1,COMPLETED,ok,true,,,,\n");
        JtlSummary summary = JtlSummary.read(new StringReader(jtl.toString()));

        assertEquals(List.of(new JtlSummary.Phase("genie_server_ms", 20, 4011, 4019),
                new JtlSummary.Phase("genie_asking_ai_ms", 20, 1050, 1900),
                new JtlSummary.Phase("genie_executing_query_ms", 20, 11, 19),
                new JtlSummary.Phase("genie_result_fetch_ms", 20, 30, 30)), summary.phases(),
                "a cache hit has no phases and is left out");
        assertEquals(List.of("GENIE_LIVE", "GENIE_LRU_HIT"), summary.types().stream().map(JtlSummary.Row::type)
                .toList());
        assertEquals(20, summary.types().get(0).requests());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*genie_asking_ai_ms\\s+20\\s+1050\\s+1900.*"), text);
        assertTrue(text.matches("(?s).*By request type:\\s+GENIE_LIVE\\s+\\(all\\)\\s+20.*"), text);
    }

    @Test
    void reportsNoRequestsForAResultsFileWithOnlyAHeader() throws Exception {
        JtlSummary summary = JtlSummary.read(new StringReader("timeStamp,elapsed,label,responseCode,"
                + "responseMessage,success\n"));

        assertEquals(0, summary.total().requests());
        assertTrue(summary.rows().isEmpty());
    }

    @Test
    void namesTheMissingColumnOfAForeignFile() {
        IOException e = assertThrows(IOException.class,
                () -> JtlSummary.read(new StringReader("time,label\n1,x\n")));
        assertTrue(e.getMessage().contains("no 'timeStamp' column"), e.getMessage());
    }

    @Test
    void groupsFailuresByLabelAndCodeKeepingTheFirstMessage() throws Exception {
        JtlSummary summary = JtlSummary.read(new StringReader("timeStamp,elapsed,label,responseCode,responseMessage,"
                + "success\n1,5,GENIE message_1_of_1,429,Retry after 39 s,false\n2,5,GENIE message_1_of_1,429,"
                + "Retry after 12 s,false\n"));

        assertEquals(List.of(new JtlSummary.Failure("GENIE message_1_of_1", "429", "Retry after 39 s", 2)),
                summary.failures());
    }

    @Test
    void takesTheNearestRankPercentile() {
        long[] values = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        assertEquals(500, JtlSummary.percentile(values, 50));
        assertEquals(1000, JtlSummary.percentile(values, 95));
        assertEquals(100, JtlSummary.percentile(new long[] {100}, 95));
    }
}
