package io.geniejmeter.cache;

import io.geniejmeter.genie.GenieOutcome;

/**
 * How one re-run of cached SQL on the warehouse ended.
 *
 * @param outcome      COMPLETED when the statement SUCCEEDED; else why not (FAILED, CANCELLED, TIMEOUT, ...)
 * @param responseCode short code as {@link io.geniejmeter.genie.GenieAnswer#responseCode()}: "COMPLETED", the
 *                     statement's error code (e.g. "BAD_REQUEST"), "QUERY_FAILED", "CANCELLED", "TIMEOUT", the HTTP
 *                     status, "CONNECTION_ERROR", ...
 * @param message      one human-readable line
 * @param statementId  the statement's id, null when none was created
 * @param rowCount     rows of the result, null when unknown
 * @param polls        GET calls made after the first answer
 * @param elapsedNanos from sending the statement until its final state (or the failure) was seen
 * @param httpStatus   HTTP status of a failing call, else 0
 * @param errorCode    {@code error_code} of a failing call or of the statement, else null
 */
public record StatementRun(GenieOutcome outcome, String responseCode, String message, String statementId,
                           Long rowCount, int polls, long elapsedNanos, int httpStatus, String errorCode) {

    /** True when the statement SUCCEEDED. */
    public boolean success() {
        return outcome.success();
    }
}
