package io.geniejmeter.genie;

import io.geniejmeter.settings.Settings;
import io.geniejmeter.settings.GenieSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.service.dashboards.MessageErrorType;
import com.databricks.sdk.service.dashboards.MessageStatus;
import io.geniejmeter.time.Clock;
import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The poll loop, timing and outcome rules on a fake clock: nothing here really sleeps. */
class GenieClientTest {

    private final ManualClock clock = new ManualClock();

    /** A typical query answer: 7.34 s of server time through the usual statuses. */
    private ScriptedGenie typicalAnswer() {
        return new ScriptedGenie(clock)
                .step(400, MessageStatus.FETCHING_METADATA)
                .step(1200, MessageStatus.ASKING_AI)
                .step(5200, MessageStatus.PENDING_WAREHOUSE)
                .step(6000, MessageStatus.EXECUTING_QUERY)
                .step(7340, MessageStatus.COMPLETED)
                .withQuery();
    }

    private GenieClient client(ScriptedGenie genie) {
        return GenieClient.builder(genie.service(), "space-1").clock(clock).build();
    }

    @Test
    void shouldReportTheServerProcessingTimeAsLatencyWhilePollingAboutOncePerSecond() {
        ScriptedGenie genie = typicalAnswer().roundTripMs(4);

        GenieAnswer a = client(genie).ask("How many repairs?", null);

        assertEquals(GenieOutcome.COMPLETED, a.outcome());
        assertEquals("COMPLETED", a.responseCode());
        assertEquals(7340L, a.serverMs());
        // truth: half the quickest round trip to reach the server, then 7340 ms of processing; then a 30 ms fetch
        assertEquals(7342, a.timeToFinalMs(), 1.0, "time to the final status");
        assertEquals(7372, a.latencyMs(), 1.0, "latency: what the user waits, result fetch included");
        assertTrue(a.polls() <= 8, "at most about one poll per second over 7.3 s, was " + a.polls());
        assertEquals(1, genie.starts.get());
        assertEquals(a.polls(), genie.gets.get());
        assertEquals("conv-1", a.conversationId());
        assertEquals("msg-1", a.messageId());
        assertEquals("SELECT 1", a.sql());
        assertEquals("one", a.description());
        assertEquals("st-1", a.statementId());
        assertEquals(7L, a.rowCount());
        assertEquals(30, a.resultFetchMs());
        assertEquals(402L, a.firstStatusChangeMs(), "first change (FETCHING_METADATA at 400 ms) from its time stamp");
        assertEquals(List.of("SUBMITTED", "FETCHING_METADATA", "ASKING_AI"),
                a.statusMs().keySet().stream().limit(3).toList());
        assertEquals(400L, a.statusMs().get("SUBMITTED"));
        assertEquals(800L, a.statusMs().get("FETCHING_METADATA"));
        assertTrue(a.success());
    }

    @Test
    void shouldRetryFailedPollsAndFetchesAfterAShortBackoffAndKeepTheTrueTime() {
        ScriptedGenie genie = typicalAnswer().roundTripMs(4).failingPolls(2, 3).failingFetches(1);

        GenieAnswer a = client(genie).ask("How many repairs?", null);

        assertEquals(GenieOutcome.COMPLETED, a.outcome(), a.responseMessage());
        assertEquals(7340L, a.serverMs());
        assertEquals(7342, a.timeToFinalMs(), 1.0, "the same time as without the failures");
        assertEquals(30, a.resultFetchMs(), "the fetch that succeeded");
        assertEquals(3, a.pollErrors(), "two polls and one fetch failed");
        assertEquals(a.polls(), genie.gets.get());
        assertEquals(2, genie.resultFetches.get());
        // after the 2nd poll failed: a quarter of the 1 s interval; after the 3rd (second in a row): doubled
        List<Long> sleepsMs = clock.sleeps().stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
        assertTrue(java.util.Collections.indexOfSubList(sleepsMs, List.of(250L, 500L)) >= 0, sleepsMs.toString());
        assertEquals(250L, sleepsMs.get(sleepsMs.size() - 1), "the fetch retried after a quarter interval");
    }

    @Test
    void shouldGiveTheLastFailureWhenPollsFailUntilTheDeadline() {
        Integer[] all = new Integer[200];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        ScriptedGenie genie = typicalAnswer().failingPolls(all);

        GenieAnswer a = GenieClient.builder(genie.service(), "space-1").clock(clock).timeout(Duration.ofSeconds(20))
                .build().ask("q", null);

        assertEquals(GenieOutcome.HTTP_ERROR, a.outcome());
        assertEquals("500", a.responseCode());
        assertEquals(a.polls(), a.pollErrors());
        assertTrue(a.polls() >= 10 && a.polls() <= 20, "backoff up to 2 s over 20 s: " + a.polls() + " polls");
        assertTrue(a.responseMessage().contains(a.pollErrors() + " failed polls or result fetches, retried until the"
                + " client timeout"), a.responseMessage());
        assertEquals(20_000, a.latencyMs(), 50.0);
    }

    @Test
    void shouldKeepTheErrorWithinHalfThePollGapWhenTimestampsAreMissing() {
        ScriptedGenie genie = typicalAnswer().withoutTimestamps().roundTripMs(4);

        GenieAnswer a = client(genie).ask("How many repairs?", null);

        assertNull(a.serverMs());
        assertEquals(GenieOutcome.COMPLETED, a.outcome());
        assertTrue(Math.abs(a.timeToFinalMs() - 7342) <= 510, "half a 1 s poll gap at most: " + a.timeToFinalMs());
    }

    @Test
    void shouldPollSparselyEarlyAndDenselyNearTheLearnedEnd() {
        // learned answers take 6.84 to 7.84 s; the measured one 7.34 s
        ScriptedGenie genie = typicalAnswer().finalStepShifts(-500, 500, -300, 300, -100, 100, -400, 400, 200, -200, 0);
        GenieClient client = client(genie);
        for (int i = 0; i < PollSchedule.MIN_SAMPLES; i++) {
            client.ask("warm-up " + i, null);
        }
        ScriptedGenie untimed = typicalAnswer().withoutTimestamps().roundTripMs(4)
                .finalStepShifts(-500, 500, -300, 300, -100, 100, -400, 400, 200, -200, 0);
        GenieClient untimedClient = GenieClient.builder(untimed.service(), "space-1").clock(clock).build();
        for (int i = 0; i < PollSchedule.MIN_SAMPLES; i++) {
            untimedClient.ask("warm-up " + i, null); // nothing exact to learn from: one poll per second
        }
        int coldPolls = untimed.gets.get() / PollSchedule.MIN_SAMPLES;
        int sleepsBefore = clock.sleeps().size();

        GenieAnswer a = client.ask("How many repairs?", null);

        List<Long> gapsMs = clock.sleeps().subList(sleepsBefore, clock.sleeps().size()).stream()
                .map(n -> TimeUnit.NANOSECONDS.toMillis(n)).toList();
        assertEquals(PollSchedule.MIN_SAMPLES + 1, client.learnedDurations());
        assertTrue(gapsMs.get(0) >= 1900, "sparse early: " + gapsMs);
        assertTrue(gapsMs.get(gapsMs.size() - 1) <= 260 && gapsMs.get(gapsMs.size() - 2) <= 260,
                "dense near the expected end: " + gapsMs);
        assertTrue(a.polls() <= 8, "still about one poll per second: " + a.polls());
        assertTrue(coldPolls >= 7 && coldPolls <= 8, "without learned durations: one poll per second, " + coldPolls);
        assertEquals(7342, a.timeToFinalMs(), 1.0);
    }

    @ParameterizedTest
    @CsvSource({
        "FAILED, SQL_EXECUTION_EXCEPTION, FAILED, SQL_EXECUTION_EXCEPTION",
        "FAILED, , FAILED, FAILED",
        "FAILED, RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION, RATE_LIMITED, RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
        "FAILED, RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION, RATE_LIMITED,"
                + " RATE_LIMIT_EXCEEDED_SPECIFIED_WAIT_EXCEPTION",
        "CANCELLED, , CANCELLED, CANCELLED",
        "QUERY_RESULT_EXPIRED, , QUERY_RESULT_EXPIRED, QUERY_RESULT_EXPIRED",
    })
    void shouldClassifyEveryFinalStatusAndOnlyCompletedIsASuccess(MessageStatus status, MessageErrorType type,
                                                                  GenieOutcome outcome, String code) {
        ScriptedGenie genie = new ScriptedGenie(clock).step(800, MessageStatus.ASKING_AI).step(3100, status);
        if (type != null) {
            genie.failingWith(type);
        }

        GenieAnswer a = client(genie).ask("q", null);

        assertEquals(outcome, a.outcome());
        assertEquals(code, a.responseCode());
        assertFalse(a.success());
        assertEquals(status.name(), a.status());
        assertEquals(type == null ? null : type.name(), a.errorType());
        assertEquals(3100L, a.serverMs());
        assertEquals(0, genie.resultFetches.get());
    }

    @Test
    void shouldPostAFollowUpIntoTheGivenConversation() {
        ScriptedGenie genie = new ScriptedGenie(clock).step(2000, MessageStatus.COMPLETED);

        GenieAnswer a = client(genie).ask("And by month?", "conv-1");

        assertEquals(GenieOutcome.COMPLETED, a.outcome());
        assertEquals(1, genie.followUps.get());
        assertEquals(0, genie.starts.get());
        assertEquals("conv-1", a.conversationId());
        assertEquals("Answered with text", a.responseMessage());
    }

    @Test
    void shouldSkipTheResultFetchWhenSwitchedOff() {
        ScriptedGenie genie = typicalAnswer();
        GenieClient client = GenieClient.builder(genie.service(), "space-1").clock(clock)
                .fetchQueryResult(false).build();

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.COMPLETED, a.outcome());
        assertEquals(0, genie.resultFetches.get());
        assertEquals(0, a.resultFetchMs());
        assertEquals(7L, a.rowCount(), "row count from the attachment's metadata");
    }

    @Test
    void shouldGiveUpAtTheClientTimeoutWithOneLastPoll() {
        ScriptedGenie genie = new ScriptedGenie(clock).step(500, MessageStatus.ASKING_AI);
        GenieClient client = GenieClient.builder(genie.service(), "space-1").clock(clock)
                .timeout(Duration.ofSeconds(30)).build();

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.TIMEOUT, a.outcome());
        assertEquals("TIMEOUT", a.responseCode());
        assertEquals("ASKING_AI", a.status());
        assertEquals(30_004, a.latencyMs(), 5.0, "gave up right after the last poll at the deadline");
        assertTrue(a.polls() >= 29 && a.polls() <= 31, "one poll per second: " + a.polls());
        assertTrue(a.statusMs().get("ASKING_AI") > 29_000, a.statusMs().toString());
    }

    @Test
    void shouldStopWithoutAnotherPollAndKeepTheInterruptFlagWhenInterruptedWhileWaiting() throws Exception {
        ScriptedGenie genie = new ScriptedGenie(clock).step(500, MessageStatus.ASKING_AI); // never finishes
        GenieClient client = GenieClient.builder(genie.service(), "space-1").clock(Clock.SYSTEM).build();
        AtomicReference<Thread> asker = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        CompletableFuture<GenieAnswer> answer = CompletableFuture.supplyAsync(() -> {
            asker.set(Thread.currentThread());
            GenieAnswer a = client.ask("q", null);
            flagKept.set(Thread.interrupted());
            return a;
        });
        // The asker has polled once and sleeps until its next poll (about a second later).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (genie.gets.get() < 1 || asker.get().getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the asker never waited for its next poll");
            Thread.sleep(5);
        }

        asker.get().interrupt();
        // The scripted answer never finishes: only the interrupt can end ask (a wide bound, not a speed check).
        GenieAnswer a = answer.get(30, TimeUnit.SECONDS);

        assertEquals(GenieOutcome.INTERRUPTED, a.outcome());
        assertEquals("INTERRUPTED", a.responseCode());
        assertTrue(flagKept.get(), "the interrupt flag is still set after ask returns");
        assertEquals(1, genie.gets.get(), "no poll after the interrupt");
        assertEquals(1, a.polls());
    }

    @Test
    void shouldNotPollWhenAlreadyInterrupted() {
        ScriptedGenie genie = typicalAnswer();
        Thread.currentThread().interrupt();
        try {
            GenieAnswer a = client(genie).ask("q", null);

            assertEquals(GenieOutcome.INTERRUPTED, a.outcome());
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(0, genie.gets.get());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldRejectABlankQuestionAsACallerBug() {
        GenieClient client = client(typicalAnswer());

        assertThrows(IllegalArgumentException.class, () -> client.ask("  ", null));
    }

    @Test
    void shouldTakeTimeoutPollIntervalAndFetchSwitchFromSettings() {
        GenieSettings settings = GenieSettings.load(java.util.Map.of("GENIE_SPACE_ID", "space-9",
                "GENIE_TIMEOUT_SECONDS", "5", "GENIE_POLL_INTERVAL_MS", "500", "GENIE_FETCH_QUERY_RESULT", "false"),
                java.util.Map.of(), java.nio.file.Path.of("target"));
        ScriptedGenie genie = new ScriptedGenie(clock).step(500, MessageStatus.ASKING_AI);
        GenieClient client = GenieClient.builder(genie.service(), settings.require(Settings.GENIE_SPACE_ID, ""))
                .settings(settings).clock(clock).build();

        GenieAnswer a = client.ask("q", null);

        assertEquals("space-9", client.spaceId());
        assertEquals(GenieOutcome.TIMEOUT, a.outcome());
        assertEquals(5_004, a.latencyMs(), 5.0);
        assertTrue(a.polls() >= 9 && a.polls() <= 11, "a poll every 500 ms: " + a.polls());
    }
}
