package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeniePhaseTest {

    private static GenieAnswer answer(String finalStatus, Map<String, Long> statusMs, long fetchMs) {
        return new GenieAnswer(GenieOutcome.COMPLETED, "COMPLETED", "", new GenieAnswer.Message("c", "m", finalStatus),
                null, null, new GenieAnswer.Timing(0, 5000, 4900L, 100L, statusMs, 5, fetchMs));
    }

    private static Map<String, Long> seen(Object... statusAndMs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < statusAndMs.length; i += 2) {
            m.put((String) statusAndMs[i], ((Number) statusAndMs[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void everyStatusSeenInTurnIsItsOwnAndNothingIsUnobserved() {
        GenieAnswer a = answer("COMPLETED", seen("SUBMITTED", 100, "FETCHING_METADATA", 800, "FILTERING_CONTEXT", 600,
                "ASKING_AI", 2000, "PENDING_WAREHOUSE", 300, "EXECUTING_QUERY", 1100), 40);

        assertEquals(100L, GeniePhase.SUBMITTED.millis(a));
        assertEquals(2000L, GeniePhase.ASKING_AI.millis(a));
        assertEquals(1100L, GeniePhase.EXECUTING_QUERY.millis(a));
        assertEquals(0L, GeniePhase.UNOBSERVED.millis(a));
        assertEquals(40L, GeniePhase.RESULT_FETCH.millis(a));
    }

    @Test
    void aSpanThatSkippedStatusesIsUnobservedNotCreditedToTheStatusBeforeIt() {
        // one poll saw SUBMITTED, the next already ASKING_AI, the last COMPLETED: a text answer
        GenieAnswer a = answer("COMPLETED", seen("SUBMITTED", 1500, "ASKING_AI", 2000), 0);

        assertEquals(0L, GeniePhase.SUBMITTED.millis(a));
        assertEquals(1500L, GeniePhase.UNOBSERVED.millis(a), "SUBMITTED, FETCHING_METADATA, FILTERING_CONTEXT");
        assertEquals(2000L, GeniePhase.ASKING_AI.millis(a), "a text answer completes right after ASKING_AI");
        assertEquals(0L, GeniePhase.EXECUTING_QUERY.millis(a));

        GenieAnswer jumped = answer("COMPLETED", seen("ASKING_AI", 700), 0);
        assertEquals(700L, GeniePhase.ASKING_AI.millis(jumped));
        GenieAnswer skippedQuery = answer("COMPLETED", seen("PENDING_WAREHOUSE", 700), 0);
        assertEquals(700L, GeniePhase.UNOBSERVED.millis(skippedQuery), "EXECUTING_QUERY was skipped");
    }

    @Test
    void aFailureEndsInTheStatusItWasInAndAnAnswerGivenUpKeepsItsRunningStatus() {
        assertEquals(900L, GeniePhase.PENDING_WAREHOUSE.millis(answer("FAILED", seen("PENDING_WAREHOUSE", 900), 0)));
        assertEquals(600_000L, GeniePhase.ASKING_AI.millis(answer("ASKING_AI", seen("ASKING_AI", 600_000), 0)),
                "timed out while asking the AI");
    }

    @Test
    void noGenieMessageMeansNothingToTell() {
        GenieAnswer hit = answer(null, Map.of(), 0);

        for (GeniePhase phase : GeniePhase.values()) {
            assertNull(phase.millis(hit), phase.name());
        }
        assertEquals("genie_asking_ai_ms", GeniePhase.ASKING_AI.variable());
        assertEquals("unobserved_ms", GeniePhase.UNOBSERVED.columnName());
    }
}
