package io.geniejmeter.genie;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.DatabricksError;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.geniejmeter.settings.GenieSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Genie's responses, parsed by the real client and SDK over HTTP, under random and mutated bodies and status codes:
 * every question ends in an answer with an outcome and a response code (a failure classified by {@link SdkFailure},
 * never an exception out of {@link GenieClient#ask}), within the client's timeout. Also the classifier alone, on any
 * status, error code and message.
 */
class GenieResponseProperties {

    private static final String BASE = "/api/2.0/genie/spaces/space-1";
    private static final String START = BASE + "/start-conversation";
    private static final String MESSAGE = BASE + "/conversations/conv-1/messages/msg-1";
    private static final String RESULT = MESSAGE + "/attachments/att-1/query-result";
    /** A poll that never ends gives up after the client's timeout (1 s here): the bound of one try. */
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private static WireMockServer server;
    private static GenieClient client;
    private static String start;
    private static String completed;
    private static String result;

    @BeforeContainer
    static void startServer() throws IOException {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        GenieSettings settings = GenieSettings.load(Map.of("DATABRICKS_HOST", server.baseUrl(),
                "DATABRICKS_TOKEN", "dapi-wiremock", "GENIE_SPACE_ID", "space-1", "GENIE_TIMEOUT_SECONDS", "1",
                "GENIE_HTTP_TIMEOUT_SECONDS", "2", "GENIE_POLL_INTERVAL_MS", "50"), Map.of("HOME", "target"),
                Path.of("target"));
        client = GenieClient.create(WorkspaceClients.create(settings, 4), settings);
        start = fixture("start-submitted.json");
        completed = fixture("message-completed-query.json");
        result = fixture("query-result.json");
    }

    @AfterContainer
    static void stopServer() {
        server.stop();
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/client", name), StandardCharsets.UTF_8);
    }

    @Property(tries = 40)
    void aMutatedAnswerToTheQuestionEndsInAClassifiedOutcome(@ForAll("mutations") List<Edit> edits,
                                                             @ForAll("statuses") int status) {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(START)).willReturn(json(status, Edit.apply(start, edits))));
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(json(200, completed)));
        server.stubFor(get(urlPathEqualTo(RESULT)).willReturn(json(200, result)));
        askAndCheck(true);
    }

    @Property(tries = 40)
    void aMutatedPollOrResultEndsInAClassifiedOutcome(@ForAll("mutations") List<Edit> edits,
                                                      @ForAll("statuses") int status,
                                                      @ForAll boolean mutateThePoll) {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(START)).willReturn(json(200, start)));
        String poll = mutateThePoll ? Edit.apply(completed, edits) : completed;
        int pollStatus = mutateThePoll ? status : 200;
        server.stubFor(get(urlPathEqualTo(MESSAGE)).willReturn(json(pollStatus, poll)));
        server.stubFor(get(urlPathEqualTo(RESULT)).willReturn(mutateThePoll
                ? json(200, result) : json(status, Edit.apply(result, edits))));
        askAndCheck(pollStatus == 200 && poll.contains("\"status\": \"COMPLETED\""));
    }

    @Property(tries = 300)
    void theClassifierNamesAKindForAnyError(@ForAll("anyStatus") int status, @ForAll("codes") String code,
                                            @ForAll String message) {
        SdkFailure f = SdkFailure.classify(new RuntimeException("wrapped", new DatabricksError(code, message,
                status)));

        assertNotNull(f.kind());
        assertNotEquals(SdkFailure.Kind.UNEXPECTED, f.kind(), "a DatabricksError is always understood");
    }

    /** Asks once; {@code mayComplete}: whether the poll served says COMPLETED, the only way to a success. */
    private static void askAndCheck(boolean mayComplete) {
        GenieAnswer answer = assertTimeoutPreemptively(LIMIT, () -> client.ask("How many repairs?", null));
        assertNotNull(answer.outcome());
        assertNotNull(answer.responseCode(), answer.toString());
        assertTrue(mayComplete || answer.outcome() != GenieOutcome.COMPLETED, "success only from a COMPLETED"
                + " message: " + answer);
        Statistics.collect(answer.outcome());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(200)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504)));
    }

    @Provide
    Arbitrary<Integer> anyStatus() {
        return Arbitraries.integers().between(-1, 999);
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.oneOf(Arbitraries.of("REQUEST_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED", "IO_ERROR",
                "NOT_FOUND", "INTERNAL_ERROR", "", "UNAUTHENTICATED"), Arbitraries.strings().ofMaxLength(20),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<List<Edit>> mutations() {
        Arbitrary<Edit> replace = Combinators.combine(Arbitraries.of("\"SUBMITTED\"", "\"COMPLETED\"", "\"msg-1\"",
                        "\"conv-1\"", "1769604947000", "1769604947180", "\"att-1\"", "[", "{", "\"query\"", "1", ":",
                        "\"row_count\"", "\"status\""),
                Arbitraries.of("null", "\"\"", "\"FAILED\"", "\"WHATEVER\"", "-1", "1e400", "[]", "{}", "\"\\u0000\"",
                        "true", "\"" + "x".repeat(5000) + "\"", ""))
                .as(Edit::new);
        return replace.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Replaces the first occurrence of {@code from} by {@code to}. */
    record Edit(String from, String to) {
        static String apply(String json, List<Edit> edits) {
            String out = json;
            for (Edit e : edits) {
                int i = out.indexOf(e.from());
                if (i >= 0) {
                    out = out.substring(0, i) + e.to() + out.substring(i + e.from().length());
                }
            }
            return out;
        }
    }
}
