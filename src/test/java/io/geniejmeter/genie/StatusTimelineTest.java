package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timing arithmetic on plain numbers: client instants in ms (as nanos), server time stamps in epoch ms. */
class StatusTimelineTest {

    private static final long SENT = ms(10_000);
    private static final long CREATED_TS = 1_700_000_000_000L;

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    /** Sent at SENT, POST took 10 ms and showed SUBMITTED; polls of 4 ms round trip at +1 s and +2 s. */
    private static StatusTimeline typical(Long askingTs, Long completedTs) {
        StatusTimeline t = new StatusTimeline(SENT);
        t.postAnswered(SENT, SENT + ms(10));
        t.observe(SENT, SENT + ms(10), "SUBMITTED", CREATED_TS, CREATED_TS);
        t.observe(SENT + ms(1_000), SENT + ms(1_004), "ASKING_AI", CREATED_TS, askingTs);
        t.observe(SENT + ms(2_000), SENT + ms(2_004), "COMPLETED", CREATED_TS, completedTs);
        return t;
    }

    @Test
    void placesEachStatusChangeByTheServersTimeStampsAfterTheOneWayDelay() {
        StatusTimeline t = typical(CREATED_TS + 400, CREATED_TS + 1_800);

        // creation = sending + half the quickest round trip (4 ms): 2 ms; then the server's own offsets
        assertEquals(ms(2), t.createdNanos() - SENT);
        assertEquals(ms(1_802), t.timeToLastStatusNanos());
        assertEquals(1_800L, t.serverMsToLastStatus());
        assertEquals("COMPLETED", t.lastStatus());
    }

    @Test
    void givesTheTimeSpentInEachStatusAndTheFirstChange() {
        StatusTimeline.StatusSpans spans = typical(CREATED_TS + 400, CREATED_TS + 1_800).spans(null);

        assertEquals(List.of(new StatusTimeline.Span("SUBMITTED", SENT + ms(2), SENT + ms(402)),
                new StatusTimeline.Span("ASKING_AI", SENT + ms(402), SENT + ms(1_802))), spans.spans());
        assertEquals(Map.of("SUBMITTED", 400L, "ASKING_AI", 1_400L), spans.millisPerStatus());
        assertEquals(List.of("SUBMITTED", "ASKING_AI"), List.copyOf(spans.millisPerStatus().keySet()));
        assertEquals(402L, spans.firstStatusChangeMs());
    }

    @Test
    void keepsAContradictoryTimeStampWithinWhatThePollsObserved() {
        // the server claims COMPLETED 4 s after creation, but the poll that showed it was answered after 2.004 s
        StatusTimeline late = typical(CREATED_TS + 400, CREATED_TS + 4_000);
        assertEquals(ms(2_004), late.timeToLastStatusNanos());

        // and claims COMPLETED 100 ms after creation, but the poll before (sent at 1 s) still saw ASKING_AI: not
        // before that poll was sent, less the POST's 10 ms (creation may have happened during the POST)
        StatusTimeline early = typical(CREATED_TS + 50, CREATED_TS + 100);
        assertEquals(ms(990), early.timeToLastStatusNanos());

        // a time stamp before creation is no time stamp at all: the middle of the observation bracket
        StatusTimeline before = typical(CREATED_TS - 5_000, CREATED_TS + 1_800);
        assertEquals(ms(502), before.instantOf(before.observations().get(1)) - SENT);
    }

    @Test
    void usesTheMiddleOfTheObservationBracketWithoutTimeStamps() {
        StatusTimeline t = typical(null, null);

        // ASKING_AI began between the POST's start (0) and the first poll's answer (1004 ms)
        assertEquals(ms(502), t.instantOf(t.observations().get(1)) - SENT);
        // COMPLETED between the first poll's start (1000 ms) and the second poll's answer (2004 ms)
        assertEquals(ms(1_502), t.timeToLastStatusNanos());
        assertNull(t.serverMsToLastStatus());
    }

    @Test
    void countsARunningStatusUpToTheInstantGiven() {
        StatusTimeline t = new StatusTimeline(SENT);
        t.postAnswered(SENT, SENT + ms(10));
        t.observe(SENT, SENT + ms(10), "SUBMITTED", CREATED_TS, CREATED_TS);
        t.observe(SENT + ms(1_000), SENT + ms(1_010), "ASKING_AI", CREATED_TS, CREATED_TS + 700);

        Map<String, Long> perStatus = t.spans(SENT + ms(30_000)).millisPerStatus();

        assertEquals(700L, perStatus.get("SUBMITTED"));
        assertEquals(30_000L - 705L, perStatus.get("ASKING_AI"), "from 705 ms until given up at 30 s");
        assertEquals(Long.valueOf(700), t.serverMsToLatestUpdate());
    }

    @Test
    void sumsAStatusSeenTwiceAndIgnoresRepeatsOfTheSameStatus() {
        StatusTimeline t = new StatusTimeline(SENT);
        t.postAnswered(SENT, SENT + ms(2));
        t.observe(SENT, SENT + ms(2), "EXECUTING_QUERY", CREATED_TS, CREATED_TS);
        t.observe(SENT + ms(500), SENT + ms(502), "EXECUTING_QUERY", CREATED_TS, CREATED_TS);
        t.observe(SENT + ms(1_000), SENT + ms(1_002), "PENDING_WAREHOUSE", CREATED_TS, CREATED_TS + 900);
        t.observe(SENT + ms(2_000), SENT + ms(2_002), "EXECUTING_QUERY", CREATED_TS, CREATED_TS + 1_500);
        t.observe(SENT + ms(3_000), SENT + ms(3_002), "COMPLETED", CREATED_TS, CREATED_TS + 2_500);

        StatusTimeline.StatusSpans spans = t.spans(null);

        assertEquals(4, t.observations().size(), "a repeated status is not a new observation");
        assertEquals(3, spans.spans().size());
        assertEquals(Map.of("EXECUTING_QUERY", 900L + 1_000L, "PENDING_WAREHOUSE", 600L), spans.millisPerStatus());
    }

    @Test
    void reportsNothingBeforeAnyStatusWasSeen() {
        StatusTimeline t = new StatusTimeline(SENT);
        t.observe(SENT, SENT + ms(3), null, null, null); // a response without a message

        assertEquals(StatusTimeline.NO_STATUS, t.lastStatus());
        assertTrue(t.spans(SENT + ms(100)).spans().isEmpty());
        assertNull(t.spans(null).firstStatusChangeMs());
        assertNull(t.serverMsToLastStatus());
        assertNull(t.serverMsToLatestUpdate());
    }
}
