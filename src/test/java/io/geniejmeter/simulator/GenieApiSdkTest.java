package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static io.geniejmeter.simulator.SimulatorTestSupport.fast;
import static io.geniejmeter.simulator.SimulatorTestSupport.pollUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieConversationSummary;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieExecuteMessageAttachmentQueryRequest;
import com.databricks.sdk.service.dashboards.GenieGetMessageQueryResultResponse;
import com.databricks.sdk.service.dashboards.GenieListConversationMessagesRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationMessagesResponse;
import com.databricks.sdk.service.dashboards.GenieListConversationsRequest;
import com.databricks.sdk.service.dashboards.GenieListConversationsResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.support.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives every Genie endpoint of the simulator with the real databricks-sdk-java client. */
class GenieApiSdkTest {

    private static GenieSimulator sim;
    private static WorkspaceClient w;

    @BeforeAll
    static void start() throws Exception {
        sim = GenieSimulator.start(fast().textOnlyRate(0).build());
        w = client(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static GenieStartConversationResponse ask(String question) {
        return w.genie().startConversation(new GenieStartConversationMessageRequest()
                .setSpaceId(sim.spaceId()).setContent(question)).getResponse();
    }

    @Test
    void shouldCompleteWithSqlAttachmentWhenTheSdkWaiterWaitsForTheAnswer() throws Exception {
        Wait<GenieMessage, GenieStartConversationResponse> wait = w.genie().startConversation(
                new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                        .setContent("Show total repairs by month for JetBlue airline"));
        GenieStartConversationResponse started = wait.getResponse();
        assertNotNull(started.getConversationId());
        assertEquals(started.getMessageId(), started.getMessage().getMessageId());
        assertEquals(MessageStatus.SUBMITTED, started.getMessage().getStatus());

        GenieMessage done = wait.get(Duration.ofSeconds(30));

        assertEquals(MessageStatus.COMPLETED, done.getStatus());
        GenieAttachment a = done.getAttachments().iterator().next();
        assertNotNull(a.getAttachmentId());
        String sql = a.getQuery().getQuery();
        assertTrue(sql.contains("SUM(amount)"), sql);
        assertTrue(sql.contains("date_trunc('MONTH'"), sql);
        assertTrue(sql.contains("airline = 'JetBlue'"), sql);
        assertNotNull(a.getQuery().getStatementId());
        assertNotNull(a.getQuery().getDescription());
        assertTrue(a.getQuery().getQueryResultMetadata().getRowCount() > 0);
        assertEquals(sim.spaceId(), done.getSpaceId());
        assertTrue(done.getLastUpdatedTimestamp() >= done.getCreatedTimestamp());
    }

    @Test
    void shouldAnswerFollowUpInTheSameConversationWhenCreateMessageIsWaitedFor() throws Exception {
        GenieStartConversationResponse first = ask("How many flights per airline");
        pollUntilDone(w, sim.spaceId(), first.getConversationId(), first.getMessageId());

        GenieMessage followUp = w.genie().createMessage(new GenieCreateConversationMessageRequest()
                .setSpaceId(sim.spaceId()).setConversationId(first.getConversationId())
                .setContent("Only for 2024")).get(Duration.ofSeconds(30));

        assertEquals(MessageStatus.COMPLETED, followUp.getStatus());
        assertEquals(first.getConversationId(), followUp.getConversationId());
        assertFalse(first.getMessageId().equals(followUp.getMessageId()));
    }

    @Test
    void shouldReturnTypedRowsWhenTheQueryResultIsFetchedAndReExecuted() throws Exception {
        GenieStartConversationResponse started = ask("Show the average delay by month");
        GenieMessage done = pollUntilDone(w, sim.spaceId(), started.getConversationId(), started.getMessageId());
        GenieAttachment a = done.getAttachments().iterator().next();

        GenieGetMessageQueryResultResponse result = w.genie().getMessageAttachmentQueryResult(sim.spaceId(),
                done.getConversationId(), done.getMessageId(), a.getAttachmentId());

        var st = result.getStatementResponse();
        assertEquals(StatementState.SUCCEEDED, st.getStatus().getState());
        assertEquals(a.getQuery().getStatementId(), st.getStatementId());
        assertEquals("month", st.getManifest().getSchema().getColumns().iterator().next().getName());
        assertEquals("DATE", st.getManifest().getSchema().getColumns().iterator().next().getTypeText());
        assertEquals(a.getQuery().getQueryResultMetadata().getRowCount(), st.getResult().getRowCount());
        List<String> firstRow = new ArrayList<>(st.getResult().getDataArray().iterator().next());
        assertTrue(firstRow.get(0).matches("\\d{4}-\\d{2}-\\d{2}"), firstRow.toString());
        Double.parseDouble(firstRow.get(1));

        GenieGetMessageQueryResultResponse again = w.genie().executeMessageAttachmentQuery(
                new GenieExecuteMessageAttachmentQueryRequest().setSpaceId(sim.spaceId())
                        .setConversationId(done.getConversationId()).setMessageId(done.getMessageId())
                        .setAttachmentId(a.getAttachmentId()));
        assertEquals(StatementState.SUCCEEDED, again.getStatementResponse().getStatus().getState());
        assertFalse(a.getQuery().getStatementId().equals(again.getStatementResponse().getStatementId()));
        assertEquals(st.getResult().getDataArray(), again.getStatementResponse().getResult().getDataArray());
    }

    @Test
    void shouldListEveryConversationOnceWhenPagingWithSmallPages() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            mine.add(ask("Count orders for region " + i).getConversationId());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            GenieListConversationsResponse page = w.genie().listConversations(new GenieListConversationsRequest()
                    .setSpaceId(sim.spaceId()).setPageSize(2L).setPageToken(token));
            assertTrue(page.getConversations().size() <= 2);
            for (GenieConversationSummary c : page.getConversations()) {
                seen.add(c.getConversationId());
                assertNotNull(c.getTitle());
                assertNotNull(c.getCreatedTimestamp());
            }
            token = page.getNextPageToken();
            pages++;
        } while (token != null && pages < 100);

        assertEquals(new HashSet<>(seen).size(), seen.size(), "no conversation listed twice");
        assertTrue(seen.containsAll(mine));
        assertTrue(pages >= 3);
    }

    @Test
    void shouldListOtherUsersConversationsOnlyWhenIncludeAllIsSet() {
        SimConversation other = engine().preload(null, "Someone else's question", 1_700_000_000_000L, "777",
                List.of("Someone else's question"), List.of(1_700_000_000_100L),
                java.util.Arrays.asList((String) null));

        Set<String> own = ids(w.genie().listConversations(new GenieListConversationsRequest()
                .setSpaceId(sim.spaceId()).setPageSize(100L)));
        Set<String> all = new HashSet<>();
        String token = null;
        do {
            GenieListConversationsResponse page = w.genie().listConversations(new GenieListConversationsRequest()
                    .setSpaceId(sim.spaceId()).setIncludeAll(true).setPageSize(100L).setPageToken(token));
            all.addAll(ids(page));
            token = page.getNextPageToken();
        } while (token != null);

        assertFalse(own.contains(other.id));
        assertTrue(all.contains(other.id));
    }

    private static Set<String> ids(GenieListConversationsResponse page) {
        Set<String> ids = new HashSet<>();
        if (page.getConversations() != null) {
            page.getConversations().forEach(c -> ids.add(c.getConversationId()));
        }
        return ids;
    }

    private static GenieEngine engine() {
        return sim.engine();
    }

    @Test
    void shouldPageMessagesInCreationOrderWhenListingAConversation() throws Exception {
        GenieStartConversationResponse first = ask("Show revenue by quarter");
        List<String> expected = new ArrayList<>(List.of(first.getMessageId()));
        for (int i = 0; i < 2; i++) {
            GenieMessage m = w.genie().createMessage(new GenieCreateConversationMessageRequest()
                    .setSpaceId(sim.spaceId()).setConversationId(first.getConversationId())
                    .setContent("And for region " + i)).getResponse();
            expected.add(m.getMessageId());
        }

        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            GenieListConversationMessagesResponse page = w.genie().listConversationMessages(
                    new GenieListConversationMessagesRequest().setSpaceId(sim.spaceId())
                            .setConversationId(first.getConversationId()).setPageSize(2L).setPageToken(token));
            page.getMessages().forEach(m -> listed.add(m.getMessageId()));
            token = page.getNextPageToken();
        } while (token != null);

        assertEquals(expected, listed);
    }

    @Test
    void shouldDescribeTheSpaceWithItsWarehouse() {
        GenieSpace space = w.genie().getSpace(sim.spaceId());

        assertEquals(sim.spaceId(), space.getSpaceId());
        assertEquals(sim.warehouseId(), space.getWarehouseId());
        assertNotNull(space.getTitle());
    }

    @Test
    void shouldAnswer404WhenAConversationWasDeleted() {
        GenieStartConversationResponse started = ask("Show total sales by store");

        w.genie().deleteConversation(sim.spaceId(), started.getConversationId());

        NotFound e = assertThrows(NotFound.class, () -> w.genie().getMessage(sim.spaceId(),
                started.getConversationId(), started.getMessageId()));
        assertTrue(e instanceof ResourceDoesNotExist);
        assertEquals(404, e.getStatusCode());
    }

    @Test
    void shouldAnswer404WhenTheSpaceIsUnknown() {
        ResourceDoesNotExist e = assertThrows(ResourceDoesNotExist.class,
                () -> w.genie().getSpace("01f0000000000000000000000000dead"));
        assertEquals("RESOURCE_DOES_NOT_EXIST", e.getErrorCode());
    }

    @Test
    void shouldAnswer400WhenTheQuestionIsEmpty() {
        InvalidParameterValue e = assertThrows(InvalidParameterValue.class, () -> w.genie().startConversation(
                new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId()).setContent(" ")));
        assertEquals(400, e.getStatusCode());
    }

    @Test
    void shouldAnswer401WhenTheTokenIsWrong() {
        WorkspaceClient stranger = client(sim.baseUrl(), "dapi-not-the-right-one");

        Unauthenticated e = assertThrows(Unauthenticated.class, () -> stranger.genie().getSpace(sim.spaceId()));
        assertEquals(401, e.getStatusCode());
        assertEquals("UNAUTHENTICATED", e.getErrorCode());
    }

    @Test
    void shouldAnswer403WhenTheTokenLacksPermission() {
        WorkspaceClient denied = client(sim.baseUrl(), sim.forbiddenToken());

        PermissionDenied e = assertThrows(PermissionDenied.class, () -> denied.genie().startConversation(
                new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId()).setContent("hello")));
        assertEquals(403, e.getStatusCode());
    }

    @Test
    void shouldAnswerTextOnlyWhenTheQuestionIsAGreeting() throws Exception {
        GenieStartConversationResponse started = ask("Hello, what can you do?");

        GenieMessage done = pollUntilDone(w, sim.spaceId(), started.getConversationId(), started.getMessageId());

        assertEquals(MessageStatus.COMPLETED, done.getStatus());
        GenieAttachment a = done.getAttachments().iterator().next();
        assertNull(a.getQuery());
        assertFalse(a.getText().getContent().isBlank());
        assertThrows(ResourceDoesNotExist.class, () -> w.genie().getMessageAttachmentQueryResult(sim.spaceId(),
                done.getConversationId(), done.getMessageId(), a.getAttachmentId()));
    }
}
