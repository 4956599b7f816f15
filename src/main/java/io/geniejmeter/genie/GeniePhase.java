package io.geniejmeter.genie;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of one answer's time that the client can name: the six statuses a Genie message passes through before
 * its final one, in lifecycle order, the time it could not name ({@link #UNOBSERVED}), and the query-result fetch
 * after the final status. The six and UNOBSERVED add up to Genie's own processing time
 * ({@link GenieAnswer#serverMs()}, each rounded to the millisecond); the result fetch comes on top of it, and with
 * the one-way network delay they make the response time.
 *
 * <p><b>What is attributed.</b> Genie's API gives a message's current status and when it last changed, never a
 * history, so a status that began and ended between two polls is never seen. The time from a status's start to the
 * start of the next one seen belongs to that status only when the next one is its successor in the lifecycle (or a
 * final status that can follow it: COMPLETED after ASKING_AI, a text answer, or after EXECUTING_QUERY; FAILED or
 * CANCELLED after any); otherwise it also holds statuses the polls skipped, and it is counted as UNOBSERVED rather
 * than guessed. Denser polling ({@code GENIE_POLL_INTERVAL_MS}) leaves less unobserved. A status never reached took
 * 0 ms.
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
    /** Time in statuses the polls did not see one by one (see the class comment); not a Genie status. */
    UNOBSERVED(null),
    /** After the final status: the client fetches the query result, as the Genie UI does. Not a Genie status. */
    RESULT_FETCH(null);

    private final String status;

    GeniePhase(String status) {
        this.status = status;
    }

    /** The six statuses in lifecycle order. */
    private static final List<String> LIFECYCLE = List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT",
            "ASKING_AI", "PENDING_WAREHOUSE", "EXECUTING_QUERY");

    /** Genie's status name of this phase; null for {@link #UNOBSERVED} and {@link #RESULT_FETCH}. */
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
        List<String> seen = new ArrayList<>(perStatus.keySet());
        long millis = 0;
        for (int i = 0; i < seen.size(); i++) {
            String next = i + 1 < seen.size() ? seen.get(i + 1) : answer.status();
            boolean whole = i + 1 == seen.size() && seen.get(i).equals(next) // still running when given up
                    || followsDirectly(seen.get(i), next);
            if (whole ? seen.get(i).equals(status) : this == UNOBSERVED) {
                millis += perStatus.get(seen.get(i));
            }
        }
        return millis;
    }

    /** Whether {@code next}, seen right after {@code status}, leaves no room for a status the polls skipped. */
    static boolean followsDirectly(String status, String next) {
        int at = LIFECYCLE.indexOf(status);
        if (at < 0 || next == null) {
            return false;
        }
        int nextAt = LIFECYCLE.indexOf(next);
        if (nextAt >= 0) {
            return nextAt == at + 1;
        }
        if ("COMPLETED".equals(next)) {
            return status.equals("ASKING_AI") || status.equals("EXECUTING_QUERY");
        }
        return true; // FAILED, CANCELLED, QUERY_RESULT_EXPIRED: it ended in the status it was in
    }
}
