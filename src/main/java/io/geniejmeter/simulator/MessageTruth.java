package io.geniejmeter.simulator;

import java.util.Map;

/**
 * Ground truth of one simulated message, as the server saw it: what a client measured can be checked against it.
 * Times are epoch milliseconds of real (already time-scaled) time.
 *
 * @param conversationId conversation id
 * @param messageId message id
 * @param content the question
 * @param status status at the time of the query (COMPLETED, FAILED, ... or a phase still running)
 * @param finalStatus the terminal status the message has or will reach (COMPLETED, FAILED or CANCELLED)
 * @param errorType the FAILED error type, else null
 * @param createdMs when the POST that created it was handled
 * @param completedMs when it reached its terminal status, or null while still running
 * @param phasesMs milliseconds spent in each phase reached so far, in lifecycle order
 */
public record MessageTruth(String conversationId, String messageId, String content, String status,
                           String finalStatus, String errorType, long createdMs, Long completedMs,
                           Map<String, Long> phasesMs) {
}
