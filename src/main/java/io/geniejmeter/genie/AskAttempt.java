package io.geniejmeter.genie;

import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieGetConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieGetMessageAttachmentQueryResultRequest;
import com.databricks.sdk.service.dashboards.GenieGetMessageQueryResultResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieService;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.geniejmeter.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link GenieClient#ask} call: the SDK calls (POST, polls, result fetch), the poll loop, and turning what
 * happened into a {@link GenieAnswer}. The timing arithmetic lives in {@link StatusTimeline}, the classification of
 * SDK failures in {@link SdkFailure}. Confined to the asking thread; only the shared {@link PollSchedule} is touched
 * by other threads too (it is thread-safe).
 */
final class AskAttempt {

    /** What every attempt of one {@link GenieClient} shares. */
    record Setup(GenieService genie, String spaceId, long timeoutNanos, boolean fetchQueryResult, Clock clock,
                 PollSchedule schedule) {
    }

    /** Logs under the public class's name, which log configurations and users know. */
    private static final Logger LOG = LoggerFactory.getLogger(GenieClient.class);

    /** Shortest wait before a failed poll or result fetch is repeated. */
    private static final long MIN_RETRY_BACKOFF_NANOS = 20_000_000L;

    /** Response code of {@link GenieOutcome#LOST_RESPONSE}: a client-side failure, not Genie's verdict. */
    static final String LOST_RESPONSE_CODE = "CLIENT_LOST_RESPONSE";

    private static final Set<MessageStatus> FINAL = Set.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);

    private final Setup setup;
    private final Clock clock;
    private final String question;
    private final String givenConversationId;
    private String conversationId;
    private String messageId;
    private GenieMessage message;
    private StatusTimeline timeline;
    private long startedAtMs;
    private Long timeToFinalNanos;
    private int polls;
    private int pollErrors;
    /** True once the question's POST was answered: a lost response after that is only a failed read. */
    private boolean posted;
    private long deadlineNanos;
    /** True when the answer gives up on reads that failed until the deadline (its text says so). */
    private boolean retriesGivenUp;
    private long resultFetchNanos;
    private Long rowCount;

    AskAttempt(Setup setup, String question, String conversationId) {
        this.setup = setup;
        this.clock = setup.clock();
        this.question = question;
        this.givenConversationId = conversationId;
        this.conversationId = conversationId;
    }

    GenieAnswer run() {
        startedAtMs = clock.wallMillis();
        timeline = new StatusTimeline(clock.nanoTime());
        try {
            send();
            posted = true;
            if (messageId == null) {
                return failure(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE", 0, "MALFORMED_RESPONSE",
                        "Genie answered the question without a message id");
            }
            long sentNanos = timeline.sentNanos();
            deadlineNanos = sentNanos + setup.timeoutNanos();
            int failedInARow = 0;
            RuntimeException lastFailure = null;
            while (!isFinal()) {
                long now = clock.nanoTime();
                if (now - deadlineNanos >= 0) {
                    if (lastFailure != null) {
                        return gaveUp(lastFailure);
                    }
                    return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No final status after "
                            + TimeUnit.NANOSECONDS.toSeconds(setup.timeoutNanos()) + " s (last status "
                            + timeline.lastStatus() + "); the client timeout is GENIE_TIMEOUT_SECONDS");
                }
                long pollAt = failedInARow > 0 ? now + retryBackoffNanos(failedInARow)
                        : sentNanos + setup.schedule().nextPollAtNanos(now - sentNanos, polls);
                clock.sleep(Math.min(pollAt, deadlineNanos) - now);
                if (Thread.currentThread().isInterrupted()) {
                    return interrupted();
                }
                try {
                    poll();
                    failedInARow = 0;
                    lastFailure = null;
                } catch (RuntimeException e) {
                    if (!retryable(e)) {
                        throw e;
                    }
                    failedInARow++;
                    lastFailure = e;
                }
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

    /**
     * True when a failed poll or result fetch is to be repeated: a transient failure ({@link
     * SdkFailure#transientFailure()}) of a thread not being stopped. Counts it as a poll error.
     */
    private boolean retryable(RuntimeException e) {
        if (Thread.currentThread().isInterrupted() || !SdkFailure.classify(e).transientFailure()) {
            return false;
        }
        pollErrors++;
        LOG.debug("Retrying a failed read of message {} ({} so far): {}", messageId, pollErrors, e.toString());
        return true;
    }

    /**
     * Wait before repeating a failed read: a quarter of the poll interval (250 ms by default), doubling with each
     * failure in a row up to two intervals, so a short fault costs little time and a long outage little load.
     */
    private long retryBackoffNanos(int failedInARow) {
        long interval = setup.schedule().intervalNanos();
        long first = Math.max(MIN_RETRY_BACKOFF_NANOS, interval / 4);
        return Math.min(2 * interval, first << Math.min(failedInARow - 1, 8));
    }

    /** The answer when the deadline came while reads kept failing: the last failure, saying it was retried. */
    private GenieAnswer gaveUp(RuntimeException lastFailure) {
        retriesGivenUp = true;
        return classify(lastFailure);
    }

    private void send() {
        long sentNanos = timeline.sentNanos();
        long before = wireSequence();
        GenieMessage m;
        if (givenConversationId == null) {
            GenieStartConversationResponse response = setup.genie().startConversation(
                    new GenieStartConversationMessageRequest().setSpaceId(setup.spaceId()).setContent(question));
            postAnswered(before, sentNanos, clock.nanoTime());
            if (response == null) {
                return;
            }
            conversationId = response.getConversationId();
            messageId = response.getMessageId();
            m = response.getMessage();
            if (m != null) {
                conversationId = firstNonNull(conversationId, m.getConversationId());
                messageId = firstNonNull(messageId, m.getMessageId(), m.getId());
            }
        } else {
            m = setup.genie().createMessage(new GenieCreateConversationMessageRequest().setSpaceId(setup.spaceId())
                    .setConversationId(givenConversationId).setContent(question));
            postAnswered(before, sentNanos, clock.nanoTime());
            if (m != null) {
                messageId = firstNonNull(m.getMessageId(), m.getId());
            }
        }
        observe(m, timeline.sentNanos(), timeline.postDoneNanos());
    }

    /**
     * With an SDK client from {@link WorkspaceClients} (wire-timed on this client's clock), the POST is timed on the
     * wire: latency starts when the question is handed to the connection, not when the SDK starts preparing it.
     */
    private void postAnswered(long sequenceBefore, long sentNanos, long doneNanos) {
        if (wireTimed(sequenceBefore)) {
            sentNanos = WireTiming.last().startNanos;
            doneNanos = WireTiming.last().endNanos;
        }
        timeline.postAnswered(sentNanos, doneNanos);
    }

    private void poll() {
        long start = clock.nanoTime();
        long before = wireSequence();
        polls++; // counted before the call: a failed poll was still a request on the wire
        GenieMessage m = setup.genie().getMessage(new GenieGetConversationMessageRequest()
                .setSpaceId(setup.spaceId()).setConversationId(conversationId).setMessageId(messageId));
        long end = clock.nanoTime();
        if (wireTimed(before)) {
            start = WireTiming.last().startNanos;
            end = WireTiming.last().endNanos;
        }
        observe(m, start, end);
    }

    private long wireSequence() {
        return WireTiming.last().sequence;
    }

    /** True when the call just made went through a {@link WireTiming} client reading this client's clock. */
    private boolean wireTimed(long sequenceBefore) {
        WireTiming.Last last = WireTiming.last();
        return last.sequence > sequenceBefore && last.clock == clock;
    }

    private void observe(GenieMessage m, long requestStart, long responseEnd) {
        if (m == null) {
            timeline.observe(requestStart, responseEnd, null, null, null);
            return;
        }
        message = m;
        timeline.observe(requestStart, responseEnd, GenieMessages.statusName(m), m.getCreatedTimestamp(),
                m.getLastUpdatedTimestamp());
    }

    private boolean isFinal() {
        return message != null && message.getStatus() != null && FINAL.contains(message.getStatus());
    }

    private GenieAnswer finished() throws InterruptedException {
        MessageStatus status = message.getStatus();
        Long serverMs = timeline.serverMsToLastStatus();
        long latencyNanos = timeline.timeToLastStatusNanos();
        timeToFinalNanos = latencyNanos;
        if (serverMs != null && (status == MessageStatus.COMPLETED || status == MessageStatus.FAILED)) {
            // only exact durations are learned: poll-bracket midpoints are too coarse to place dense polls
            setup.schedule().record(TimeUnit.MILLISECONDS.toNanos(serverMs));
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
                String type = GenieMessages.errorType(message);
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

    /**
     * Fetches the query result as the UI would; returns a failed answer, or null when all went well. A fetch that
     * fails transiently is repeated until the question's deadline; the time reported is that of the fetch that
     * succeeded (the failed ones are counted in {@link GenieAnswer#pollErrors()}).
     */
    private GenieAnswer fetchResultIfWanted(long latencyNanos, Long serverMs) throws InterruptedException {
        GenieAttachment attachment = GenieMessages.queryAttachment(message);
        if (attachment != null && attachment.getQuery().getQueryResultMetadata() != null) {
            rowCount = attachment.getQuery().getQueryResultMetadata().getRowCount();
        }
        if (!setup.fetchQueryResult() || attachment == null || attachment.getAttachmentId() == null) {
            return null;
        }
        GenieGetMessageQueryResultResponse result = null;
        for (int failedInARow = 0; ; ) {
            long start = clock.nanoTime();
            try {
                result = setup.genie().getMessageAttachmentQueryResult(
                        new GenieGetMessageAttachmentQueryResultRequest().setSpaceId(setup.spaceId())
                                .setConversationId(conversationId).setMessageId(messageId)
                                .setAttachmentId(attachment.getAttachmentId()));
                resultFetchNanos = clock.nanoTime() - start;
                break;
            } catch (RuntimeException e) {
                resultFetchNanos = clock.nanoTime() - start;
                if (!retryable(e)) {
                    return classify(e);
                }
                failedInARow++;
                long now = clock.nanoTime();
                long retryAt = now + retryBackoffNanos(failedInARow);
                if (retryAt - deadlineNanos >= 0) {
                    return gaveUp(e);
                }
                clock.sleep(retryAt - now);
                if (Thread.currentThread().isInterrupted()) {
                    return interrupted();
                }
            }
        }
        StatementResponse statement = result == null ? null : result.getStatementResponse();
        if (statement == null) {
            return null;
        }
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
        return null;
    }

    private String summary() {
        if (GenieMessages.queryAttachment(message) != null) {
            return "Answered with a query" + (rowCount == null ? "" : " (" + rowCount + " rows)");
        }
        return "Answered with text";
    }

    private GenieAnswer interrupted() {
        Thread.currentThread().interrupt();
        return failure(GenieOutcome.INTERRUPTED, "INTERRUPTED", 0, null,
                "Interrupted while waiting for Genie (last status " + timeline.lastStatus() + ")");
    }

    /** An answer for a failure that happened now (latency = time observed so far). */
    private GenieAnswer failure(GenieOutcome outcome, String code, int httpStatus, String errorCode, String text) {
        String said = !retriesGivenUp ? text : text + " (" + pollErrors + " failed polls or result fetches, retried"
                + " until the client timeout GENIE_TIMEOUT_SECONDS; last status " + timeline.lastStatus() + ")";
        return answer(outcome, code, said, httpStatus, errorCode, clock.nanoTime() - timeline.sentNanos(),
                timeline.serverMsToLatestUpdate());
    }

    /** The answer for an SDK call that threw, per the shared {@link SdkFailure} classification. */
    private GenieAnswer classify(RuntimeException e) {
        SdkFailure failure = SdkFailure.classify(e);
        Throwable io = failure.ioCause();
        if (failure.ioFailure() && Thread.currentThread().isInterrupted()) {
            return interrupted(); // a call aborted because the test stops (AbortableHttpClient)
        }
        switch (failure.kind()) {
            case INTERRUPTED -> {
                return interrupted();
            }
            case TIMEOUT -> {
                return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No HTTP response in time ("
                        + io.getClass().getSimpleName() + "); the HTTP timeout is GENIE_HTTP_TIMEOUT_SECONDS");
            }
            case UNKNOWN_HOST, CONNECTION -> {
                if (!posted && failure.requestMayHaveArrived()) {
                    return failure(GenieOutcome.LOST_RESPONSE, LOST_RESPONSE_CODE, 0, null, "The response to the"
                            + " question was lost (" + io.getClass().getSimpleName() + ": " + io.getMessage()
                            + "): whether Genie received the question cannot be known");
                }
                return failure(GenieOutcome.CONNECTION_ERROR, "CONNECTION_ERROR", 0, null,
                        "Connection failed: " + io.getClass().getSimpleName() + ": " + io.getMessage());
            }
            case THROTTLED, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, UNAVAILABLE, HTTP_ERROR -> {
                int status = failure.httpStatus();
                String code = failure.errorCode();
                boolean rateLimited = failure.kind() == SdkFailure.Kind.THROTTLED;
                String text = "HTTP " + status + (code == null ? "" : " " + code) + ": " + failure.errorText();
                return failure(rateLimited ? GenieOutcome.RATE_LIMITED : GenieOutcome.HTTP_ERROR,
                        rateLimited ? "429" : Integer.toString(status), status, code, text);
            }
            case MALFORMED_RESPONSE -> {
                return failure(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE", failure.httpStatus(),
                        "MALFORMED_RESPONSE", "Unreadable response from Genie: " + e.getMessage());
            }
            default -> {
                LOG.warn("Unexpected error while asking Genie (message {}): {}", messageId, e.toString());
                return failure(GenieOutcome.HTTP_ERROR, "CLIENT_EXCEPTION", 0, "CLIENT_EXCEPTION",
                        "Unexpected client error: " + e);
            }
        }
    }

    private GenieAnswer answer(GenieOutcome outcome, String code, String text, int httpStatus, String errorCode,
                               long latencyNanos, Long serverMs) {
        // once the final status is known, latency = exact time to it + the result fetch (what the user waits)
        long reportedNanos = timeToFinalNanos != null ? timeToFinalNanos + resultFetchNanos : latencyNanos;
        // a status still running when the answer was given up counts its time up to now
        StatusTimeline.StatusSpans spans = timeline.spans(isFinal() ? null : timeline.sentNanos() + latencyNanos);
        return new GenieAnswer(outcome, code, text,
                new GenieAnswer.Message(conversationId, messageId,
                        message == null ? null : GenieMessages.statusName(message)),
                new GenieAnswer.ErrorDetail(GenieMessages.errorType(message), httpStatus, errorCode),
                message == null ? GenieAnswer.Content.NONE : GenieMessages.content(message, rowCount),
                new GenieAnswer.Timing(startedAtMs, StatusTimeline.toMillis(reportedNanos), serverMs,
                        spans.firstStatusChangeMs(), spans.millisPerStatus(), polls,
                        StatusTimeline.toMillis(resultFetchNanos), pollErrors));
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
}
