package io.geniejmeter.genie;

import java.util.Map;

/**
 * The parts of one answer's time that the client can name: the six statuses a Genie message passes through before
 * its final one, in lifecycle order, and the query-result fetch after it. The six add up to Genie's own processing
 * time ({@link GenieAnswer#serverMs()}, each rounded to the millisecond); the result fetch comes on top of it, and
 * with the one-way network delay they make the response time.
 *
 * <p>A phase Genie skipped (a text answer never reaches PENDING_WAREHOUSE) took 0 ms. Statuses outside the six (none
 * in today's API apart from the final ones, which take no time) are not counted.
 */
public enum GeniePhase {
    /** Accepted, not started yet. */
    SUBMITTED("SUBMITTED"),
    /** Reading the space's table metadata. */
    FETCHING_METADATA("FETCHING_METADATA"),
    /** Choosing the tables and instructions relevant to the question. */
    FILTERING_CONTEXT("FILTERING_CONTEXT"),
    /** The model writes the answer (the SQL). */
    ASKING_AI("ASKING_AI"),
    /** The SQL waits for the warehouse (queueing, or the warehouse starting). */
    PENDING_WAREHOUSE("PENDING_WAREHOUSE"),
    /** The warehouse runs the SQL. */
    EXECUTING_QUERY("EXECUTING_QUERY"),
    /** After the final status: the client fetches the query result, as the Genie UI does. Not a Genie status. */
    RESULT_FETCH(null);

    private final String status;

    GeniePhase(String status) {
        this.status = status;
    }

    /** Genie's status name of this phase; null for {@link #RESULT_FETCH}. */
    public String status() {
        return status;
    }

    /** The phase's name in result files: {@code asking_ai_ms}; as JMeter variable with the {@code genie_} prefix. */
    public String columnName() {
        return name().toLowerCase(java.util.Locale.ROOT) + "_ms";
    }

    /** The JMeter variable (JTL column) of the phase: {@code genie_asking_ai_ms}. */
    public String variable() {
        return "genie_" + columnName();
    }

    /**
     * Milliseconds {@code answer} spent in this phase, or null when there is nothing to tell: no Genie message was
     * observed (a cache hit, or a question that failed before Genie created it).
     */
    public Long millis(GenieAnswer answer) {
        if (this == RESULT_FETCH) {
            return answer.statusMs().isEmpty() && answer.resultFetchMs() == 0 ? null : answer.resultFetchMs();
        }
        Map<String, Long> perStatus = answer.statusMs();
        if (perStatus.isEmpty()) {
            return null;
        }
        return perStatus.getOrDefault(status, 0L);
    }
}
