package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.results.DetailColumns;
import io.geniejmeter.results.DetailRow;
import java.time.ZoneId;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenieDetailWriterTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @Test
    void aGenieSampleBringsItsDetailAndTheSampleItsTimesSuccessAndActiveUsers() {
        SampleResult result = GenieSamples.toResult(FakeAnswers.failed(GenieOutcome.FAILED, "SQL_EXECUTION_EXCEPTION",
                "column x not found", "conv-9", 200), "GENIE message_2_of_3", "Question: q",
                new DetailRow().set(DetailColumns.PROMPT, "Total sales?").set(DetailColumns.MESSAGE_INDEX, 1));
        result.setThreadName("Genie users 1-4");
        result.setAllThreads(4);

        DetailRow row = GenieDetailWriter.row(result, "run-3", UTC);

        assertEquals("run-3", row.get(DetailColumns.RUN_ID));
        assertEquals("Total sales?", row.get(DetailColumns.PROMPT));
        assertEquals("1", row.get(DetailColumns.MESSAGE_INDEX));
        assertEquals("conv-9", row.get(DetailColumns.GENIE_CONVERSATION_ID));
        assertEquals("False", row.get(DetailColumns.SUCCESS), "a FAILED answer is not a success");
        assertEquals("column x not found", row.get(DetailColumns.ERROR));
        assertEquals("SQL_EXECUTION_EXCEPTION", row.get(DetailColumns.ERROR_TYPE));
        assertEquals("4", row.get(DetailColumns.CONCURRENT_USERS));
        assertEquals("1234", row.get(DetailColumns.DURATION_MS));
        assertEquals("GENIE message_2_of_3", row.get(DetailColumns.LABEL));
        assertEquals("Genie users 1-4", row.get(DetailColumns.THREAD_NAME));
        assertEquals("", row.get(GeniePhase.ASKING_AI.columnName()), "no status observed: no phases");
    }

    @Test
    void anotherSamplersSampleGetsTheColumnsEverySampleHas() {
        SampleResult other = new SampleResult();
        other.setSampleLabel("HTTP login");
        other.setStampAndTime(1_000_000L, 250);
        other.setSuccessful(true);
        other.setResponseCode("200");
        other.setBodySize(512L);
        other.setAllThreads(2);

        DetailRow row = GenieDetailWriter.row(other, "r", UTC);

        assertEquals("HTTP login", row.get(DetailColumns.LABEL));
        assertEquals("250", row.get(DetailColumns.DURATION_MS));
        assertEquals("True", row.get(DetailColumns.SUCCESS));
        assertEquals("", row.get(DetailColumns.ERROR_TYPE));
        assertEquals("", row.get(DetailColumns.PROMPT));
        assertEquals("2", row.get(DetailColumns.CONCURRENT_USERS));
    }
}
