package io.geniejmeter.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieGetConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieGetMessageAttachmentQueryResultRequest;
import com.databricks.sdk.service.dashboards.GenieGetMessageQueryResultResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieQueryAttachment;
import com.databricks.sdk.service.dashboards.GenieService;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a Genie space one question and reports, exactly and honestly, what happened and how long it took.
 *
 * <p><b>What {@link #ask} does.</b> It starts a new conversation (or posts a follow-up into the given one), follows
 * the message with its own poll loop (never the SDK's waiter, whose growing sleeps of up to 10 s would inflate the
 * time) until a final status, then, by default, fetches the query result as the Genie UI does. It never throws for
 * an expected failure: every outcome is classified into a {@link GenieOutcome} (only COMPLETED is a success). No
 * retries happen anywhere (the SDK's are off, see {@link WorkspaceClients}): a 429 is reported as RATE_LIMITED, not
 * slept through.
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
 * figures; without time stamps the middle of that bracket is used, an error of at most half the poll gap.
 * {@link PollSchedule} polls about once per second on average (sparse early, dense near the learned end), which
 * keeps status changes and that fallback close to the truth without loading Genie. The reported
 * {@link GenieAnswer#latencyMs()} is what a user waits for the answer: that time to the final status plus the query
 * result fetch ({@link GenieAnswer#resultFetchMs()}, 0 when switched off); {@link GenieAnswer#timeToFinalMs()} is
 * the part up to the final status, the figure compared with the simulator's ground truth.
 *
 * <p><b>Interruption.</b> A thread interrupted while waiting between polls stops at once and gets an
 * {@link GenieOutcome#INTERRUPTED} answer with its interrupt flag still set. An HTTP call already in flight is not
 * cut short (the SDK's blocking I/O ignores interrupts); it returns within the HTTP timeout
 * ({@code GENIE_HTTP_TIMEOUT_SECONDS}) and then the answer is INTERRUPTED.
 *
 * <p><b>Threads.</b> One instance is meant to be shared by all threads of a test: {@link #ask} keeps its state on the
 * stack, the SDK client is thread-safe, and the shared {@link PollSchedule} learns typical durations from all of
 * them. There is no client-side queueing: size the {@link WorkspaceClient}'s pool with
 * {@link WorkspaceClients#create(GenieSettings, int)} to the thread count.
 */
public final class GenieClient {

    private static final Logger LOG = LoggerFactory.getLogger(GenieClient.class);

    private static final Set<MessageStatus> FINAL = Set.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);
    private static final String UNKNOWN_STATUS = "UNKNOWN";

    private final GenieService genie;
    private final String spaceId;
    private final long timeoutNanos;
    private final boolean fetchQueryResult;
    private final GenieClock clock;
    private final PollSchedule schedule;

    private GenieClient(Builder b) {
        this.genie = Objects.requireNonNull(b.genie, "genie service");
        this.spaceId = Objects.requireNonNull(b.spaceId, "space id");
        this.timeoutNanos = b.timeout.toNanos();
        this.fetchQueryResult = b.fetchQueryResult;
        this.clock = b.clock;
        this.schedule = new PollSchedule(b.pollInterval.toNanos());
    }

    /**
     * A client for the space {@code GENIE_SPACE_ID} of {@code settings}, with its timeout, poll interval and
     * result-fetch switch.
     *
     * @throws GenieSettingsException when the space id is missing or a setting is malformed
     */
    public static GenieClient create(WorkspaceClient workspace, GenieSettings settings) {
        return builder(workspace, settings.require(Settings.GENIE_SPACE_ID, "It is the last part of the space's URL (.../genie/rooms/<id>).")).settings(settings).build();
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
        return spaceId;
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
        return new Attempt(question, conversationIdOrNull).run();
    }

    /** Durations learned so far by the poll schedule (for tests and diagnostics). */
    int learnedDurations() {
        return schedule.learned();
    }

    /** Settings of a {@link GenieClient}; every default is the documented one. */
    public static final class Builder {
        private final GenieService genie;
        private final String spaceId;
        private Duration timeout = Duration.ofMinutes(10);
        private boolean fetchQueryResult = true;
        private Duration pollInterval = Duration.ofSeconds(1);
        private GenieClock clock = GenieClock.SYSTEM;

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

        /** Time source and sleeper (default {@link GenieClock#SYSTEM}); tests pass a fake. */
        public Builder clock(GenieClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public GenieClient build() {
            return new GenieClient(this);
        }
    }

    /** A status as first seen: the observation bracket (client nanos) and the server's time stamp with it. */
    private record Seen(String status, long notBeforeNanos, long notAfterNanos, Long serverTs) {
    }

    /** The state of one {@link #ask} call; confined to the asking thread. */
    private final class Attempt {
        private final String question;
        private final String givenConversationId;
        private long startedAtMs;
        private long sentNanos;
        private long postDoneNanos;
        private long minRoundTripNanos = Long.MAX_VALUE;
        private Long timeToFinalNanos;
        private String conversationId;
        private String messageId;
        private GenieMessage message;
        private Long createdTs;
        private final List<Seen> seen = new ArrayList<>();
        private long lastRequestStartNanos;
        private int polls;
        private long resultFetchNanos;
        private Long rowCount;

        Attempt(String question, String conversationId) {
            this.question = question;
            this.givenConversationId = conversationId;
            this.conversationId = conversationId;
        }

        GenieAnswer run() {
            startedAtMs = clock.currentTimeMillis();
            sentNanos = clock.nanoTime();
            try {
                send();
                if (messageId == null) {
                    return failure(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE", 0, "MALFORMED_RESPONSE",
                            "Genie answered the question without a message id");
                }
                long deadline = sentNanos + timeoutNanos;
                while (!isFinal()) {
                    long now = clock.nanoTime();
                    if (now - deadline >= 0) {
                        return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No final status after "
                                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s (last status " + lastStatus()
                                + "); the client timeout is GENIE_TIMEOUT_SECONDS");
                    }
                    long pollAt = sentNanos + schedule.nextPollAtNanos(now - sentNanos, polls);
                    clock.sleep(Math.min(pollAt, deadline) - now);
                    if (Thread.currentThread().isInterrupted()) {
                        return interrupted();
                    }
                    poll();
                    // A poll that already saw the final status keeps its answer even if the interrupt came meanwhile.
                    if (!isFinal() && Thread.currentThread().isInterrupted()) {
                        return interrupted();
                    }
                }
                return finished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return interrupted();
            } catch (RuntimeException e) {
                return classify(e);
            }
        }

        private void send() {
            long before = wireSequence();
            if (givenConversationId == null) {
                GenieStartConversationResponse response = genie.startConversation(
                        new GenieStartConversationMessageRequest().setSpaceId(spaceId).setContent(question));
                postDoneNanos = clock.nanoTime();
                useWireTimesOfPost(before);
                if (response == null) {
                    return;
                }
                conversationId = response.getConversationId();
                messageId = response.getMessageId();
                GenieMessage m = response.getMessage();
                if (m != null) {
                    conversationId = firstNonNull(conversationId, m.getConversationId());
                    messageId = firstNonNull(messageId, m.getMessageId(), m.getId());
                }
                observe(m, sentNanos, postDoneNanos);
            } else {
                GenieMessage m = genie.createMessage(new GenieCreateConversationMessageRequest()
                        .setSpaceId(spaceId).setConversationId(givenConversationId).setContent(question));
                postDoneNanos = clock.nanoTime();
                useWireTimesOfPost(before);
                if (m != null) {
                    messageId = firstNonNull(m.getMessageId(), m.getId());
                }
                observe(m, sentNanos, postDoneNanos);
            }
        }

        private void poll() {
            long start = clock.nanoTime();
            long before = wireSequence();
            polls++; // counted before the call: a failed poll was still a request on the wire
            GenieMessage m = genie.getMessage(new GenieGetConversationMessageRequest()
                    .setSpaceId(spaceId).setConversationId(conversationId).setMessageId(messageId));
            long end = clock.nanoTime();
            if (wireTimed(before)) {
                start = WireTiming.last().startNanos;
                end = WireTiming.last().endNanos;
            }
            observe(m, start, end);
        }

        /**
         * With the real clock and an SDK client from {@link WorkspaceClients}, the POST is timed on the wire:
         * latency starts when the question is handed to the connection, not when the SDK starts preparing it.
         */
        private void useWireTimesOfPost(long sequenceBefore) {
            if (wireTimed(sequenceBefore)) {
                sentNanos = WireTiming.last().startNanos;
                postDoneNanos = WireTiming.last().endNanos;
            }
        }

        private long wireSequence() {
            return WireTiming.last().sequence;
        }

        /** True when the call just made went through a {@link WireTiming} client on the {@link GenieClock#SYSTEM}. */
        private boolean wireTimed(long sequenceBefore) {
            return clock == GenieClock.SYSTEM && WireTiming.last().sequence > sequenceBefore;
        }

        /** Records a response: a new status opens a new {@link Seen} with its observation bracket. */
        private void observe(GenieMessage m, long requestStart, long responseEnd) {
            long previousRequestStart = seen.isEmpty() ? sentNanos : lastRequestStartNanos;
            lastRequestStartNanos = requestStart;
            minRoundTripNanos = Math.min(minRoundTripNanos, responseEnd - requestStart);
            if (m == null) {
                return;
            }
            message = m;
            if (createdTs == null) {
                createdTs = m.getCreatedTimestamp();
            }
            String status = statusName(m);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).status().equals(status)) {
                seen.add(new Seen(status, previousRequestStart, responseEnd, m.getLastUpdatedTimestamp()));
            }
        }

        private boolean isFinal() {
            return message != null && message.getStatus() != null && FINAL.contains(message.getStatus());
        }

        private String lastStatus() {
            return seen.isEmpty() ? "none" : seen.get(seen.size() - 1).status();
        }

        /**
         * Client-clock instant (nanos) taken as the message's creation: sending plus the one-way network delay,
         * estimated as half the quickest round trip of this question (POST or poll). Time the POST spent before
         * Genie created the message beyond that (the SDK's connection set-up, a busy load generator, an accept queue)
         * is not Genie's processing and is left out, so the latency matches what Genie itself took.
         */
        private long createdNanos() {
            long quickest = minRoundTripNanos == Long.MAX_VALUE ? postDoneNanos - sentNanos : minRoundTripNanos;
            return sentNanos + quickest / 2;
        }

        /**
         * Client-clock instant of a status change: creation plus the server's own {@code S - created}, kept within
         * what the polls saw (not after the response that first showed it, not before the last request that did
         * not, less the POST's duration, during which creation may have happened). Without time stamps: the middle
         * of that observation bracket.
         */
        private long instantOf(Seen s) {
            if (s.serverTs() != null && createdTs != null && s.serverTs() >= createdTs) {
                long estimate = createdNanos() + TimeUnit.MILLISECONDS.toNanos(s.serverTs() - createdTs);
                long earliest = s.notBeforeNanos() - (postDoneNanos - sentNanos);
                return Math.max(earliest, Math.min(s.notAfterNanos(), estimate));
            }
            return s.notBeforeNanos() + (s.notAfterNanos() - s.notBeforeNanos()) / 2;
        }

        private GenieAnswer finished() {
            Seen last = seen.get(seen.size() - 1);
            MessageStatus status = message.getStatus();
            Long serverMs = null;
            if (createdTs != null && last.serverTs() != null && last.serverTs() >= createdTs) {
                serverMs = last.serverTs() - createdTs;
            }
            long latencyNanos = instantOf(last) - sentNanos;
            timeToFinalNanos = latencyNanos;
            if (serverMs != null && (status == MessageStatus.COMPLETED || status == MessageStatus.FAILED)) {
                // only exact durations are learned: poll-bracket midpoints are too coarse to place dense polls
                schedule.record(TimeUnit.MILLISECONDS.toNanos(serverMs));
            }
            switch (status) {
                case COMPLETED -> {
                    GenieAnswer fetchFailure = fetchResultIfWanted(latencyNanos, serverMs);
                    if (fetchFailure != null) {
                        return fetchFailure;
                    }
                    return answer(GenieOutcome.COMPLETED, "COMPLETED", summary(), 0, null, latencyNanos, serverMs);
                }
                case FAILED -> {
                    String type = message.getError() == null || message.getError().getType() == null
                            ? null : message.getError().getType().name();
                    String text = message.getError() == null ? null : message.getError().getError();
                    boolean rateLimited = type != null && type.startsWith("RATE_LIMIT_EXCEEDED");
                    return answer(rateLimited ? GenieOutcome.RATE_LIMITED : GenieOutcome.FAILED,
                            type == null ? "FAILED" : type,
                            "Genie could not answer: " + (text == null ? "no error text" : text)
                                    + (type == null ? "" : " (" + type + ")"),
                            0, null, latencyNanos, serverMs);
                }
                case CANCELLED -> {
                    return answer(GenieOutcome.CANCELLED, "CANCELLED", "The message was cancelled", 0, null,
                            latencyNanos, serverMs);
                }
                default -> {
                    return answer(GenieOutcome.QUERY_RESULT_EXPIRED, "QUERY_RESULT_EXPIRED",
                            "The query result has expired", 0, null, latencyNanos, serverMs);
                }
            }
        }

        /** Fetches the query result as the UI would; returns a failed answer, or null when all went well. */
        private GenieAnswer fetchResultIfWanted(long latencyNanos, Long serverMs) {
            GenieAttachment attachment = queryAttachment();
            if (attachment != null && attachment.getQuery().getQueryResultMetadata() != null) {
                rowCount = attachment.getQuery().getQueryResultMetadata().getRowCount();
            }
            if (!fetchQueryResult || attachment == null || attachment.getAttachmentId() == null) {
                return null;
            }
            long start = clock.nanoTime();
            try {
                GenieGetMessageQueryResultResponse result = genie.getMessageAttachmentQueryResult(
                        new GenieGetMessageAttachmentQueryResultRequest().setSpaceId(spaceId)
                                .setConversationId(conversationId).setMessageId(messageId)
                                .setAttachmentId(attachment.getAttachmentId()));
                resultFetchNanos = clock.nanoTime() - start;
                StatementResponse statement = result == null ? null : result.getStatementResponse();
                if (statement != null) {
                    if (statement.getManifest() != null && statement.getManifest().getTotalRowCount() != null) {
                        rowCount = statement.getManifest().getTotalRowCount();
                    } else if (statement.getResult() != null && statement.getResult().getRowCount() != null) {
                        rowCount = statement.getResult().getRowCount();
                    }
                    StatementState state = statement.getStatus() == null ? null : statement.getStatus().getState();
                    if (state == StatementState.CLOSED) {
                        return answer(GenieOutcome.QUERY_RESULT_EXPIRED, "QUERY_RESULT_EXPIRED",
                                "The query result is no longer available (statement CLOSED)", 0, null,
                                latencyNanos, serverMs);
                    }
                    if (state == StatementState.FAILED || state == StatementState.CANCELED) {
                        String code = statement.getStatus().getError() != null
                                && statement.getStatus().getError().getErrorCode() != null
                                ? statement.getStatus().getError().getErrorCode().name() : "QUERY_" + state.name();
                        String text = statement.getStatus().getError() == null ? null
                                : statement.getStatus().getError().getMessage();
                        return answer(state == StatementState.CANCELED ? GenieOutcome.CANCELLED : GenieOutcome.FAILED,
                                state == StatementState.CANCELED ? "CANCELLED" : code,
                                "The query failed: " + (text == null ? state.name() : text), 0, null,
                                latencyNanos, serverMs);
                    }
                }
                return null;
            } catch (RuntimeException e) {
                resultFetchNanos = clock.nanoTime() - start;
                return classify(e);
            }
        }

        private GenieAttachment queryAttachment() {
            if (message.getAttachments() == null) {
                return null;
            }
            for (GenieAttachment a : message.getAttachments()) {
                if (a != null && a.getQuery() != null) {
                    return a;
                }
            }
            return null;
        }

        private String summary() {
            GenieAttachment q = queryAttachment();
            if (q != null) {
                return "Answered with a query" + (rowCount == null ? "" : " (" + rowCount + " rows)");
            }
            return "Answered with text";
        }

        private GenieAnswer interrupted() {
            Thread.currentThread().interrupt();
            return failure(GenieOutcome.INTERRUPTED, "INTERRUPTED", 0, null,
                    "Interrupted while waiting for Genie (last status " + lastStatus() + ")");
        }

        /** An answer for a failure that happened now (latency = time observed so far). */
        private GenieAnswer failure(GenieOutcome outcome, String code, int httpStatus, String errorCode, String text) {
            Long serverMs = null;
            if (createdTs != null && message != null && message.getLastUpdatedTimestamp() != null
                    && message.getLastUpdatedTimestamp() >= createdTs) {
                serverMs = message.getLastUpdatedTimestamp() - createdTs;
            }
            return answer(outcome, code, text, httpStatus, errorCode, clock.nanoTime() - sentNanos, serverMs);
        }

        private GenieAnswer classify(RuntimeException e) {
            DatabricksError error = find(e, DatabricksError.class);
            Throwable io = error != null && error.getCause() != null ? error.getCause() : null;
            if (io == null) {
                io = find(e, java.io.IOException.class);
            }
            if (io instanceof InterruptedIOException && !(io instanceof SocketTimeoutException)
                    && Thread.currentThread().isInterrupted()) {
                return interrupted();
            }
            if (io instanceof SocketTimeoutException || io instanceof ConnectTimeoutException) {
                return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No HTTP response in time ("
                        + io.getClass().getSimpleName() + "); the HTTP timeout is GENIE_HTTP_TIMEOUT_SECONDS");
            }
            if (io instanceof ConnectException || io instanceof HttpHostConnectException
                    || io instanceof NoHttpResponseException || io instanceof SocketException
                    || io instanceof UnknownHostException || io instanceof NoRouteToHostException
                    || io instanceof javax.net.ssl.SSLException
                    || (error != null && "IO_ERROR".equals(error.getErrorCode()) && io != null
                    && !(io instanceof JsonProcessingException))) {
                return failure(GenieOutcome.CONNECTION_ERROR, "CONNECTION_ERROR", 0, null,
                        "Connection failed: " + io.getClass().getSimpleName() + ": " + io.getMessage());
            }
            if (error != null && error.getStatusCode() >= 400 && !"IO_ERROR".equals(error.getErrorCode())) {
                int status = error.getStatusCode();
                String code = error.getErrorCode();
                boolean rateLimited = status == 429 || "REQUEST_LIMIT_EXCEEDED".equals(code);
                String text = "HTTP " + status + (code == null ? "" : " " + code) + ": " + error.getMessage();
                return failure(rateLimited ? GenieOutcome.RATE_LIMITED : GenieOutcome.HTTP_ERROR,
                        rateLimited ? "429" : Integer.toString(status), status, code, text);
            }
            if (find(e, JsonProcessingException.class) != null || error != null) {
                return failure(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE", error == null ? 0 : error.getStatusCode(),
                        "MALFORMED_RESPONSE", "Unreadable response from Genie: " + e.getMessage());
            }
            LOG.warn("Unexpected error while asking Genie (message {}): {}", messageId, e.toString());
            return failure(GenieOutcome.HTTP_ERROR, "CLIENT_EXCEPTION", 0, "CLIENT_EXCEPTION",
                    "Unexpected client error: " + e);
        }

        private GenieAnswer answer(GenieOutcome outcome, String code, String text, int httpStatus, String errorCode,
                                   long latencyNanos, Long serverMs) {
            // once the final status is known, latency = exact time to it + the result fetch (what the user waits)
            long reportedNanos = timeToFinalNanos != null ? timeToFinalNanos + resultFetchNanos : latencyNanos;
            Map<String, Long> statusMs = new LinkedHashMap<>();
            Long firstChangeMs = null;
            if (!seen.isEmpty()) {
                long previous = createdTs != null ? createdNanos() : seen.get(0).notBeforeNanos();
                for (int i = 0; i < seen.size(); i++) {
                    long at = i == 0 ? previous : instantOf(seen.get(i));
                    if (i > 0) {
                        statusMs.merge(seen.get(i - 1).status(), toMillis(at - previous), Long::sum);
                        if (firstChangeMs == null) {
                            firstChangeMs = toMillis(at - sentNanos);
                        }
                    }
                    previous = at;
                }
                if (outcome != GenieOutcome.COMPLETED && !isFinal()) {
                    // the last status is still running: count its time up to now
                    statusMs.merge(lastStatus(), toMillis(sentNanos + latencyNanos - previous), Long::sum);
                }
            }
            String errorType = message != null && message.getError() != null && message.getError().getType() != null
                    ? message.getError().getType().name() : null;
            GenieQueryAttachment query = message == null || queryAttachment() == null ? null
                    : queryAttachment().getQuery();
            String textContent = null;
            if (message != null && message.getAttachments() != null) {
                for (GenieAttachment a : message.getAttachments()) {
                    if (a != null && a.getText() != null && a.getText().getContent() != null) {
                        textContent = a.getText().getContent();
                        break;
                    }
                }
            }
            return new GenieAnswer(outcome, code, text, conversationId, messageId,
                    message == null ? null : statusName(message), errorType, httpStatus, errorCode,
                    query == null ? null : query.getQuery(), query == null ? null : query.getDescription(),
                    query == null ? null : query.getStatementId(), rowCount, textContent,
                    startedAtMs, toMillis(reportedNanos), serverMs, firstChangeMs, statusMs, polls,
                    toMillis(resultFetchNanos));
        }
    }

    private static String statusName(GenieMessage m) {
        return m.getStatus() == null ? UNKNOWN_STATUS : m.getStatus().name();
    }

    private static long toMillis(long nanos) {
        return Math.max(0, Math.round(nanos / 1_000_000.0));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
