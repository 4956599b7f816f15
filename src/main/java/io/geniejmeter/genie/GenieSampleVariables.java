package io.geniejmeter.genie;

/**
 * Names of the JMeter variables the Genie samplers set after each sample, written as extra JTL columns when listed
 * in JMeter's {@code sample_variables} property (the original tool's detailed metrics, in JMeter form). JMeter-free,
 * so that the launcher and the JTL summary can use it outside JMeter.
 */
public final class GenieSampleVariables {

    /** Request type: {@code GENIE} for the standard test. */
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

    /**
     * The value for JMeter's {@code sample_variables} property. Set by the Maven build and by
     * {@code bin/genie-loadtest}; add it to {@code user.properties} of any other JMeter installation.
     */
    public static final String SAMPLE_VARIABLES = "genie_request_type,genie_conversation_id,genie_message_id,"
            + "genie_status,genie_server_ms,genie_polls,genie_statement_id";

    private GenieSampleVariables() {
    }
}
