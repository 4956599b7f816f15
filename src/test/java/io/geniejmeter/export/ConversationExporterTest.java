package io.geniejmeter.export;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.geniejmeter.export.GenieWireMock.conversations;
import static io.geniejmeter.export.GenieWireMock.error;
import static io.geniejmeter.export.GenieWireMock.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.conversation.TimeFilter;
import io.geniejmeter.genie.InFlightBarrier;
import io.geniejmeter.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter against WireMock: paging edge cases and every error path, through the real SDK client with its
 * retries off (as {@code WorkspaceClients} builds it). Back-off waits are recorded, not slept.
 */
class ConversationExporterTest {

    @RegisterExtension
    static final GenieWireMock GENIE = new GenieWireMock();

    @TempDir
    Path dir;

    private final ManualClock waits = new ManualClock();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-28T08:17:30.463211Z"), ZoneOffset.UTC);

    private ConversationExporter exporter() {
        return new ConversationExporter(GENIE.client(dir), clock, waits,
                new ConversationExporter.RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                Duration.ofSeconds(5), ConversationExporter.DEFAULT_PARALLELISM);
    }

    private static ExportRequest request() {
        return new ExportRequest(GenieWireMock.SPACE_ID, false, null, null, null);
    }

    private int requests(String pathRegex) {
        return GENIE.server().findAll(getRequestedFor(urlPathMatching(pathRegex))).size();
    }

    @Test
    void exportsNonEmptyMessagesInTimeOrderAndDropsEmptyConversations() throws Exception {
        GENIE.conversationsPage(null, conversations(null,
                "c1", "Repairs by month", 1000L,
                "c2", null, 2000L,
                "c3", "only blanks", 3000L));
        GENIE.messagesPage("c1", null, messages(null,
                "m2", "And by airline?", 1200L,
                "m1", "Show total repairs by month", 1100L,
                "m3", null, 1300L));
        GENIE.messagesPage("c2", null, messages(null, "m4", "Umsatz – größte Märkte", 2100L));
        GENIE.messagesPage("c3", null, messages(null, "m5", "", 3100L, "m6", "   ", 3200L));
        Path out = dir.resolve("conversations.yaml");

        ConversationFile file;
        try (LogCapture log = new LogCapture()) {
            file = exporter().exportTo(request(), out);
            assertTrue(log.text().contains("Connecting to Genie space: space-1"), log.text());
            assertTrue(log.text().contains("Exported 2 conversations with 3 messages to " + out), log.text());
        }

        assertEquals(List.of(
                new Conversation("c1", "Repairs by month", 1000L, List.of(
                        new ConversationMessage("Show total repairs by month", 1100L, "m1"),
                        new ConversationMessage("And by airline?", 1200L, "m2"))),
                new Conversation("c2", "Untitled", 2000L, List.of(
                        new ConversationMessage("Umsatz – größte Märkte", 2100L, "m4")))), file.conversations());
        assertEquals("2026-01-28T08:17:30.463211", file.exportedAt());
        assertNull(file.filter());
        assertEquals(file, ConversationFiles.read(out));
        GENIE.server().verify(getRequestedFor(urlPathEqualTo(GenieWireMock.CONVERSATIONS))
                .withQueryParam("page_size", equalTo("100")));
        GENIE.server().verify(getRequestedFor(urlPathEqualTo(GenieWireMock.CONVERSATIONS + "/c1/messages"))
                .withQueryParam("page_size", equalTo("100")));
    }

    @Test
    void asksForEveryUsersConversationsWithIncludeAll() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "c1", "t", 1L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q", 2L));

        exporter().export(new ExportRequest(GenieWireMock.SPACE_ID, true, null, null, null));

        GENIE.server().verify(getRequestedFor(urlPathEqualTo(GenieWireMock.CONVERSATIONS))
                .withQueryParam("include_all", equalTo("true")));
    }

    @Test
    void followsPageTokensAcrossEmptyPages() throws Exception {
        GENIE.conversationsPage(null, conversations("p2", "c1", "t1", 1L));
        GENIE.conversationsPage("p2", conversations("p3"));
        GENIE.conversationsPage("p3", conversations(null, "c2", "t2", 2L));
        GENIE.messagesPage("c1", null, messages("mp2", "m1", "first", 10L));
        GENIE.messagesPage("c1", "mp2", messages(null, "m0", "earlier, on page two", 5L));
        GENIE.messagesPage("c2", null, messages(null, "m2", "second", 20L));

        ConversationFile file = exporter().export(request());

        assertEquals(List.of("c1", "c2"), file.conversations().stream().map(Conversation::id).toList());
        assertEquals(List.of("earlier, on page two", "first"),
                file.conversations().get(0).messages().stream().map(ConversationMessage::content).toList());
        assertEquals(3, requests(GenieWireMock.CONVERSATIONS));
    }

    @Test
    void stopsWhenThePageHasNoNextPageToken() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "c1", "t1", 1L));
        GENIE.conversationsPage("never", conversations(null, "c9", "t9", 9L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q", 2L));

        ConversationFile file = exporter().export(request());

        assertEquals(1, file.totalConversations());
        assertEquals(1, requests(GenieWireMock.CONVERSATIONS));
    }

    @Test
    void treatsAnEmptyFirstPageAsAnEmptySpace() throws Exception {
        GENIE.conversationsPage(null, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{}"));

        ConversationFile file = exporter().export(request());

        assertEquals(0, file.totalConversations());
    }

    @Test
    void stopsOnAPageTokenSeenBefore() throws Exception {
        GENIE.conversationsPage(null, conversations("loop", "c1", "t1", 1L));
        GENIE.conversationsPage("loop", conversations("loop", "c2", "t2", 2L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q1", 2L));
        GENIE.messagesPage("c2", null, messages(null, "m2", "q2", 3L));

        ConversationFile file = exporter().export(request());

        assertEquals(List.of("c1", "c2"), file.conversations().stream().map(Conversation::id).toList());
        assertEquals(2, requests(GenieWireMock.CONVERSATIONS));
    }

    @Test
    void exportsAThousandConversationsOverTenPages() throws Exception {
        for (int page = 0; page < 10; page++) {
            Object[] rows = new Object[300];
            for (int i = 0; i < 100; i++) {
                int n = page * 100 + i;
                rows[3 * i] = "c" + n;
                rows[3 * i + 1] = "title " + n;
                rows[3 * i + 2] = (long) n;
            }
            GENIE.conversationsPage(page == 0 ? null : "p" + page, conversations(page == 9 ? null : "p" + (page + 1),
                    rows));
        }
        GENIE.server().stubFor(get(urlPathMatching(GenieWireMock.CONVERSATIONS + "/c[0-9]+/messages"))
                .willReturn(messages(null, "m", "How many?", 5L)));

        ConversationFile file = exporter().export(request());

        assertEquals(1000, file.totalConversations());
        assertEquals(1000, file.totalMessages());
        assertEquals(IntStream.range(0, 1000).mapToObj(i -> "c" + i).toList(),
                file.conversations().stream().map(Conversation::id).toList(), "listing order, despite parallel reads");
        assertEquals(10, requests(GenieWireMock.CONVERSATIONS));
    }

    @Test
    void stopsListingOnceMaxConversationsAreExported() throws Exception {
        GENIE.conversationsPage(null, conversations("p2", "c1", "t", 1L, "empty", "t", 2L, "c2", "t", 3L,
                "c3", "t", 4L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q1", 1L));
        GENIE.messagesPage("empty", null, messages(null));
        GENIE.messagesPage("c2", null, messages(null, "m2", "q2", 1L));

        ConversationFile file = exporter().export(new ExportRequest(GenieWireMock.SPACE_ID, false, 2, null, null));

        assertEquals(List.of("c1", "c2"), file.conversations().stream().map(Conversation::id).toList());
        assertEquals(1, requests(GenieWireMock.CONVERSATIONS), "no second page");
        assertEquals(0, requests(GenieWireMock.CONVERSATIONS + "/c3/messages"));
    }

    @Test
    void keepsOnlyConversationsCreatedInsideTheWindowBothEndsIncluded() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "before", "t", 999L, "from", "t", 1000L,
                "to", "t", 2000L, "after", "t", 2001L));
        for (String id : List.of("before", "from", "to", "after")) {
            GENIE.messagesPage(id, null, messages(null, "m-" + id, "q " + id, 1L));
        }

        ConversationFile file = exporter().export(new ExportRequest(GenieWireMock.SPACE_ID, false, null, 1000L,
                2000L));

        assertEquals(List.of("from", "to"), file.conversations().stream().map(Conversation::id).toList());
        assertEquals(TimeFilter.of(1000L, 2000L), file.filter());
        assertEquals(0, requests(GenieWireMock.CONVERSATIONS + "/before/messages"));
    }

    @Test
    void explainsHowToSetATokenOn401AndWritesNothing() {
        GENIE.conversationsPage(null, error(401, "UNAUTHENTICATED", "Invalid access token."));
        Path out = dir.resolve("conversations.yaml");

        ExportException e = assertThrows(ExportException.class, () -> exporter().exportTo(request(), out));

        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertTrue(e.getMessage().contains("DATABRICKS_TOKEN"), e.getMessage());
        assertTrue(e.getMessage().contains("Access tokens"), e.getMessage());
        assertFalse(e.getMessage().contains(GenieWireMock.TOKEN), "never the secret");
        assertFalse(Files.exists(out));
        assertTrue(waits.sleeps().isEmpty(), "no retry on 401");
    }

    @Test
    void namesCanManageOn403WithIncludeAll() {
        GENIE.conversationsPage(null, error(403, "PERMISSION_DENIED", "User does not have CAN MANAGE."));

        ExportException withAll = assertThrows(ExportException.class, () -> exporter().export(
                new ExportRequest(GenieWireMock.SPACE_ID, true, null, null, null)));
        ExportException own = assertThrows(ExportException.class, () -> exporter().export(request()));

        assertTrue(withAll.getMessage().contains("--include-all"), withAll.getMessage());
        assertTrue(withAll.getMessage().contains("CAN MANAGE"), withAll.getMessage());
        assertTrue(withAll.getMessage().contains("HTTP 403 PERMISSION_DENIED"), withAll.getMessage());
        assertTrue(own.getMessage().contains("share it with you"), own.getMessage());
    }

    @Test
    void saysTheSpaceIdIsWrongOn404() {
        GENIE.conversationsPage(null, error(404, "RESOURCE_DOES_NOT_EXIST", "Space not found."));

        ExportException e = assertThrows(ExportException.class, () -> exporter().export(request()));

        assertTrue(e.getMessage().contains("Genie space space-1 was not found"), e.getMessage());
        assertTrue(e.getMessage().contains("--space-id / GENIE_SPACE_ID"), e.getMessage());
    }

    @Test
    void skipsAConversationDeletedDuringTheExport() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "gone", "t", 1L, "c1", "t", 2L));
        GENIE.messagesPage("gone", null, error(404, "RESOURCE_DOES_NOT_EXIST", "Conversation not found."));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q", 3L));

        ConversationFile file = exporter().export(request());

        assertEquals(List.of("c1"), file.conversations().stream().map(Conversation::id).toList());
    }

    @Test
    void backsOffOnThrottlingAndContinues() throws Exception {
        GENIE.server().stubFor(get(urlPathEqualTo(GenieWireMock.CONVERSATIONS)).inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
                .willReturn(error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests")));
        GENIE.server().stubFor(get(urlPathEqualTo(GenieWireMock.CONVERSATIONS)).inScenario("throttle")
                .whenScenarioStateIs("once").willSetStateTo("twice")
                .willReturn(error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests")));
        GENIE.server().stubFor(get(urlPathEqualTo(GenieWireMock.CONVERSATIONS)).inScenario("throttle")
                .whenScenarioStateIs("twice").willReturn(conversations(null, "c1", "t", 1L)));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q", 2L));

        ConversationFile file = exporter().export(request());

        assertEquals(1, file.totalConversations());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waits.sleepDurations());
    }

    @Test
    void givesUpOnEndlessThrottlingAfterBoundedRetries() {
        GENIE.conversationsPage(null, error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests"));

        ExportException e = assertThrows(ExportException.class, () -> exporter().export(request()));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
                waits.sleepDurations());
        assertEquals(4, requests(GenieWireMock.CONVERSATIONS));
        assertTrue(e.getMessage().contains("HTTP 429"), e.getMessage());
        assertTrue(e.getMessage().contains("4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-conversations"), e.getMessage());
    }

    @Test
    void reportsANetworkFailureAfterRetrying() {
        GENIE.conversationsPage(null, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        ExportException e = assertThrows(ExportException.class, () -> exporter().export(request()));

        assertEquals(3, waits.sleeps().size());
        assertTrue(e.getMessage().startsWith("Cannot reach " + GENIE.baseUrl()), e.getMessage());
        assertTrue(e.getMessage().contains("Check DATABRICKS_HOST, your network connection"), e.getMessage());
    }

    @Test
    void reportsAnotherServerErrorWithItsStatus() {
        GENIE.conversationsPage(null, error(500, "INTERNAL_ERROR", "boom"));

        ExportException e = assertThrows(ExportException.class, () -> exporter().export(request()));

        assertTrue(e.getMessage().contains("HTTP 500 INTERNAL_ERROR: boom"), e.getMessage());
        assertTrue(waits.sleeps().isEmpty());
    }

    @Test
    void logsProgressOnLongExports() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "c1", "t", 1L, "c2", "t", 2L, "c3", "t", 3L));
        GENIE.server().stubFor(get(urlPathMatching(GenieWireMock.CONVERSATIONS + "/c[0-9]/messages"))
                .willReturn(messages(null, "m", "q", 5L)));
        // Every look at the clock moves it 3 s on: progress is due on every second conversation.
        ManualClock ticking = new ManualClock();
        ticking.autoAdvance(Duration.ofSeconds(3));
        ConversationExporter exporter = new ConversationExporter(GENIE.client(dir), clock, ticking,
                ConversationExporter.RetryPolicy.DEFAULT, Duration.ofSeconds(5), 1);

        try (LogCapture log = new LogCapture()) {
            exporter.export(request());

            assertTrue(log.text().contains("Progress: 3 conversations listed, 2 exported with 2 messages so far"),
                    log.text());
        }
    }

    @Test
    void readsSeveralConversationsAtOnceButKeepsTheListingOrder() throws Exception {
        GENIE.conversationsPage(null, conversations(null, "slow", "t", 1L, "fast1", "t", 2L, "fast2", "t", 3L,
                "fast3", "t", 4L));
        // Each message list is held at the server until all four are there: only reads made together get there.
        GENIE.barrier().arm(4, 5_000);
        GENIE.messagesPage("slow", null, messages(null, "m0", "slow one", 1L).withFixedDelay(500)
                .withTransformers(InFlightBarrier.NAME));
        for (int i = 1; i <= 3; i++) {
            GENIE.messagesPage("fast" + i, null, messages(null, "m" + i, "fast " + i, 1L)
                    .withTransformers(InFlightBarrier.NAME));
        }

        ConversationFile file = exporter().export(request());

        assertEquals(List.of("slow", "fast1", "fast2", "fast3"),
                file.conversations().stream().map(Conversation::id).toList(), "listing order, the slow one first");
        assertEquals(4, GENIE.barrier().maxInFlight(), "message lists read at the same time");
    }

    @Test
    void keepsTheOldFileWhenTheExportFails() throws IOException {
        Path out = dir.resolve("conversations.yaml");
        Files.writeString(out, "previous export");
        GENIE.conversationsPage(null, conversations(null, "c1", "t", 1L));
        GENIE.messagesPage("c1", null, error(500, "INTERNAL_ERROR", "boom"));

        assertThrows(ExportException.class, () -> exporter().exportTo(request(), out));

        assertEquals("previous export", Files.readString(out));
    }

    /** The folder holds {@code out} with {@code content} and nothing else: no half-written or temporary file. */
    private void onlyTheOldFile(Path out, String content) throws IOException {
        assertEquals(content, Files.readString(out));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left");
        }
    }

    @Test
    void keepsTheOldFileWhenTheExportFailsMidwayOnTheSecondPage() throws IOException {
        Path out = dir.resolve("conversations.yaml");
        Files.writeString(out, "previous export");
        GENIE.conversationsPage(null, conversations("p2", "c1", "t1", 1L, "c2", "t2", 2L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "first", 10L));
        GENIE.messagesPage("c2", null, messages(null, "m2", "second", 20L));
        GENIE.conversationsPage("p2", error(500, "INTERNAL_ERROR", "the second page broke"));

        assertThrows(ExportException.class, () -> exporter().exportTo(request(), out));

        onlyTheOldFile(out, "previous export");
        assertTrue(requests(GenieWireMock.CONVERSATIONS + "/c1/messages") >= 1, "failed midway, after reading c1");
    }

    @Test
    void keepsTheOldFileWhenTheExportIsInterruptedMidway() throws Exception {
        Path out = dir.resolve("conversations.yaml");
        Files.writeString(out, "previous export");
        GENIE.conversationsPage(null, conversations(null, "c1", "t1", 1L, "c2", "t2", 2L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "first", 10L));
        GENIE.messagesPage("c2", null, messages(null, "m2", "second", 20L).withFixedDelay(30_000));
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic
                .AtomicReference<>();
        Thread export = new Thread(() -> {
            try {
                exporter().exportTo(request(), out);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        export.start();
        long waitUntil = System.nanoTime() + 10_000_000_000L;
        while (requests(GenieWireMock.CONVERSATIONS + "/c2/messages") == 0 && System.nanoTime() < waitUntil) {
            Thread.onSpinWait();
        }

        export.interrupt(); // as Ctrl-C's shutdown or a notebook's cancel does to the exporting thread
        export.join(10_000);

        assertTrue(!export.isAlive(), "the export ends when interrupted");
        assertTrue(thrown.get() instanceof ExportException, String.valueOf(thrown.get()));
        onlyTheOldFile(out, "previous export");
    }
}
