package io.geniejmeter.genie;

import com.databricks.sdk.core.DatabricksError;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;

/**
 * What went wrong in a call through the Databricks SDK: the one classification of SDK failures, shared by the
 * load-test client ({@link GenieClient}, which turns it into a {@link GenieOutcome}) and the exporter (which decides
 * from it whether to retry and what to tell the user). Stateless and pure, apart from reading the calling thread's
 * interrupt flag.
 *
 * <p>The SDK reports a failed HTTP answer as a {@link DatabricksError} with the status and the body's
 * {@code error_code}, and an I/O failure as a {@code DatabricksError} with code {@code IO_ERROR} whose cause is the
 * {@link IOException}. Failures on the wire are classified first (a timeout is a timeout whatever wraps it), then
 * HTTP answers by status and error code, then unreadable answers.
 *
 * @param kind       the classification
 * @param httpStatus the HTTP status of a failed answer, 0 when none came
 * @param errorCode  the answer's {@code error_code} (e.g. "REQUEST_LIMIT_EXCEEDED", "IO_ERROR"), else null
 * @param errorText  the SDK error's message (for an HTTP answer, the server's message), else null
 * @param ioCause    the I/O failure behind it, else null
 */
public record SdkFailure(Kind kind, int httpStatus, String errorCode, String errorText, Throwable ioCause) {

    /** The kinds of failure, most specific first. */
    public enum Kind {
        /** Blocking I/O cut short because the calling thread was interrupted. */
        INTERRUPTED,
        /** No connection or no answer within the HTTP timeout (socket or connect timeout). */
        TIMEOUT,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Connection refused, reset or closed without answer, TLS failure, or another I/O failure on the wire. */
        CONNECTION,
        /** HTTP 429, {@code REQUEST_LIMIT_EXCEEDED} or {@code TOO_MANY_REQUESTS}. */
        THROTTLED,
        /** HTTP 401 or {@code UNAUTHENTICATED}. */
        UNAUTHENTICATED,
        /** HTTP 403 or {@code PERMISSION_DENIED}. */
        PERMISSION_DENIED,
        /** HTTP 404, {@code RESOURCE_DOES_NOT_EXIST} or {@code NOT_FOUND}. */
        NOT_FOUND,
        /** HTTP 502, 503, 504 or {@code TEMPORARILY_UNAVAILABLE}. */
        UNAVAILABLE,
        /** Any other HTTP error status (400 and above). */
        HTTP_ERROR,
        /** An answer that cannot be read (bad JSON, or an SDK error without an error status). */
        MALFORMED_RESPONSE,
        /** The SDK found no credentials to authenticate with (its "default auth" failure). */
        NO_CREDENTIALS,
        /** None of the above: a bug or an SDK failure nobody foresaw. */
        UNEXPECTED
    }

    private static final String IO_ERROR = "IO_ERROR";

    /** Classifies {@code failure}, looking through its causes. */
    public static SdkFailure classify(Throwable failure) {
        DatabricksError error = find(failure, DatabricksError.class);
        int status = error == null ? 0 : error.getStatusCode();
        String code = error == null ? null : error.getErrorCode();
        Throwable io = error != null && error.getCause() != null ? error.getCause() : find(failure, IOException.class);
        Kind kind = wireKind(io, error);
        if (kind == null && error != null && status >= 400 && !IO_ERROR.equals(code)) {
            kind = httpKind(status, code);
        }
        if (kind == null) {
            if (find(failure, JsonProcessingException.class) != null || error != null) {
                kind = Kind.MALFORMED_RESPONSE;
            } else if (noCredentials(failure)) {
                kind = Kind.NO_CREDENTIALS;
            } else {
                kind = Kind.UNEXPECTED;
            }
        }
        return new SdkFailure(kind, status, code, error == null ? null : error.getMessage(), io);
    }

    /** The kind of an I/O failure on the wire, or null when the failure did not happen on the wire. */
    private static Kind wireKind(Throwable io, DatabricksError error) {
        if (io instanceof InterruptedIOException && !(io instanceof SocketTimeoutException)
                && Thread.currentThread().isInterrupted()) {
            return Kind.INTERRUPTED;
        }
        if (io instanceof SocketTimeoutException || io instanceof ConnectTimeoutException) {
            return Kind.TIMEOUT;
        }
        if (find(io, UnknownHostException.class) != null) {
            return Kind.UNKNOWN_HOST;
        }
        if (io instanceof ConnectException || io instanceof HttpHostConnectException
                || io instanceof NoHttpResponseException || io instanceof SocketException
                || io instanceof NoRouteToHostException || io instanceof SSLException
                || (error != null && IO_ERROR.equals(error.getErrorCode()) && io != null
                && !(io instanceof JsonProcessingException))) {
            return Kind.CONNECTION;
        }
        return null;
    }

    private static Kind httpKind(int status, String code) {
        if (status == 429 || "REQUEST_LIMIT_EXCEEDED".equals(code) || "TOO_MANY_REQUESTS".equals(code)) {
            return Kind.THROTTLED;
        }
        if (status == 401 || "UNAUTHENTICATED".equals(code)) {
            return Kind.UNAUTHENTICATED;
        }
        if (status == 403 || "PERMISSION_DENIED".equals(code)) {
            return Kind.PERMISSION_DENIED;
        }
        if (status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(code) || "NOT_FOUND".equals(code)) {
            return Kind.NOT_FOUND;
        }
        if (status == 502 || status == 503 || status == 504 || "TEMPORARILY_UNAVAILABLE".equals(code)) {
            return Kind.UNAVAILABLE;
        }
        return Kind.HTTP_ERROR;
    }

    private static boolean noCredentials(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("default auth") || message.contains("cannot configure default credentials")
                || message.contains("no credentials");
    }

    /**
     * True for a failure that the same read, repeated, may well not meet again: HTTP 5xx, no response in time, a
     * connection refused, reset or dropped, a name that did not resolve. Polls and result fetches are idempotent
     * reads, so {@link GenieClient} repeats them on such a failure. Throttling is not among them (it is reported as
     * such), nor are answers that would repeat (401, 403, 404, other 4xx, unreadable answers).
     */
    public boolean transientFailure() {
        return switch (kind) {
            case TIMEOUT, UNKNOWN_HOST, CONNECTION, UNAVAILABLE -> true;
            case HTTP_ERROR -> httpStatus >= 500;
            default -> false;
        };
    }

    /**
     * True when the connection broke after the request may have reached the server (reset, closed without a
     * response, a TLS failure after the handshake): its effect is unknown. False for a {@link Kind#CONNECTION}
     * failure before anything was sent (refused, no route, TLS handshake) and for every other kind.
     */
    public boolean requestMayHaveArrived() {
        return kind == Kind.CONNECTION && !(ioCause instanceof ConnectException
                || ioCause instanceof NoRouteToHostException || ioCause instanceof SSLHandshakeException);
    }

    /** True when an I/O exception is behind the failure, or the SDK said {@code IO_ERROR}. */
    public boolean ioFailure() {
        return ioCause instanceof IOException || IO_ERROR.equals(errorCode);
    }

    /** The first throwable of {@code type} in the cause chain of {@code t}, else null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
