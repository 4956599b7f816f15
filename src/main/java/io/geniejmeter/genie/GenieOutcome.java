package io.geniejmeter.genie;

/**
 * How one question ended. Only {@link #COMPLETED} is a success: unlike the original tool, a message that ends
 * FAILED, CANCELLED or that the client gave up on is a failed sample.
 */
public enum GenieOutcome {
    /** The message reached COMPLETED (with or without a query attachment). */
    COMPLETED,
    /** The message reached FAILED; {@link GenieAnswer#errorType()} says why (except rate limits, see below). */
    FAILED,
    /** The message reached CANCELLED. */
    CANCELLED,
    /** The message reached QUERY_RESULT_EXPIRED, or the query result could no longer be fetched. */
    QUERY_RESULT_EXPIRED,
    /** Throttled: HTTP 429, or a message that ended FAILED with a {@code RATE_LIMIT_EXCEEDED_*} error type. */
    RATE_LIMITED,
    /** Any other HTTP error status (4xx/5xx) or an unreadable response; status and {@code error_code} kept. */
    HTTP_ERROR,
    /** No final status within the client timeout ({@code GENIE_TIMEOUT_SECONDS}), or an HTTP read timeout. */
    TIMEOUT,
    /**
     * The connection could not be made or broke (refused, reset, closed without a response, DNS) on a request whose
     * fate is known: the question's POST never reached Genie (refused, DNS, TLS set-up), or a poll or result fetch
     * kept failing until the question's deadline.
     */
    CONNECTION_ERROR,
    /**
     * The response to the question's own POST (start-conversation or create-message) was lost: the connection broke
     * after the question may have reached Genie, so whether Genie received it, and what it answered, cannot be known.
     * A client-side failure, apart from Genie's FAILED and CANCELLED; response code {@code CLIENT_LOST_RESPONSE}.
     */
    LOST_RESPONSE,
    /** The asking thread was interrupted (test stopped); the thread's interrupt flag is kept set. */
    INTERRUPTED;

    /** True only for {@link #COMPLETED}. */
    public boolean success() {
        return this == COMPLETED;
    }
}
