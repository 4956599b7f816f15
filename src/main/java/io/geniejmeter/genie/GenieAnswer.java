package io.geniejmeter.genie;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened when one question was asked, and how long it took. Produced by {@link GenieClient#ask}; never
 * contains a secret. Times are milliseconds; nullable fields are {@code null} when the information was not available
 * (for example no message was created because the POST failed). The details come in four named parts; the flat
 * accessors below ({@link #conversationId()}, {@link #latencyMs()}, ...) read through to them.
 *
 * @param outcome         the classification; only {@link GenieOutcome#COMPLETED} is a success
 * @param responseCode    short code for result files: "COMPLETED", the FAILED error type (e.g.
 *                        "SQL_EXECUTION_EXCEPTION", or "FAILED" when Genie gave none), "CANCELLED",
 *                        "QUERY_RESULT_EXPIRED", "429" or the {@code RATE_LIMIT_EXCEEDED_*} type, the HTTP status as
 *                        text ("500"), "TIMEOUT", "CONNECTION_ERROR", "CLIENT_LOST_RESPONSE", "INTERRUPTED",
 *                        "MALFORMED_RESPONSE", "CLIENT_EXCEPTION"
 * @param responseMessage one human-readable line: Genie's error text, the HTTP error message, or a summary
 * @param message         which Genie message this was and its last status
 * @param error           the details of a failure (all empty for a success)
 * @param content         what Genie answered: SQL, rows, text
 * @param timing          when it was asked and how long each part took
 * @param cacheUse        which path answered: Genie itself, or a cache chain's hit or miss
 */
public record GenieAnswer(GenieOutcome outcome, String responseCode, String responseMessage, Message message,
                          ErrorDetail error, Content content, Timing timing, CacheUse cacheUse) {

    /** An answer with no cache in front ({@link CacheUse#NONE}), as {@link GenieClient} gives. */
    public GenieAnswer(GenieOutcome outcome, String responseCode, String responseMessage, Message message,
                       ErrorDetail error, Content content, Timing timing) {
        this(outcome, responseCode, responseMessage, message, error, content, timing, CacheUse.NONE);
    }

    /**
     * Which path answered, and for a semantic hit what it matched, so users can judge false hits.
     *
     * @param requestType        the path; {@link RequestType#GENIE} when no cache is in front
     * @param matchedQuestion    for a semantic hit, the cached question whose SQL was re-run; else null
     * @param questionSimilarity for a semantic hit, cosine similarity of the two questions (-1..1); else null
     * @param contextSimilarity  for a semantic hit, cosine similarity of the two conversation contexts; else null
     * @param cacheErrors        failures of the cache itself (embedding endpoint, semantic store) while answering
     *                           this question, each followed by Genie; what {@code test_complete}'s
     *                           {@code cache_errors} counts, so that a distributed run can sum it from the results
     */
    public record CacheUse(RequestType requestType, String matchedQuestion, Double questionSimilarity,
                           Double contextSimilarity, int cacheErrors) {
        /** No cache in front: the standard load test. */
        public static final CacheUse NONE = new CacheUse(RequestType.GENIE, null, null, null);
        /** A cache chain missed and asked Genie. */
        public static final CacheUse LIVE = new CacheUse(RequestType.GENIE_LIVE, null, null, null);
        /** A cache chain found the exact question. */
        public static final CacheUse LRU_HIT = new CacheUse(RequestType.GENIE_LRU_HIT, null, null, null);

        public CacheUse {
            Objects.requireNonNull(requestType, "requestType");
            if (cacheErrors < 0) {
                throw new IllegalArgumentException("cacheErrors must not be negative: " + cacheErrors);
            }
        }

        /** A path with no cache failure while answering. */
        public CacheUse(RequestType requestType, String matchedQuestion, Double questionSimilarity,
                        Double contextSimilarity) {
            this(requestType, matchedQuestion, questionSimilarity, contextSimilarity, 0);
        }

        /** A semantic hit on {@code matchedQuestion} with these similarities. */
        public static CacheUse semanticHit(String matchedQuestion, double questionSimilarity,
                                           double contextSimilarity) {
            return new CacheUse(RequestType.GENIE_SEMANTIC_HIT, Objects.requireNonNull(matchedQuestion),
                    questionSimilarity, contextSimilarity);
        }

        /** The same path with {@code count} cache failures on the way. */
        public CacheUse withCacheErrors(int count) {
            return count == cacheErrors ? this
                    : new CacheUse(requestType, matchedQuestion, questionSimilarity, contextSimilarity, count);
        }
    }

    /**
     * The Genie message asked.
     *
     * @param conversationId the Genie conversation (new or the given one); null if none was created
     * @param messageId      the Genie message; null if none was created
     * @param status         the last message status seen (e.g. "COMPLETED", "ASKING_AI"); null if none
     */
    public record Message(String conversationId, String messageId, String status) {
        /** No message was created. */
        public static final Message NONE = new Message(null, null, null);
    }

    /**
     * Why an answer failed.
     *
     * @param errorType  Genie's {@code error.type} of a FAILED message, else null
     * @param httpStatus HTTP status of the failing call, 0 when no HTTP error happened
     * @param errorCode  the failing call's {@code error_code} (e.g. "REQUEST_LIMIT_EXCEEDED"), else null
     */
    public record ErrorDetail(String errorType, int httpStatus, String errorCode) {
        /** Nothing failed. */
        public static final ErrorDetail NONE = new ErrorDetail(null, 0, null);
    }

    /**
     * What Genie answered.
     *
     * @param sql         the generated SQL of the query attachment, else null
     * @param description the query attachment's description, else null
     * @param statementId the statement id of the query, else null
     * @param rowCount    rows in the fetched (or described) query result, else null
     * @param text        the text attachment's content, else null
     */
    public record Content(String sql, String description, String statementId, Long rowCount, String text) {
        /** Nothing was answered. */
        public static final Content NONE = new Content(null, null, null, null, null);
    }

    /**
     * When the question was asked and how long it took.
     *
     * @param startedAtMs         epoch ms (client clock) when the question was sent
     * @param latencyMs           end-to-end response time, what a user waits for the answer: from the question on
     *                            the wire until the final status (from the message's own time stamps plus the one-way
     *                            network delay, see {@link GenieClient}), plus the result fetch when enabled; for a
     *                            failure before the final status, the time until the failure was seen
     * @param serverMs            server processing time from the message's own time stamps
     *                            ({@code last_updated_timestamp - created_timestamp}), else null
     * @param firstStatusChangeMs from sending the question until the first status after the initial one began, else
     *                            null
     * @param statusMs            time spent in each status, in the order seen (client-observed, server-corrected)
     * @param polls               number of GET message calls made (retries of failed polls included)
     * @param resultFetchMs       duration of the query-result fetch (of the attempt that succeeded, when a failed
     *                            one was retried), 0 when none was made
     * @param pollErrors          polls and result fetches that failed (HTTP 5xx, dropped connection, timeout) and
     *                            were retried, or, at the deadline, given up on
     */
    public record Timing(long startedAtMs, long latencyMs, Long serverMs, Long firstStatusChangeMs,
                         Map<String, Long> statusMs, int polls, long resultFetchMs, int pollErrors) {
        public Timing {
            statusMs = statusMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(statusMs));
        }

        /** Timing of an answer whose polls and fetches all succeeded (or that made none). */
        public Timing(long startedAtMs, long latencyMs, Long serverMs, Long firstStatusChangeMs,
                      Map<String, Long> statusMs, int polls, long resultFetchMs) {
            this(startedAtMs, latencyMs, serverMs, firstStatusChangeMs, statusMs, polls, resultFetchMs, 0);
        }
    }

    public GenieAnswer {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? Message.NONE : message;
        error = error == null ? ErrorDetail.NONE : error;
        content = content == null ? Content.NONE : content;
        Objects.requireNonNull(timing, "timing");
        cacheUse = cacheUse == null ? CacheUse.NONE : cacheUse;
    }

    /** See {@link CacheUse#requestType()}. */
    public RequestType requestType() {
        return cacheUse.requestType();
    }

    /** Time until Genie reported the final status: {@link #latencyMs()} without the result fetch. */
    public long timeToFinalMs() {
        return Math.max(0, timing.latencyMs() - timing.resultFetchMs());
    }

    /** True only when the outcome is {@link GenieOutcome#COMPLETED}. */
    public boolean success() {
        return outcome.success();
    }

    /** See {@link Message#conversationId()}. */
    public String conversationId() {
        return message.conversationId();
    }

    /** See {@link Message#messageId()}. */
    public String messageId() {
        return message.messageId();
    }

    /** See {@link Message#status()}. */
    public String status() {
        return message.status();
    }

    /** See {@link ErrorDetail#errorType()}. */
    public String errorType() {
        return error.errorType();
    }

    /** See {@link ErrorDetail#httpStatus()}. */
    public int httpStatus() {
        return error.httpStatus();
    }

    /** See {@link ErrorDetail#errorCode()}. */
    public String errorCode() {
        return error.errorCode();
    }

    /** See {@link Content#sql()}. */
    public String sql() {
        return content.sql();
    }

    /** See {@link Content#description()}. */
    public String description() {
        return content.description();
    }

    /** See {@link Content#statementId()}. */
    public String statementId() {
        return content.statementId();
    }

    /** See {@link Content#rowCount()}. */
    public Long rowCount() {
        return content.rowCount();
    }

    /** See {@link Content#text()}. */
    public String text() {
        return content.text();
    }

    /** See {@link Timing#startedAtMs()}. */
    public long startedAtMs() {
        return timing.startedAtMs();
    }

    /** See {@link Timing#latencyMs()}. */
    public long latencyMs() {
        return timing.latencyMs();
    }

    /** See {@link Timing#serverMs()}. */
    public Long serverMs() {
        return timing.serverMs();
    }

    /** See {@link Timing#firstStatusChangeMs()}. */
    public Long firstStatusChangeMs() {
        return timing.firstStatusChangeMs();
    }

    /** See {@link Timing#statusMs()}. */
    public Map<String, Long> statusMs() {
        return timing.statusMs();
    }

    /** See {@link Timing#polls()}. */
    public int polls() {
        return timing.polls();
    }

    /** See {@link Timing#pollErrors()}. */
    public int pollErrors() {
        return timing.pollErrors();
    }

    /** See {@link Timing#resultFetchMs()}. */
    public long resultFetchMs() {
        return timing.resultFetchMs();
    }
}
