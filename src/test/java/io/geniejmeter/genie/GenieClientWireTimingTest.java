package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.geniejmeter.time.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wire timing on a hand-moved clock, through the real SDK: the time the SDK spends around the wire (preparing a
 * request, reading a response) must not count as Genie's time. Nothing here sleeps or opens a socket.
 */
class GenieClientWireTimingTest {

    private static final long SDK_BEFORE_MS = 50;
    private static final long SDK_AFTER_MS = 30;
    private static final long WIRE_MS = 4;
    private static final long SERVER_MS = 2_000;
    private static final long CREATED_TS = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock();

    /** Client-clock instant at which Genie created the message. */
    private long createdNanos;

    /**
     * Genie on the wire: every request takes 4 ms, half of it to reach Genie; the message is SUBMITTED until 2 s
     * after creation, then COMPLETED, with server time stamps that say so.
     */
    private final HttpClient genie = request -> {
        clock.advanceMillis(WIRE_MS / 2);
        String path = request.getUri().getPath();
        String body = null;
        if (path.endsWith("/start-conversation")) {
            createdNanos = clock.nanoTime();
            body = "{\"conversation_id\":\"c1\",\"message_id\":\"m1\",\"message\":"
                    + message("SUBMITTED", CREATED_TS) + "}";
        } else if (path.endsWith("/messages/m1")) {
            boolean done = clock.nanoTime() - createdNanos >= SERVER_MS * 1_000_000L;
            body = done ? message("COMPLETED", CREATED_TS + SERVER_MS) : message("SUBMITTED", CREATED_TS);
        }
        clock.advanceMillis(WIRE_MS / 2);
        return body == null ? new Response(request, 404, "Not Found", Map.of(), "{}") : json(request, body);
    };

    /** Around the wire, the SDK's own work: 50 ms before the request is written, 30 ms after the answer. */
    private HttpClient slowSdkAround(HttpClient wire) {
        return request -> {
            clock.advanceMillis(SDK_BEFORE_MS);
            Response response = wire.execute(request);
            clock.advanceMillis(SDK_AFTER_MS);
            return response;
        };
    }

    private static String message(String status, long lastUpdated) {
        return "{\"id\":\"m1\",\"message_id\":\"m1\",\"conversation_id\":\"c1\",\"space_id\":\"s1\",\"status\":\""
                + status + "\",\"created_timestamp\":" + CREATED_TS + ",\"last_updated_timestamp\":" + lastUpdated
                + "}";
    }

    private static Response json(Request request, String body) {
        return new Response(request, 200, "OK", Map.of("Content-Type", List.of("application/json")), body);
    }

    private GenieAnswer ask(HttpClient http) {
        DatabricksConfig config = new DatabricksConfig().setHost("http://genie.invalid").setToken("test-token")
                .setHttpClient(http);
        GenieClient client = GenieClient.builder(new WorkspaceClient(config), "s1").clock(clock)
                .fetchQueryResult(false).build();
        return client.ask("How many repairs?", null);
    }

    @Test
    void shouldTimeGenieOnTheWireAndLeaveTheSdksOwnWorkOut() {
        GenieAnswer a = ask(slowSdkAround(WireTiming.wrap(genie, clock)));

        assertEquals(GenieOutcome.COMPLETED, a.outcome());
        assertEquals(SERVER_MS, a.serverMs());
        // half the 4 ms round trip to reach Genie, then its 2 s; the SDK's 80 ms per request are not in it
        assertEquals(SERVER_MS + WIRE_MS / 2, a.timeToFinalMs());
    }

    @Test
    void shouldCountTheSdksWorkWhenTheWireWasTimedOnAnotherClock() {
        // wire times read from the system clock cannot be compared with this client's clock: they are not used,
        // and the client falls back to its own instants around the whole SDK call
        GenieAnswer a = ask(slowSdkAround(WireTiming.wrap(genie)));

        assertEquals(SERVER_MS + (SDK_BEFORE_MS + WIRE_MS + SDK_AFTER_MS) / 2, a.timeToFinalMs());
    }
}
