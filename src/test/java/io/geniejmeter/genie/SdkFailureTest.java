package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.fasterxml.jackson.core.JsonParseException;
import io.geniejmeter.genie.SdkFailure.Kind;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one classification of SDK failures that the client and the exporter both act on. */
class SdkFailureTest {

    /** How the SDK wraps an I/O failure. */
    private static DatabricksError io(Throwable cause) {
        return new DatabricksError("IO_ERROR", 523, cause);
    }

    @ParameterizedTest(name = "HTTP {0} {1} is {2}")
    @CsvSource({
        "429, REQUEST_LIMIT_EXCEEDED, THROTTLED",
        "429, , THROTTLED",
        "401, , UNAUTHENTICATED",
        "403, , PERMISSION_DENIED",
        "404, , NOT_FOUND",
        "503, , UNAVAILABLE",
        "400, REQUEST_LIMIT_EXCEEDED, THROTTLED",
        "429, TOO_MANY_REQUESTS, THROTTLED",
        "401, UNAUTHENTICATED, UNAUTHENTICATED",
        "403, PERMISSION_DENIED, PERMISSION_DENIED",
        "404, RESOURCE_DOES_NOT_EXIST, NOT_FOUND",
        "400, NOT_FOUND, NOT_FOUND",
        "503, TEMPORARILY_UNAVAILABLE, UNAVAILABLE",
        "502, BAD_GATEWAY, UNAVAILABLE",
        "504, , UNAVAILABLE",
        "500, INTERNAL_ERROR, HTTP_ERROR",
        "400, INVALID_PARAMETER_VALUE, HTTP_ERROR",
    })
    void classifiesAnHttpAnswerByStatusAndErrorCode(int status, String code, Kind kind) {
        SdkFailure f = SdkFailure.classify(new DatabricksError(code, "server says no", status));

        assertEquals(kind, f.kind());
        assertEquals(status, f.httpStatus());
        assertEquals(code, f.errorCode());
        assertEquals("server says no", f.errorText());
        assertFalse(f.ioFailure());
    }

    @Test
    void classifiesFailuresOnTheWireWhateverWrapsThem() {
        SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
        SdkFailure f = SdkFailure.classify(new RuntimeException("wrapped", io(timeout)));
        assertEquals(Kind.TIMEOUT, f.kind());
        assertSame(timeout, f.ioCause());
        assertTrue(f.ioFailure());

        assertEquals(Kind.CONNECTION, SdkFailure.classify(io(new ConnectException("refused"))).kind());
        assertEquals(Kind.CONNECTION, SdkFailure.classify(io(new SSLHandshakeException("bad cert"))).kind());
        assertEquals(Kind.CONNECTION, SdkFailure.classify(io(new java.io.IOException("reset"))).kind(),
                "any I/O failure the SDK reports as IO_ERROR");
        assertEquals(Kind.UNKNOWN_HOST, SdkFailure.classify(io(new UnknownHostException("nowhere.invalid"))).kind());
        assertEquals(Kind.UNKNOWN_HOST, SdkFailure.classify(
                new DatabricksException("x", new java.io.IOException("lookup", new UnknownHostException("h"))))
                .kind());
    }

    @Test
    void classifiesAnInterruptedReadAsInterruptedOnlyWhenTheThreadIsInterrupted() {
        DatabricksError cutShort = io(new InterruptedIOException("interrupted"));
        assertEquals(Kind.CONNECTION, SdkFailure.classify(cutShort).kind());

        Thread.currentThread().interrupt();
        try {
            assertEquals(Kind.INTERRUPTED, SdkFailure.classify(cutShort).kind());
            assertTrue(Thread.currentThread().isInterrupted(), "classifying leaves the flag alone");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void classifiesUnreadableAnswersAndTheSdksOwnFailures() {
        SdkFailure json = SdkFailure.classify(new DatabricksException("IO error",
                new JsonParseException(null, "Unexpected character '<'")));
        assertEquals(Kind.MALFORMED_RESPONSE, json.kind());
        assertTrue(json.ioFailure(), "a JSON failure is an I/O failure (the exporter retries it)");

        SdkFailure noStatus = SdkFailure.classify(new DatabricksError("WEIRD", "no status", 200));
        assertEquals(Kind.MALFORMED_RESPONSE, noStatus.kind());
        assertEquals(200, noStatus.httpStatus());

        assertEquals(Kind.NO_CREDENTIALS, SdkFailure.classify(new DatabricksException(
                "default auth: cannot configure default credentials, please check the docs")).kind());

        SdkFailure bug = SdkFailure.classify(new IllegalStateException("bug"));
        assertEquals(Kind.UNEXPECTED, bug.kind());
        assertEquals(0, bug.httpStatus());
        assertNull(bug.errorCode());
        assertNull(bug.ioCause());
    }

    @ParameterizedTest(name = "HTTP {0} {1} is worth a second read: {2}")
    @CsvSource({
        "500, INTERNAL_ERROR, true",
        "503, TEMPORARILY_UNAVAILABLE, true",
        "504, , true",
        "429, REQUEST_LIMIT_EXCEEDED, false",
        "401, UNAUTHENTICATED, false",
        "403, PERMISSION_DENIED, false",
        "404, RESOURCE_DOES_NOT_EXIST, false",
        "400, INVALID_PARAMETER_VALUE, false",
    })
    void repeatsReadsOnlyAfterServerErrorsNeverAfterThrottlingOrRefusals(int status, String code, boolean repeat) {
        assertEquals(repeat, SdkFailure.classify(new DatabricksError(code, "no", status)).transientFailure());
    }

    @Test
    void repeatsReadsAfterWireFailuresAndKnowsWhichMayHaveReachedTheServer() {
        SdkFailure reset = SdkFailure.classify(io(new java.net.SocketException("Connection reset")));
        SdkFailure noAnswer = SdkFailure.classify(io(new org.apache.http.NoHttpResponseException("no answer")));
        SdkFailure refused = SdkFailure.classify(io(new ConnectException("Connection refused")));
        SdkFailure handshake = SdkFailure.classify(io(new SSLHandshakeException("bad certificate")));
        SdkFailure timeout = SdkFailure.classify(io(new SocketTimeoutException("Read timed out")));

        assertTrue(reset.transientFailure() && noAnswer.transientFailure() && refused.transientFailure()
                && timeout.transientFailure());
        assertTrue(reset.requestMayHaveArrived(), "reset after sending: the server may have it");
        assertTrue(noAnswer.requestMayHaveArrived(), "closed without an answer: the server may have it");
        assertFalse(refused.requestMayHaveArrived(), "refused: nothing was sent");
        assertFalse(handshake.requestMayHaveArrived(), "TLS handshake failed: nothing was sent");
        assertFalse(timeout.requestMayHaveArrived(), "a timeout is reported as such");
    }
}
