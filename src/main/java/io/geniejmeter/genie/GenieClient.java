package io.geniejmeter.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieService;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Asks a Genie space one question and reports, exactly and honestly, what happened and how long it took.
 *
 * <p><b>What {@link #ask} does.</b> It starts a new conversation (or posts a follow-up into the given one), follows
 * the message with its own poll loop (never the SDK's waiter, whose growing sleeps of up to 10 s would inflate the
 * time) until a final status, then, by default, fetches the query result as the Genie UI does. It never throws for
 * an expected failure: every outcome is classified into a {@link GenieOutcome} (only COMPLETED is a success; SDK
 * exceptions through the {@link SdkFailure} classification the exporter shares). The SDK calls and the poll loop of
 * one question are in {@link AskAttempt}.
 *
 * <p><b>Retries.</b> The SDK's retries are off (see {@link WorkspaceClients}), and the question's POST is never
 * repeated (that could ask twice): when its response is lost after it may have reached Genie, the answer is
 * {@link GenieOutcome#LOST_RESPONSE} (code {@code CLIENT_LOST_RESPONSE}), a client-side failure. Polls and the result
 * fetch are idempotent reads: one that fails transiently (HTTP 5xx, dropped connection, no response in time, see
 * {@link SdkFailure#transientFailure()}) does not decide the question; it is repeated after a short backoff on the
 * clock (a quarter of the poll interval, doubling up to two intervals) until the question's deadline, counted in
 * {@link GenieAnswer#pollErrors()}, and the question keeps its real outcome and time (which come from the message's
 * own time stamps). Only when the deadline passes while reads still fail does the last failure become the answer.
 * A 429 is reported as RATE_LIMITED, not slept through, whether it met the question or a poll.
 *
 * <p><b>Timing method.</b> The final status is reached at some instant between two polls; polling every 0.5 s, as
 * the original tool did, makes response times up to half a second too long, and polling faster loads the server.
 * This client instead reads the message's own server time stamps: {@code created_timestamp} (when Genie accepted the
 * question) and the {@code last_updated_timestamp} that comes with each new status (when that status began; for the
 * final status, when the answer was done). Differences of server time stamps need no clock synchronisation, so:
 * <pre>
 *   serverMs      = last_updated(final) - created
 *   timeToFinalMs = oneWayDelay + serverMs      oneWayDelay = half the quickest round trip of this question
 *   latencyMs     = timeToFinalMs + resultFetchMs
 * </pre>
 * measured from the moment the question is written to the connection ({@link WireTiming}: the SDK's own JSON and
 * auth work, connection set-up and a busy load generator are not Genie's time). Each status instant is kept within
 * what the polls observed (a status first seen in the response to poll k began before that response arrived, and
 * after poll k-1 was sent, less the POST's duration), so contradictory time stamps cannot produce impossible
 * figures; without time stamps the middle of that bracket is used, an error of at most half the poll gap
 * ({@link StatusTimeline} does this arithmetic, and gives the time spent in each status).
 * {@link PollSchedule} polls about once per second on average (sparse early, dense near the learned end), which
 * keeps status changes and that fallback close to the truth without loading Genie. The reported
 * {@link GenieAnswer#latencyMs()} is what a user waits for the answer: that time to the final status plus the query
 * result fetch ({@link GenieAnswer#resultFetchMs()}, 0 when switched off); {@link GenieAnswer#timeToFinalMs()} is
 * the part up to the final status, the figure compared with the simulator's ground truth.
 *
 * <p><b>Interruption.</b> A thread interrupted while waiting between polls stops at once and gets an
 * {@link GenieOutcome#INTERRUPTED} answer with its interrupt flag still set. The SDK's blocking I/O ignores a bare
 * interrupt, so a stopping test interrupts through {@link AbortableHttpClient#interrupt(Thread)}: with an SDK client
 * from {@link WorkspaceClients} that also aborts the HTTP call in flight (the question's POST, a poll or the result
 * fetch), which then ends at once, and the answer is INTERRUPTED as well. With another HTTP client the call returns
 * within its HTTP timeout first.
 *
 * <p><b>Threads.</b> One instance is meant to be shared by all threads of a test: each {@link #ask} keeps its state
 * in its own {@link AskAttempt}, the SDK client is thread-safe, and the shared {@link PollSchedule} learns typical
 * durations from all of them. There is no client-side queueing: size the {@link WorkspaceClient}'s pool with
 * {@link WorkspaceClients#create(GenieSettings, int)} to the thread count.
 */
public final class GenieClient {

    private final AskAttempt.Setup setup;

    private GenieClient(Builder b) {
        this.setup = new AskAttempt.Setup(Objects.requireNonNull(b.genie, "genie service"),
                Objects.requireNonNull(b.spaceId, "space id"), b.timeout.toNanos(), b.fetchQueryResult, b.clock,
                new PollSchedule(b.pollInterval.toNanos()));
    }

    /**
     * A client for the space {@code GENIE_SPACE_ID} of {@code settings}, with its timeout, poll interval and
     * result-fetch switch.
     *
     * @throws GenieSettingsException when the space id is missing or a setting is malformed
     */
    public static GenieClient create(WorkspaceClient workspace, GenieSettings settings) {
        String space = settings.require(Settings.GENIE_SPACE_ID,
                "It is the last part of the space's URL (.../genie/rooms/<id>).");
        return builder(workspace, space).settings(settings).build();
    }

    /** A builder for the space {@code spaceId} reached through {@code workspace}. */
    public static Builder builder(WorkspaceClient workspace, String spaceId) {
        return new Builder(workspace.genie().impl(), spaceId);
    }

    /** A builder over a bare SDK service (tests plug a fake in here). */
    public static Builder builder(GenieService genie, String spaceId) {
        return new Builder(genie, spaceId);
    }

    /** The space this client asks. */
    public String spaceId() {
        return setup.spaceId();
    }

    /**
     * Asks {@code question}: a new conversation when {@code conversationIdOrNull} is null, else a follow-up message in
     * that conversation. Blocks until a final status (or failure, timeout, interruption). Never throws for an
     * expected failure.
     *
     * @throws IllegalArgumentException when the question is null or blank (a caller bug, not a Genie outcome)
     */
    public GenieAnswer ask(String question, String conversationIdOrNull) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be blank");
        }
        return new AskAttempt(setup, question, conversationIdOrNull).run();
    }

    /** Durations learned so far by the poll schedule (for tests and diagnostics). */
    int learnedDurations() {
        return setup.schedule().learned();
    }

    /** Settings of a {@link GenieClient}; every default is the documented one. */
    public static final class Builder {
        private final GenieService genie;
        private final String spaceId;
        private Duration timeout = Duration.ofMinutes(10);
        private boolean fetchQueryResult = true;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.SYSTEM;

        private Builder(GenieService genie, String spaceId) {
            this.genie = genie;
            this.spaceId = spaceId;
        }

        /** Takes timeout, poll interval and result-fetch switch from {@code settings}. */
        public Builder settings(GenieSettings settings) {
            return timeout(settings.value(Settings.GENIE_TIMEOUT_SECONDS))
                    .pollInterval(Duration.ofMillis(settings.value(Settings.GENIE_POLL_INTERVAL_MS)))
                    .fetchQueryResult(settings.value(Settings.GENIE_FETCH_QUERY_RESULT));
        }

        /** Give up after this long without a final status (default 10 minutes): outcome TIMEOUT. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Fetch the query result after COMPLETED, as the UI does (default true). */
        public Builder fetchQueryResult(boolean fetch) {
            this.fetchQueryResult = fetch;
            return this;
        }

        /** Average time between two polls of one message (default 1 s). */
        public Builder pollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("poll interval must be positive");
            }
            this.pollInterval = interval;
            return this;
        }

        /** Time source and sleeper (default {@link Clock#SYSTEM}); tests pass a hand-moved clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public GenieClient build() {
            return new GenieClient(this);
        }
    }
}
