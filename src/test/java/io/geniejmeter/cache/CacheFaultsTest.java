package io.geniejmeter.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.geniejmeter.export.LogCapture;
import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.RequestType;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures the simulator does not produce, from WireMock: a dead or slow embedding endpoint (Genie and the
 * warehouse stay the simulator's) and a statement that ends FAILED.
 */
class CacheFaultsTest {

    private WireMockServer server;
    private WorkspaceClient broken;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathEqualTo("/.well-known/databricks-config")).willReturn(notFound()));
        GenieSettings settings = GenieSettings.load(Map.of(Settings.DATABRICKS_HOST.name(), server.baseUrl(),
                Settings.DATABRICKS_TOKEN.name(), "dapi-test", Settings.GENIE_HTTP_TIMEOUT_SECONDS.name(), "1"),
                Map.of("HOME", "target"), Path.of("target"));
        broken = WorkspaceClients.create(settings, 4);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CachingGenie chainWithEmbeddingsFrom(SimulatedGenie g, WorkspaceClient embeddings) {
        CacheSettings s = g.defaults();
        return new CachingGenie(g.sim.spaceId(), s, g.client::ask,
                new ServingEndpointEmbedder(embeddings, SimulatedGenie.MODEL), g.runner(s), g.inMemory(s), g.clock,
                null);
    }

    @Test
    void shouldNotCountAnEmbeddingCallCutShortByTheTestsEndAsACacheError() throws Exception {
        Embedder stopped = texts -> {
            Thread.currentThread().interrupt(); // what Stop does to the thread while its embedding call is in flight
            throw new EmbeddingException("INTERRUPTED", "the call was aborted", null);
        };
        try (SimulatedGenie g = new SimulatedGenie()) {
            CacheSettings s = g.defaults();
            try (CachingGenie chain = new CachingGenie(g.sim.spaceId(), s, g.client::ask, stopped, g.runner(s),
                    g.inMemory(s), g.clock, null)) {
                GenieAnswer answer = chain.ask(CachingGenieTest.REPAIRS, null);

                assertEquals(GenieOutcome.INTERRUPTED, answer.outcome(), "cut off, not sent to Genie");
                assertEquals(0, chain.stats().cacheErrors(), "the test's end is not a cache fault");
                assertEquals(0, g.sim.groundTruth().size(), "Genie was not asked");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void shouldAskGenieAndCountCacheErrorsWhenTheEmbeddingEndpointIsDown() throws Exception {
        server.stubFor(post(urlPathMatching("/serving-endpoints/.*/invocations")).willReturn(aResponse()
                .withStatus(503).withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"down\"}")));
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = chainWithEmbeddingsFrom(g, broken);
             LogCapture log = new LogCapture()) {
            GenieAnswer first = chain.ask(CachingGenieTest.REPAIRS, null);
            GenieAnswer paraphrase = chain.ask(CachingGenieTest.REPAIRS_CLOSE, null);
            GenieAnswer repeat = chain.ask(CachingGenieTest.REPAIRS, null);

            assertEquals(RequestType.GENIE_LIVE, first.requestType());
            assertTrue(first.success(), "the question still got Genie's answer");
            assertEquals(RequestType.GENIE_LIVE, paraphrase.requestType(), "no semantic layer without embeddings");
            assertEquals(RequestType.GENIE_LRU_HIT, repeat.requestType(), "the exact layer needs no embeddings");
            assertEquals(new CacheStats(3, 1, 0, 2, 0, 2), chain.stats());
            // Each answer carries its own cache errors (the genie_cache_errors column), so that a distributed run
            // sums the line's cache_errors from the collected results.
            assertEquals(List.of(1, 1, 0), List.of(first.cacheUse().cacheErrors(),
                    paraphrase.cacheUse().cacheErrors(), repeat.cacheUse().cacheErrors()));
            assertEquals(1, log.text().split("Cache error \\(embedding HTTP 503\\)", -1).length - 1,
                    "logged once per kind: " + log.text());
        }
    }

    @Test
    void shouldAskGenieWhenTheEmbeddingEndpointTimesOutOrDropsTheConnection() throws Exception {
        server.stubFor(post(urlPathEqualTo("/serving-endpoints/" + SimulatedGenie.MODEL + "/invocations"))
                .willReturn(okJson("{\"data\":[]}").withFixedDelay(5_000)));
        server.stubFor(post(urlPathEqualTo("/serving-endpoints/dropping/invocations"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = chainWithEmbeddingsFrom(g, broken)) {
            long before = System.nanoTime();
            GenieAnswer answer = chain.ask(CachingGenieTest.REPAIRS, null);
            long waitedMs = (System.nanoTime() - before) / 1_000_000;

            assertEquals(RequestType.GENIE_LIVE, answer.requestType());
            assertTrue(answer.success());
            assertTrue(waitedMs < 4_500, "the 1 s HTTP timeout cut the 5 s answer short: " + waitedMs + " ms");
            assertEquals(1, chain.stats().cacheErrors());

            EmbeddingException dropped = org.junit.jupiter.api.Assertions.assertThrows(EmbeddingException.class,
                    () -> new ServingEndpointEmbedder(broken, "dropping").embed(java.util.List.of("x")));
            assertEquals("CONNECTION", dropped.kind());
        }
    }

    @Test
    void shouldReportAStatementThatEndsFailedAsAFailedAnswerWithItsErrorCode() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/2.0/sql/statements")).willReturn(okJson("{\"statement_id\":\"s1\","
                + "\"status\":{\"state\":\"RUNNING\"}}")));
        server.stubFor(get(urlPathEqualTo("/api/2.0/sql/statements/s1")).willReturn(okJson("{\"statement_id\":"
                + "\"s1\",\"status\":{\"state\":\"FAILED\",\"error\":{\"error_code\":\"BAD_REQUEST\","
                + "\"message\":\"[TABLE_OR_VIEW_NOT_FOUND] repairs\"}}}")));
        try (SimulatedGenie g = new SimulatedGenie()) {
            CacheSettings s = g.defaults();
            StatementRunner failing = StatementRunner.of(broken, "wh", Duration.ZERO, Duration.ofSeconds(60),
                    Duration.ofSeconds(1), g.clock);
            try (CachingGenie chain = new CachingGenie(g.sim.spaceId(), s, g.client::ask, g.embedder(), failing,
                    g.inMemory(s), g.clock, null)) {
                chain.ask(CachingGenieTest.REPAIRS, null);
                GenieAnswer hit = chain.ask(CachingGenieTest.REPAIRS, null);

                assertEquals(RequestType.GENIE_LRU_HIT, hit.requestType());
                assertEquals(GenieOutcome.FAILED, hit.outcome());
                assertEquals("BAD_REQUEST", hit.responseCode());
                assertTrue(hit.responseMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), hit.responseMessage());
                assertEquals(1, hit.polls());
                assertEquals(1_000, hit.latencyMs(), "one poll a second later saw FAILED");
                assertEquals(new CacheStats(2, 0, 0, 1, 1, 0), chain.stats());
            }
        }
    }
}
