package io.geniejmeter.export;

import io.geniejmeter.settings.Settings;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.databricks.sdk.WorkspaceClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.geniejmeter.genie.InFlightBarrier;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.genie.WorkspaceClients;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one WireMock set-up of the export tests: a server on 127.0.0.1 with an ephemeral port, started once per test
 * class, reset before each test; a real databricks-sdk-java client pointed at it (retries off, as in production);
 * and builders for the Genie list endpoints' JSON. Register with
 * {@code @RegisterExtension static final GenieWireMock GENIE = new GenieWireMock();}.
 */
public final class GenieWireMock implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    public static final String SPACE_ID = "space-1";
    public static final String TOKEN = "dapi-wiremock-test-token";
    static final String CONVERSATIONS = "/api/2.0/genie/spaces/" + SPACE_ID + "/conversations";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InFlightBarrier barrier = new InFlightBarrier();
    private WireMockServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(barrier));
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        barrier.arm(0, 0);
        // The SDK asks for this at start-up; a 404 only means "no host metadata".
        server.stubFor(get(urlPathEqualTo("/.well-known/databricks-config")).willReturn(notFound()));
        server.stubFor(get(urlPathEqualTo("/oidc/.well-known/oauth-authorization-server")).willReturn(notFound()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    public WireMockServer server() {
        return server;
    }

    /** Holds the responses of stubs made {@code .withTransformers(InFlightBarrier.NAME)}; disarmed before each test. */
    public InFlightBarrier barrier() {
        return barrier;
    }

    /** {@code http://127.0.0.1:PORT} (WireMock's own baseUrl() says "localhost", which may resolve to ::1). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Settings for this server with a personal access token, isolated from the machine's environment. */
    public GenieSettings settings(Path home) {
        return GenieSettings.load(Map.of(Settings.DATABRICKS_HOST.name(), baseUrl(),
                Settings.DATABRICKS_TOKEN.name(), TOKEN), Map.of("HOME", home.toString()), home);
    }

    /** A production-configured SDK client for this server. */
    public WorkspaceClient client(Path home) {
        return WorkspaceClients.create(settings(home), 4);
    }

    /** {@code GET .../conversations} answering one page; {@code pageToken} null matches the first request. */
    public void conversationsPage(String pageToken, ResponseDefinitionBuilder response) {
        MappingBuilder m = get(urlPathEqualTo(CONVERSATIONS));
        m = pageToken == null ? m.withQueryParam("page_token", com.github.tomakehurst.wiremock.client.WireMock.absent())
                : m.withQueryParam("page_token", equalTo(pageToken));
        server.stubFor(m.willReturn(response));
    }

    /** {@code GET .../conversations/{id}/messages}; {@code pageToken} null matches the first request. */
    public void messagesPage(String conversationId, String pageToken, ResponseDefinitionBuilder response) {
        MappingBuilder m = get(urlPathEqualTo(CONVERSATIONS + "/" + conversationId + "/messages"));
        m = pageToken == null ? m.withQueryParam("page_token", com.github.tomakehurst.wiremock.client.WireMock.absent())
                : m.withQueryParam("page_token", equalTo(pageToken));
        server.stubFor(m.willReturn(response));
    }

    /** A list-conversations page: {@code idTitleCreated} is (id, title or null, created ms) repeated. */
    public static ResponseDefinitionBuilder conversations(String nextPageToken, Object... idTitleCreated) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("conversations");
        for (int i = 0; i < idTitleCreated.length; i += 3) {
            ObjectNode c = list.addObject();
            c.put("conversation_id", (String) idTitleCreated[i]);
            if (idTitleCreated[i + 1] != null) {
                c.put("title", (String) idTitleCreated[i + 1]);
            }
            c.put("created_timestamp", ((Number) idTitleCreated[i + 2]).longValue());
        }
        if (nextPageToken != null) {
            body.put("next_page_token", nextPageToken);
        }
        return okJson(body.toString());
    }

    /** A list-messages page: {@code idContentCreated} is (message id, content or null, created ms) repeated. */
    public static ResponseDefinitionBuilder messages(String nextPageToken, Object... idContentCreated) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("messages");
        for (int i = 0; i < idContentCreated.length; i += 3) {
            ObjectNode m = list.addObject();
            m.put("id", (String) idContentCreated[i]);
            m.put("message_id", (String) idContentCreated[i]);
            if (idContentCreated[i + 1] != null) {
                m.put("content", (String) idContentCreated[i + 1]);
            }
            m.put("created_timestamp", ((Number) idContentCreated[i + 2]).longValue());
            m.put("status", "COMPLETED");
        }
        if (nextPageToken != null) {
            body.put("next_page_token", nextPageToken);
        }
        return okJson(body.toString());
    }

    /** A Databricks error envelope with the given status. */
    public static ResponseDefinitionBuilder error(int status, String errorCode, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}");
    }
}
