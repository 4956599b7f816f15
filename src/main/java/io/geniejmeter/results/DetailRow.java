package io.geniejmeter.results;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GeniePhase;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * One row of {@code detailed_metrics.csv} being filled in: values by {@link DetailColumns column name}, as the text
 * written to the file (absent values are empty, never "null"). Filled in steps by whoever knows a part: the answer
 * ({@link #answer}), the sampler (question, source ids, user), the listener (times, success, active users, run id).
 *
 * <p>Serializable, because it travels inside a sample from a jmeter-server node to the controller that writes the
 * file. Not thread-safe: one row belongs to one sample.
 */
public final class DetailRow implements Serializable {

    private static final long serialVersionUID = 1L;

    /** ISO-8601 with milliseconds and the UTC offset, e.g. {@code 2026-11-28T07:15:02.125+01:00}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx",
            Locale.ROOT);

    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

    /** Sets {@code column} to {@code value}'s text (null: empty). */
    public DetailRow set(String column, Object value) {
        if (!DetailColumns.ALL.contains(column)) {
            throw new IllegalArgumentException("not a detail column: " + column);
        }
        values.put(column, value == null ? "" : value.toString());
        return this;
    }

    /** The value of {@code column}, empty when not set. */
    public String get(String column) {
        return values.getOrDefault(column, "");
    }

    /** Every value in {@link DetailColumns#ALL} order. */
    public List<String> values() {
        List<String> row = new ArrayList<>(DetailColumns.ALL.size());
        for (String column : DetailColumns.ALL) {
            row.add(get(column));
        }
        return row;
    }


    /** Copies every value set in {@code other} over this row's. */
    public DetailRow setAll(DetailRow other) {
        values.putAll(other.values);
        return this;
    }

    /**
     * What an answer tells: Genie's ids, SQL, statement id, request type, status, error type, server time, polls,
     * phases, cache match and row count. Times, success and error text come from the sample ({@link #sample}).
     */
    public static DetailRow answer(GenieAnswer answer) {
        DetailRow row = new DetailRow()
                .set(DetailColumns.GENIE_CONVERSATION_ID, answer.conversationId())
                .set(DetailColumns.GENIE_MESSAGE_ID, answer.messageId())
                .set(DetailColumns.SQL, answer.sql())
                .set(DetailColumns.SQL_STATEMENT_ID, answer.statementId())
                .set(DetailColumns.REQUEST_TYPE, answer.requestType().name())
                .set(DetailColumns.STATUS, answer.status())
                .set(DetailColumns.ERROR_TYPE, answer.success() ? null : answer.responseCode())
                .set(DetailColumns.SERVER_MS, answer.serverMs())
                .set(DetailColumns.POLLS, answer.polls())
                .set(DetailColumns.ROW_COUNT, answer.rowCount())
                .set(DetailColumns.MATCHED_QUESTION, answer.cacheUse().matchedQuestion())
                .set(DetailColumns.QUESTION_SIMILARITY, similarity(answer.cacheUse().questionSimilarity()))
                .set(DetailColumns.CONTEXT_SIMILARITY, similarity(answer.cacheUse().contextSimilarity()));
        for (GeniePhase phase : GeniePhase.values()) {
            row.set(phase.columnName(), phase.millis(answer));
        }
        return row;
    }

    /**
     * What every sample tells, Genie's or not: start and end, duration, success, the error text of a failure, its
     * response code as error type (unless the answer set one), response size, active users, label and thread.
     */
    public DetailRow sample(long startMs, long endMs, boolean success, String errorText, String responseCode,
                            long responseBytes, int activeUsers, String label, String threadName, ZoneId zone) {
        set(DetailColumns.REQUEST_STARTED_AT, timestamp(startMs, zone));
        set(DetailColumns.REQUEST_COMPLETED_AT, timestamp(endMs, zone));
        set(DetailColumns.DURATION_MS, Math.max(0, endMs - startMs));
        set(DetailColumns.SUCCESS, success ? "True" : "False");
        set(DetailColumns.ERROR, success ? null : errorText);
        if (!success && get(DetailColumns.ERROR_TYPE).isEmpty()) {
            set(DetailColumns.ERROR_TYPE, responseCode);
        }
        set(DetailColumns.RESPONSE_SIZE, responseBytes);
        set(DetailColumns.CONCURRENT_USERS, activeUsers);
        set(DetailColumns.LABEL, label);
        set(DetailColumns.THREAD_NAME, threadName);
        return this;
    }

    /** {@code epochMs} as written in the file: ISO-8601 with milliseconds and the zone's offset at that instant. */
    public static String timestamp(long epochMs, ZoneId zone) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    private static String similarity(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.4f", value);
    }
}
