package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.adminDelete;
import static io.geniejmeter.simulator.SimulatorTestSupport.adminGet;
import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static io.geniejmeter.simulator.SimulatorTestSupport.fast;
import static io.geniejmeter.simulator.SimulatorTestSupport.pollUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /_simulator/messages} tells what the server really did, and can be reset. */
class GroundTruthTest {

    @Test
    void shouldServeCreatedCompletedAndPhaseTimesWhenAMessageIsDone() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().build())) {
            WorkspaceClient w = client(sim);
            long before = System.currentTimeMillis();
            GenieStartConversationResponse s = w.genie().startConversation(new GenieStartConversationMessageRequest()
                    .setSpaceId(sim.spaceId()).setContent("Show total sales by region")).getResponse();
            GenieMessage done = pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());

            HttpResponse<String> r = adminGet(sim, "/_simulator/messages");

            assertEquals(200, r.statusCode());
            JsonNode all = new ObjectMapper().readTree(r.body());
            assertEquals(1, all.size());
            JsonNode t = all.get(0);
            assertEquals(s.getConversationId(), t.get("conversation_id").asText());
            assertEquals(s.getMessageId(), t.get("message_id").asText());
            assertEquals(done.getStatus().name(), t.get("status").asText());
            long created = t.get("created_ms").asLong();
            long completed = t.get("completed_ms").asLong();
            assertTrue(created >= before && completed >= created);
            long sum = 0;
            for (JsonNode ms : t.get("phases_ms")) {
                sum += ms.asLong();
            }
            assertEquals(completed - created, sum, "phases add up to the answer time");
            assertTrue(t.get("phases_ms").has("ASKING_AI"));
        }
    }

    @Test
    void shouldForgetRecordedMessagesWhenReset() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().build())) {
            WorkspaceClient w = client(sim);
            w.genie().startConversation(new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                    .setContent("Count users"));
            assertEquals(1, sim.groundTruth().size());

            assertEquals(200, adminDelete(sim, "/_simulator/messages").statusCode());

            assertEquals("[]", adminGet(sim, "/_simulator/messages").body());
            assertEquals(0, sim.groundTruth().size());
        }
    }
}
