package io.geniejmeter.genie;

/**
 * Names of the JMeter variables the Genie samplers set after each sample, written as extra JTL columns when listed
 * in JMeter's {@code sample_variables} property (the original tool's detailed metrics, in JMeter form). JMeter-free,
 * so that the launcher and the JTL summary can use it outside JMeter.
 */
public final class GenieSampleVariables {

    /** Request type: {@code GENIE} for the standard test; {@code GENIE_LRU_HIT}, ... with a cache in front. */
    public static final String REQUEST_TYPE = "genie_request_type";
    /** Id of the Genie conversation the message went into. */
    public static final String CONVERSATION_ID = "genie_conversation_id";
    /** Id Genie gave the message. */
    public static final String MESSAGE_ID = "genie_message_id";
    /** Last status Genie reported (COMPLETED, FAILED, ...); empty when no message was created. */
    public static final String STATUS = "genie_status";
    /** Genie's own processing time from the message's server time stamps, ms; empty when unknown. */
    public static final String SERVER_MS = "genie_server_ms";
    /** How many times the client polled the message. */
    public static final String POLLS = "genie_polls";
    /** Statement id of the query Genie ran; empty for text answers and failures. */
    public static final String STATEMENT_ID = "genie_statement_id";
    /** For a semantic cache hit, the cached question whose SQL was re-run; else empty. */
    public static final String MATCHED_QUESTION = "genie_matched_question";
    /** For a semantic cache hit, the cosine similarity of the two questions; else empty. */
    public static final String QUESTION_SIMILARITY = "genie_question_similarity";
    /** For a semantic cache hit, the cosine similarity of the two conversation contexts; else empty. */
    public static final String CONTEXT_SIMILARITY = "genie_context_similarity";

    /** Milliseconds in status SUBMITTED ({@link GeniePhase}); empty when no Genie message was observed. */
    public static final String SUBMITTED_MS = GeniePhase.SUBMITTED.variable();
    /** Milliseconds in status FETCHING_METADATA. */
    public static final String FETCHING_METADATA_MS = GeniePhase.FETCHING_METADATA.variable();
    /** Milliseconds in status FILTERING_CONTEXT. */
    public static final String FILTERING_CONTEXT_MS = GeniePhase.FILTERING_CONTEXT.variable();
    /** Milliseconds in status ASKING_AI. */
    public static final String ASKING_AI_MS = GeniePhase.ASKING_AI.variable();
    /** Milliseconds in status PENDING_WAREHOUSE. */
    public static final String PENDING_WAREHOUSE_MS = GeniePhase.PENDING_WAREHOUSE.variable();
    /** Milliseconds in status EXECUTING_QUERY. */
    public static final String EXECUTING_QUERY_MS = GeniePhase.EXECUTING_QUERY.variable();
    /** Milliseconds in statuses the polls did not see one by one ({@link GeniePhase#UNOBSERVED}). */
    public static final String UNOBSERVED_MS = GeniePhase.UNOBSERVED.variable();
    /** Milliseconds of the query-result fetch after the final status (0: none made). */
    public static final String RESULT_FETCH_MS = GeniePhase.RESULT_FETCH.variable();

    /**
     * How many polls and result fetches of the message failed (HTTP 5xx, dropped connection, timeout) and were
     * retried; 0 when all went through.
     */
    public static final String POLL_ERRORS = "genie_poll_errors";

    /**
     * With a cache in front: how many times the cache itself failed (embedding endpoint, semantic store) while
     * answering this question, each time going on to Genie; 0 otherwise. The sum over a run is
     * {@code test_complete}'s {@code cache_errors}, which a distributed run's controller computes from the results.
     */
    public static final String CACHE_ERRORS = "genie_cache_errors";

    /**
     * The value for JMeter's {@code sample_variables} property. Set by the Maven build and by
     * {@code bin/genie-loadtest}; add it to {@code user.properties} of any other JMeter installation.
     */
    public static final String SAMPLE_VARIABLES = String.join(",", REQUEST_TYPE, CONVERSATION_ID, MESSAGE_ID, STATUS,
            SERVER_MS, POLLS, STATEMENT_ID, MATCHED_QUESTION, QUESTION_SIMILARITY, CONTEXT_SIMILARITY, POLL_ERRORS,
            SUBMITTED_MS, FETCHING_METADATA_MS, FILTERING_CONTEXT_MS, ASKING_AI_MS, PENDING_WAREHOUSE_MS,
            EXECUTING_QUERY_MS, UNOBSERVED_MS, RESULT_FETCH_MS, CACHE_ERRORS);

    private GenieSampleVariables() {
    }
}
