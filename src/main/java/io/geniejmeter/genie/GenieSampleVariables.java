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

    /**
     * How many polls and result fetches of the message failed (HTTP 5xx, dropped connection, timeout) and were
     * retried; 0 when all went through.
     */
    public static final String POLL_ERRORS = "genie_poll_errors";

    /**
     * The value for JMeter's {@code sample_variables} property. Set by the Maven build and by
     * {@code bin/genie-loadtest}; add it to {@code user.properties} of any other JMeter installation.
     */
    public static final String SAMPLE_VARIABLES = String.join(",", REQUEST_TYPE, CONVERSATION_ID, MESSAGE_ID, STATUS,
            SERVER_MS, POLLS, STATEMENT_ID, MATCHED_QUESTION, QUESTION_SIMILARITY, CONTEXT_SIMILARITY, POLL_ERRORS);

    private GenieSampleVariables() {
    }
}
