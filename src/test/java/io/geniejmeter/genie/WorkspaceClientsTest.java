package io.geniejmeter.genie;

import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.GenieSettings;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceClientsTest {

    private static final String SPACE = "/api/2.0/genie/spaces/space-1";
    private static final InFlightBarrier BARRIER = new InFlightBarrier();
    private static WireMockServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(200)
                .extensions(BARRIER));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo(SPACE)).willReturn(okJson("{\"space_id\":\"space-1\",\"title\":\"t\"}")));
    }

    private GenieSettings settings(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return GenieSettings.load(overrides, Map.of("HOME", dir.toString()), dir);
    }

    private GenieSettings patSettings() {
        return settings("DATABRICKS_HOST", server.baseUrl(), "DATABRICKS_TOKEN", "dapi-test");
    }

    @Test
    void shouldAuthenticateWithTheTokenFromSettings() {
        WorkspaceClient client = WorkspaceClients.create(patSettings(), 4);

        assertEquals("space-1", client.genie().getSpace("space-1").getSpaceId());
        server.verify(getRequestedFor(urlPathEqualTo(SPACE)).withHeader("Authorization", equalTo("Bearer dapi-test")));
    }

    @Test
    void shouldSendOneRequestAndNoRetryWhenTheServerIsUnavailable() {
        server.stubFor(get(urlPathEqualTo(SPACE)).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}")));
        WorkspaceClient client = WorkspaceClients.create(patSettings(), 4);

        long start = System.nanoTime();
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.genie().getSpace("space-1"));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(client.config().getDisableRetries());
        assertEquals(1, server.countRequestsMatching(getRequestedFor(urlPathEqualTo(SPACE)).build()).getCount());
        assertTrue(tookMs < 10_000, "no retry sleep (Retry-After: 60) inside the call, took " + tookMs + " ms");
        Throwable cause = e;
        while (cause != null && !(cause instanceof DatabricksError)) {
            cause = cause.getCause();
        }
        assertEquals(503, ((DatabricksError) cause).getStatusCode());
    }

    @Test
    void shouldSizeThePoolSoEveryThreadHasAConnection() {
        var pool = WorkspaceClients.connectionManager(200);

        assertEquals(200, pool.getDefaultMaxPerRoute());
        assertTrue(pool.getMaxTotal() >= 200);
    }

    @Test
    void shouldPutSixtyConcurrentRequestsOnTheWireAtOnce() throws Exception {
        server.stubFor(get(urlPathEqualTo(SPACE))
                .willReturn(okJson("{\"space_id\":\"space-1\"}").withTransformers(InFlightBarrier.NAME)));
        int threads = 60; // three times the SDK's default of 20 connections per host

        int sized = maxInFlight(WorkspaceClients.create(patSettings(), threads), threads, 30_000);
        int sdkDefault = maxInFlight(WorkspaceClients.create(patSettings(), 20), threads, 500);

        assertEquals(threads, sized, "all 60 requests reach the server together");
        assertEquals(20, sdkDefault, "a 20-connection pool lets only 20 through at a time");
    }

    /** Fires {@code threads} concurrent calls and returns how many the server held at the same time. */
    private static int maxInFlight(WorkspaceClient client, int threads, long maxHoldMillis) throws Exception {
        BARRIER.arm(1, 0);
        client.genie().getSpace("space-1"); // warm up auth and class loading outside the measured wave
        BARRIER.arm(threads, maxHoldMillis);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> client.genie().getSpace("space-1")));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
            return BARRIER.maxInFlight();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldUseAProfileOfTheDatabricksConfigFile() throws IOException {
        Path cfg = dir.resolve("databrickscfg");
        Files.writeString(cfg, "[DEFAULT]\nhost = http://127.0.0.1:9\ntoken = dapi-default\n\n[dev]\nhost = "
                + server.baseUrl() + "\ntoken = dapi-profile\n", StandardCharsets.UTF_8);

        WorkspaceClient client = WorkspaceClients.create(
                settings("DATABRICKS_CONFIG_FILE", cfg.toString(), "DATABRICKS_CONFIG_PROFILE", "dev"), 2);
        client.genie().getSpace("space-1");

        server.verify(getRequestedFor(urlPathEqualTo(SPACE))
                .withHeader("Authorization", equalTo("Bearer dapi-profile")));
    }

    @Test
    void shouldAuthenticateAsAServicePrincipalWithOAuthM2M() {
        server.stubFor(get(urlPathEqualTo("/oidc/.well-known/oauth-authorization-server")).willReturn(okJson(
                "{\"authorization_endpoint\":\"" + server.baseUrl() + "/oidc/v1/authorize\","
                        + "\"token_endpoint\":\"" + server.baseUrl() + "/oidc/v1/token\"}")));
        server.stubFor(post(urlPathEqualTo("/oidc/v1/token")).willReturn(okJson(
                "{\"access_token\":\"m2m-access\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));

        WorkspaceClient client = WorkspaceClients.create(settings("DATABRICKS_HOST", server.baseUrl(),
                "DATABRICKS_CLIENT_ID", "sp-id", "DATABRICKS_CLIENT_SECRET", "sp-secret"), 2);
        client.genie().getSpace("space-1");

        server.verify(getRequestedFor(urlPathEqualTo(SPACE)).withHeader("Authorization", equalTo("Bearer m2m-access")));
    }

    @Test
    void shouldExplainWhatToSetWhenNoWorkspaceIsConfigured() {
        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> WorkspaceClients.create(settings(), 1));

        assertTrue(e.getMessage().contains("DATABRICKS_HOST"), e.getMessage());
        assertTrue(e.getMessage().contains("simulator"), e.getMessage());
    }

    @Test
    void shouldNameTheProblemWithoutTheSecretWhenTwoAuthMethodsAreSet() {
        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> WorkspaceClients.create(settings("DATABRICKS_HOST", server.baseUrl(),
                        "DATABRICKS_TOKEN", "dapi-two", "DATABRICKS_CLIENT_ID", "sp-id",
                        "DATABRICKS_CLIENT_SECRET", "sp-secret-two"), 1));

        assertFalse(e.getMessage().contains("dapi-two"), e.getMessage());
        assertFalse(e.getMessage().contains("sp-secret-two"), e.getMessage());
    }
}
