package io.geniejmeter.genie;

import io.geniejmeter.settings.GenieSettings;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client over real HTTP through the real SDK, against WireMock: the error paths the simulator does not produce,
 * and the "no client-side queueing" rule at 200 concurrent questions.
 */
class GenieClientHttpTest {

    private static final String BASE = "/api/2.0/genie/spaces/space-1";
    private static final String START = BASE + "/start-conversation";
    private static final String MESSAGE = BASE + "/conversations/conv-1/messages/msg-1";
    private static final String RESULT = MESSAGE + "/attachments/att-1/query-result";
    private static final int CONCURRENT = 200;

    private static final InFlightBarrier BARRIER = new InFlightBarrier();
    private static WireMockServer server;
    private static GenieClient client;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(CONCURRENT + 50).jettyAcceptQueueSize(CONCURRENT + 50)
                .extensions(BARRIER));
        server.start();
        client = clientFor(server.baseUrl(), 60, CONCURRENT);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static GenieClient clientFor(String host, int httpTimeoutSeconds, int threads) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("DATABRICKS_HOST", host);
        overrides.put("DATABRICKS_TOKEN", "dapi-wiremock");
        overrides.put("GENIE_SPACE_ID", "space-1");
        overrides.put("GENIE_HTTP_TIMEOUT_SECONDS", Integer.toString(httpTimeoutSeconds));
        overrides.put("GENIE_POLL_INTERVAL_MS", "100");
        GenieSettings settings = GenieSettings.load(overrides, Map.of("HOME", "target"), Path.of("target"));
        return GenieClient.create(WorkspaceClients.create(settings, threads), settings);
    }

    private static String fixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/client", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void shouldAskPollAndFetchTheResultOverHttp() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(okJson(fixture("message-completed-query.json"))));
        server.stubFor(get(urlPathEqualTo(RESULT)).willReturn(okJson(fixture("query-result.json"))));

        GenieAnswer a = client.ask("How many repairs?", null);

        assertEquals(GenieOutcome.COMPLETED, a.outcome(), a.responseMessage());
        assertEquals(180L, a.serverMs());
        assertEquals("SELECT count(*) FROM repairs", a.sql());
        assertEquals("Counts the repairs", a.description());
        assertEquals("st-1", a.statementId());
        assertEquals(1L, a.rowCount());
        assertEquals(1, a.polls());
        server.verify(postRequestedFor(urlPathEqualTo(START))
                .withHeader("Authorization", equalTo("Bearer dapi-wiremock"))
                .withRequestBody(equalToJson("{\"content\":\"How many repairs?\"}", true, true)));
        server.verify(1, getRequestedFor(urlPathEqualTo(RESULT)));
    }

    @ParameterizedTest(name = "HTTP {0} {1} on the question -> {2} \"{3}\"")
    @CsvSource({
        "401, UNAUTHENTICATED, HTTP_ERROR, 401",
        "403, PERMISSION_DENIED, HTTP_ERROR, 403",
        "404, RESOURCE_DOES_NOT_EXIST, HTTP_ERROR, 404",
        "400, INVALID_PARAMETER_VALUE, HTTP_ERROR, 400",
        "429, REQUEST_LIMIT_EXCEEDED, RATE_LIMITED, 429",
        "500, INTERNAL_ERROR, HTTP_ERROR, 500",
        "503, TEMPORARILY_UNAVAILABLE, HTTP_ERROR, 503",
        "504, DEADLINE_EXCEEDED, HTTP_ERROR, 504",
    })
    void shouldClassifyAnHttpErrorOnTheQuestionWithoutRetrying(int status, String code, GenieOutcome outcome,
                                                             String responseCode) {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(error(status, code, "scripted " + code)
                .withHeader("Retry-After", "60")));

        GenieAnswer a = client.ask("q", null);

        assertEquals(outcome, a.outcome());
        assertEquals(responseCode, a.responseCode());
        assertEquals(status, a.httpStatus());
        assertEquals(code, a.errorCode());
        assertTrue(a.responseMessage().contains("scripted " + code), a.responseMessage());
        assertFalse(a.success());
        assertEquals(1, server.countRequestsMatching(postRequestedFor(urlPathEqualTo(START)).build()).getCount(),
                "one request: the SDK's retries are off");
        assertTrue(a.latencyMs() < 10_000, "no Retry-After (60 s) sleep inside the measured time: " + a.latencyMs());
        assertNull(a.messageId());
    }

    @Test
    void shouldReportThrottlingOfAPollAndKeepTheMessageIds() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(error(429, "REQUEST_LIMIT_EXCEEDED", "slow down")));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.RATE_LIMITED, a.outcome());
        assertEquals("429", a.responseCode());
        assertEquals("conv-1", a.conversationId());
        assertEquals("msg-1", a.messageId());
        assertEquals("SUBMITTED", a.status());
        assertEquals(1, a.polls());
    }

    @Test
    void shouldReportAnExpiredResultWhenTheResultFetchSaysSo() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(okJson(fixture("message-completed-query.json"))));
        server.stubFor(get(urlPathEqualTo(RESULT)).willReturn(okJson(
                "{\"statement_response\":{\"statement_id\":\"st-1\",\"status\":{\"state\":\"CLOSED\"}}}")));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.QUERY_RESULT_EXPIRED, a.outcome());
        assertEquals("COMPLETED", a.status());
    }

    /** A client that gives up 1.5 s after sending, polling every 100 ms on average. */
    private static GenieClient impatientClient() {
        Map<String, String> overrides = Map.of("DATABRICKS_HOST", server.baseUrl(), "DATABRICKS_TOKEN", "t",
                "GENIE_SPACE_ID", "space-1");
        GenieSettings settings = GenieSettings.load(overrides, Map.of("HOME", "target"), Path.of("target"));
        return GenieClient.builder(WorkspaceClients.create(settings, 1), "space-1")
                .timeout(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(100)).build();
    }

    @Test
    void shouldRetryFailedPollsAndFetchesAndRecordTheRealAnswer() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).inScenario("polls").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(500, "INTERNAL_ERROR", "blip")).willSetStateTo("dropped"));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).inScenario("polls").whenScenarioStateIs("dropped")
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).inScenario("polls").whenScenarioStateIs("up")
                .willReturn(okJson(fixture("message-completed-query.json"))));
        server.stubFor(get(urlPathEqualTo(RESULT)).inScenario("fetch").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(503, "TEMPORARILY_UNAVAILABLE", "busy")).willSetStateTo("up"));
        server.stubFor(get(urlPathEqualTo(RESULT)).inScenario("fetch").whenScenarioStateIs("up")
                .willReturn(okJson(fixture("query-result.json"))));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.COMPLETED, a.outcome(), a.responseMessage());
        assertEquals(180L, a.serverMs(), "the time comes from Genie's time stamps, not from the failed polls");
        assertEquals(3, a.polls(), "a failed poll was still a request on the wire");
        assertEquals(3, a.pollErrors(), "two failed polls and one failed fetch");
        assertEquals(1L, a.rowCount());
        server.verify(1, postRequestedFor(urlPathEqualTo(START)));
        server.verify(2, getRequestedFor(urlPathEqualTo(RESULT)));
    }

    @Test
    void shouldRetryAFailedResultFetchUntilTheDeadlineThenReportTheHttpError() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(okJson(fixture("message-completed-query.json"))));
        server.stubFor(get(urlPathEqualTo(RESULT)).willReturn(error(500, "INTERNAL_ERROR", "result store down")));

        GenieAnswer a = impatientClient().ask("q", null);

        assertEquals(GenieOutcome.HTTP_ERROR, a.outcome());
        assertEquals("500", a.responseCode());
        assertEquals("SELECT count(*) FROM repairs", a.sql(), "what Genie answered is kept");
        assertTrue(a.pollErrors() >= 3, "retried until the deadline: " + a.pollErrors());
        assertTrue(a.responseMessage().contains("retried until the client timeout"), a.responseMessage());
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void shouldRetryAPollWhoseConnectionBrokeAndReportAConnectionErrorOnlyAtTheDeadline(Fault fault) {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(aResponse().withFault(fault)));

        GenieAnswer a = impatientClient().ask("q", null);

        assertEquals(GenieOutcome.CONNECTION_ERROR, a.outcome(), a.responseMessage());
        assertEquals("CONNECTION_ERROR", a.responseCode());
        assertEquals("msg-1", a.messageId());
        assertEquals("SUBMITTED", a.status());
        assertTrue(a.pollErrors() >= 3 && a.pollErrors() == a.polls(), a.polls() + " polls, " + a.pollErrors()
                + " failed");
        assertTrue(a.latencyMs() >= 1500 && a.latencyMs() < 5000, "gave up at the deadline: " + a.latencyMs());
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void shouldReportALostResponseToTheQuestionAsAClientSideFailureWithoutAskingAgain(Fault fault) {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(aResponse().withFault(fault)));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.LOST_RESPONSE, a.outcome(), a.responseMessage());
        assertEquals("CLIENT_LOST_RESPONSE", a.responseCode());
        assertTrue(a.responseMessage().contains("cannot be known"), a.responseMessage());
        assertNull(a.messageId());
        server.verify(1, postRequestedFor(urlPathEqualTo(START)));
    }

    @Test
    void shouldReportAMalformedResponse() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson("{\"conversation_id\": \"conv-1\", \"mess")));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.HTTP_ERROR, a.outcome());
        assertEquals("MALFORMED_RESPONSE", a.responseCode());
    }

    @Test
    void shouldReportAResponseWithoutMessageIdAsMalformed() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson("{\"conversation_id\": \"conv-1\"}")));

        GenieAnswer a = client.ask("q", null);

        assertEquals(GenieOutcome.HTTP_ERROR, a.outcome());
        assertEquals("MALFORMED_RESPONSE", a.responseCode());
    }

    @Test
    void shouldReportARefusedConnectionAsAConnectionError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GenieClient refused = clientFor("http://127.0.0.1:" + closedPort, 5, 1);

        GenieAnswer a = refused.ask("q", null);

        assertEquals(GenieOutcome.CONNECTION_ERROR, a.outcome(), a.responseMessage());
    }

    @Test
    void shouldReportAnHttpReadTimeoutAsATimeout() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))
                .withFixedDelay(2500)));
        GenieClient impatient = clientFor(server.baseUrl(), 1, 1);

        GenieAnswer a = impatient.ask("q", null);

        assertEquals(GenieOutcome.TIMEOUT, a.outcome(), a.responseMessage());
        assertEquals("TIMEOUT", a.responseCode());
        assertTrue(a.latencyMs() >= 900 && a.latencyMs() < 2400, "gave up at the 1 s HTTP timeout: " + a.latencyMs());
    }

    @Test
    void shouldGiveUpAtTheClientTimeoutOverHttp() {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-submitted.json"))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(okJson(fixture("message-submitted.json"))));
        Map<String, String> overrides = Map.of("DATABRICKS_HOST", server.baseUrl(), "DATABRICKS_TOKEN", "t",
                "GENIE_SPACE_ID", "space-1");
        GenieSettings settings = GenieSettings.load(overrides, Map.of("HOME", "target"), Path.of("target"));
        GenieClient shortTimeout = GenieClient.builder(WorkspaceClients.create(settings, 1), "space-1")
                .timeout(Duration.ofMillis(1200)).pollInterval(Duration.ofMillis(200)).build();

        GenieAnswer a = shortTimeout.ask("q", null);

        assertEquals(GenieOutcome.TIMEOUT, a.outcome(), a.responseMessage());
        assertEquals("SUBMITTED", a.status());
        assertTrue(a.latencyMs() >= 1200 && a.latencyMs() < 5000, "latency " + a.latencyMs());
        assertTrue(a.polls() >= 4, "polled until the deadline: " + a.polls());
    }

    @Test
    void shouldPutTwoHundredConcurrentQuestionsOnTheWireAtOnce() throws Exception {
        server.stubFor(post(urlPathEqualTo(START)).willReturn(okJson(fixture("start-completed-text.json"))
                .withTransformers(InFlightBarrier.NAME)));
        BARRIER.arm(1, 0);
        client.ask("warm-up", null);
        server.resetRequests();
        // Each question is held at the server until all 200 are there: only a client that queues nothing gets there.
        BARRIER.arm(CONCURRENT, 60_000);

        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        List<Future<GenieAnswer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < CONCURRENT; i++) {
                String question = "question " + i;
                answers.add(pool.submit(() -> client.ask(question, null)));
            }
            for (Future<GenieAnswer> f : answers) {
                GenieAnswer a = f.get(90, TimeUnit.SECONDS);
                assertEquals(GenieOutcome.COMPLETED, a.outcome(), a.responseMessage());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(CONCURRENT, server.countRequestsMatching(postRequestedFor(urlPathEqualTo(START)).build())
                .getCount());
        assertEquals(CONCURRENT, BARRIER.maxInFlight(), "questions on the wire at the same time");
    }
}
