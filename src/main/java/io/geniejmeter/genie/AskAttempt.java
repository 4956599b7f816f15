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
            if (messageId == null) {
                return failure(GenieOutcome.HTTP_ERROR, "MALFORMED_RESPONSE", 0, "MALFORMED_RESPONSE",
                        "Genie answered the question without a message id");
            }
            long sentNanos = timeline.sentNanos();
            long deadline = sentNanos + setup.timeoutNanos();
            while (!isFinal()) {
                long now = clock.nanoTime();
                if (now - deadline >= 0) {
                    return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No final status after "
                            + TimeUnit.NANOSECONDS.toSeconds(setup.timeoutNanos()) + " s (last status "
                            + timeline.lastStatus() + "); the client timeout is GENIE_TIMEOUT_SECONDS");
                }
                long pollAt = sentNanos + setup.schedule().nextPollAtNanos(now - sentNanos, polls);
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

    private GenieAnswer finished() {
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

    /** Fetches the query result as the UI would; returns a failed answer, or null when all went well. */
    private GenieAnswer fetchResultIfWanted(long latencyNanos, Long serverMs) {
        GenieAttachment attachment = GenieMessages.queryAttachment(message);
        if (attachment != null && attachment.getQuery().getQueryResultMetadata() != null) {
            rowCount = attachment.getQuery().getQueryResultMetadata().getRowCount();
        }
        if (!setup.fetchQueryResult() || attachment == null || attachment.getAttachmentId() == null) {
            return null;
        }
        long start = clock.nanoTime();
        try {
            GenieGetMessageQueryResultResponse result = setup.genie().getMessageAttachmentQueryResult(
                    new GenieGetMessageAttachmentQueryResultRequest().setSpaceId(setup.spaceId())
                            .setConversationId(conversationId).setMessageId(messageId)
                            .setAttachmentId(attachment.getAttachmentId()));
            resultFetchNanos = clock.nanoTime() - start;
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
        } catch (RuntimeException e) {
            resultFetchNanos = clock.nanoTime() - start;
            return classify(e);
        }
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
        return answer(outcome, code, text, httpStatus, errorCode, clock.nanoTime() - timeline.sentNanos(),
                timeline.serverMsToLatestUpdate());
    }

    /** The answer for an SDK call that threw, per the shared {@link SdkFailure} classification. */
    private GenieAnswer classify(RuntimeException e) {
        SdkFailure failure = SdkFailure.classify(e);
        Throwable io = failure.ioCause();
        switch (failure.kind()) {
            case INTERRUPTED -> {
                return interrupted();
            }
            case TIMEOUT -> {
                return failure(GenieOutcome.TIMEOUT, "TIMEOUT", 0, null, "No HTTP response in time ("
                        + io.getClass().getSimpleName() + "); the HTTP timeout is GENIE_HTTP_TIMEOUT_SECONDS");
            }
            case UNKNOWN_HOST, CONNECTION -> {
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
                        StatusTimeline.toMillis(resultFetchNanos)));
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
