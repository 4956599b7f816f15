package io.geniejmeter.genie;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened when one question was asked, and how long it took. Produced by {@link GenieClient#ask}; never
 * contains a secret. Times are milliseconds; nullable fields are {@code null} when the information was not available
 * (for example no message was created because the POST failed).
 *
 * @param outcome             the classification; only {@link GenieOutcome#COMPLETED} is a success
 * @param responseCode        short code for result files: "COMPLETED", the FAILED error type (e.g.
 *                            "SQL_EXECUTION_EXCEPTION", or "FAILED" when Genie gave none), "CANCELLED",
 *                            "QUERY_RESULT_EXPIRED", "429" or the {@code RATE_LIMIT_EXCEEDED_*} type, the HTTP status
 *                            as text ("500"), "TIMEOUT", "CONNECTION_ERROR", "INTERRUPTED"
 * @param responseMessage     one human-readable line: Genie's error text, the HTTP error message, or a summary
 * @param conversationId      the Genie conversation (new or the given one); null if none was created
 * @param messageId           the Genie message; null if none was created
 * @param status              the last message status seen (e.g. "COMPLETED", "ASKING_AI"); null if none
 * @param errorType           Genie's {@code error.type} of a FAILED message, else null
 * @param httpStatus          HTTP status of the failing call, 0 when no HTTP error happened
 * @param errorCode           the failing call's {@code error_code} (e.g. "REQUEST_LIMIT_EXCEEDED"), else null
 * @param sql                 the generated SQL of the query attachment, else null
 * @param description         the query attachment's description, else null
 * @param statementId         the statement id of the query, else null
 * @param rowCount            rows in the fetched (or described) query result, else null
 * @param text                the text attachment's content, else null
 * @param startedAtMs         epoch ms (client clock) when the question was sent
 * @param latencyMs           end-to-end response time, what a user waits for the answer: from the question on the
 *                            wire until the final status (from the message's own time stamps plus the one-way
 *                            network delay, see {@link GenieClient}), plus the result fetch when enabled; for a
 *                            failure before the final status, the time until the failure was seen
 * @param serverMs            server processing time from the message's own timestamps
 *                            ({@code last_updated_timestamp - created_timestamp}), else null
 * @param firstStatusChangeMs from sending the question until the first status after the initial one was seen
 * @param statusMs            time spent in each status, in the order seen (client-observed, server-corrected)
 * @param polls               number of GET message calls made
 * @param resultFetchMs       duration of the query-result fetch, 0 when none was made
 */
public record GenieAnswer(GenieOutcome outcome, String responseCode, String responseMessage, String conversationId,
                          String messageId, String status, String errorType, int httpStatus, String errorCode,
                          String sql, String description, String statementId, Long rowCount, String text,
                          long startedAtMs, long latencyMs, Long serverMs, Long firstStatusChangeMs,
                          Map<String, Long> statusMs, int polls, long resultFetchMs) {

    public GenieAnswer {
        statusMs = statusMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(statusMs));
    }

    /** Time until Genie reported the final status: {@link #latencyMs()} without the result fetch. */
    public long timeToFinalMs() {
        return Math.max(0, latencyMs - resultFetchMs);
    }

    /** True only when the outcome is {@link GenieOutcome#COMPLETED}. */
    public boolean success() {
        return outcome.success();
    }
}
