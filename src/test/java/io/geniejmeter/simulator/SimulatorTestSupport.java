package io.geniejmeter.simulator;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.dashboards.GenieGetConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.MessageStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Shared set-up of the simulator tests: fast configurations and real SDK clients pointed at a simulator. */
public final class SimulatorTestSupport {

    static final Set<MessageStatus> TERMINAL = EnumSet.of(MessageStatus.COMPLETED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.QUERY_RESULT_EXPIRED);

    private SimulatorTestSupport() {
    }

    /** Loopback, ephemeral port, 1000x faster than real Genie (answers in 5-30 ms), no rate limit, seed 7. */
    static SimulatorConfig.Builder fast() {
        return SimulatorConfig.builder().timeScale(0.001).qpm(0).seed(7);
    }

    /** A real SDK client with token auth and the SDK's retries off, so 429/503 reach the test as they are. */
    public static WorkspaceClient client(GenieSimulator sim) {
        return client(sim.baseUrl(), sim.token());
    }

    public static WorkspaceClient client(String host, String token) {
        return client(host, token, null);
    }

    /** A client whose HTTP traffic goes through {@code http} (e.g. a {@link RecordingHttpClient}), if not null. */
    static WorkspaceClient client(String host, String token, com.databricks.sdk.core.http.HttpClient http) {
        DatabricksConfig cfg = new DatabricksConfig()
                .setHost(host)
                .setToken(token)
                .setAuthType("pat")
                .setDisableRetries(true);
        if (http != null) {
            cfg.setHttpClient(http);
        }
        return new WorkspaceClient(cfg);
    }

    /** Wraps the SDK's own HTTP client and keeps the last response's headers, which SDK errors do not expose. */
    static final class RecordingHttpClient implements com.databricks.sdk.core.http.HttpClient {
        private final com.databricks.sdk.core.http.HttpClient delegate =
                new com.databricks.sdk.core.commons.CommonsHttpClient.Builder().withTimeoutSeconds(30).build();
        volatile com.databricks.sdk.core.http.Response last;

        @Override
        public com.databricks.sdk.core.http.Response execute(com.databricks.sdk.core.http.Request request)
                throws java.io.IOException {
            com.databricks.sdk.core.http.Response r = delegate.execute(request);
            last = r;
            return r;
        }

        String lastHeader(String name) {
            return last.getFirstHeader(name);
        }
    }

    /** Polls with the SDK (every 2 ms, at most 10 s) until the message reaches a terminal status. */
    static GenieMessage pollUntilDone(WorkspaceClient w, String spaceId, String conversationId, String messageId)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            GenieMessage m = w.genie().getMessage(new GenieGetConversationMessageRequest()
                    .setSpaceId(spaceId).setConversationId(conversationId).setMessageId(messageId));
            if (TERMINAL.contains(m.getStatus())) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + messageId + " still " + m.getStatus() + " after 10 s");
            }
            Thread.sleep(2);
        }
    }

    /** Plain HTTP GET of a simulator admin endpoint (not part of the Databricks API, so not in the SDK). */
    static HttpResponse<String> adminGet(GenieSimulator sim, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> adminDelete(GenieSimulator sim, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
