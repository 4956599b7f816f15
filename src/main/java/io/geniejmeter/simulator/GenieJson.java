package io.geniejmeter.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders the simulator's wire JSON (snake_case, as Databricks sends it) with Jackson's streaming generator: the
 * get-message poll is the hot path, so no object trees and no reflection there.
 */
final class GenieJson {

    static final JsonFactory FACTORY = new JsonFactory();

    private GenieJson() {
    }

    /** Something that writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] render(Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                body.write(g);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Databricks error envelope {@code {"error_code", "message"}}. */
    static byte[] error(String code, String message) {
        return render(g -> {
            g.writeStartObject();
            g.writeStringField("error_code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    /** GenieMessage JSON at status index {@code idx}, cached per status on the message. */
    static byte[] message(SimMessage m, int idx) {
        SimMessage.Rendered r = m.rendered();
        if (r != null && r.index() == idx) {
            return r.json();
        }
        byte[] json = render(g -> writeMessage(g, m, idx));
        m.rendered(new SimMessage.Rendered(idx, json));
        return json;
    }

    static void writeMessage(JsonGenerator g, SimMessage m, int idx) throws IOException {
        String status = m.status(idx);
        g.writeStartObject();
        g.writeStringField("id", m.messageId);
        g.writeStringField("message_id", m.messageId);
        g.writeStringField("conversation_id", m.conversationId);
        g.writeStringField("space_id", m.spaceId);
        g.writeNumberField("user_id", parseUser(m.userId));
        g.writeStringField("content", m.content);
        g.writeStringField("status", status);
        g.writeNumberField("created_timestamp", m.createdMs);
        g.writeNumberField("last_updated_timestamp", m.statusSince(idx));
        boolean query = m.hasQuery(idx);
        boolean text = m.hasText(idx);
        if (query || text) {
            AnswerGenerator.Answer a = m.answer;
            g.writeArrayFieldStart("attachments");
            g.writeStartObject();
            g.writeStringField("attachment_id", m.attachmentId);
            if (query) {
                g.writeObjectFieldStart("query");
                g.writeStringField("id", m.attachmentId);
                g.writeStringField("title", a.title());
                g.writeStringField("description", a.description());
                g.writeStringField("query", a.sql());
                if (m.statementId != null) {
                    g.writeStringField("statement_id", m.statementId);
                }
                if (idx >= m.phases.length && "COMPLETED".equals(m.terminal)) {
                    g.writeObjectFieldStart("query_result_metadata");
                    g.writeNumberField("row_count", a.rows().size());
                    g.writeBooleanField("is_truncated", false);
                    g.writeEndObject();
                }
                g.writeNumberField("last_updated_timestamp", m.statusSince(Math.min(idx, m.queryFromIndex)));
                g.writeEndObject();
            } else {
                g.writeObjectFieldStart("text");
                g.writeStringField("id", m.attachmentId);
                g.writeStringField("content", a.text());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
        }
        if (m.errorType != null && idx >= m.phases.length) {
            g.writeObjectFieldStart("error");
            g.writeStringField("error", m.errorMessage);
            g.writeStringField("type", m.errorType);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static long parseUser(String userId) {
        try {
            return Long.parseLong(userId);
        } catch (NumberFormatException e) {
            return Math.abs((long) userId.hashCode());
        }
    }

    static void writeConversation(JsonGenerator g, SimConversation c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id);
        g.writeStringField("conversation_id", c.id);
        g.writeStringField("space_id", c.spaceId);
        g.writeNumberField("user_id", parseUser(c.userId));
        g.writeStringField("title", c.title);
        g.writeNumberField("created_timestamp", c.createdMs);
        g.writeNumberField("last_updated_timestamp", c.lastUpdatedMs);
        g.writeEndObject();
    }

    /**
     * A StatementResponse (Statement Execution API shape) holding the answer's rows inline, as the Genie query-result
     * endpoint returns it under {@code statement_response}.
     */
    static void writeStatement(JsonGenerator g, String statementId, String state, AnswerGenerator.Answer a,
                               String errorCode, String errorMessage) throws IOException {
        g.writeStartObject();
        g.writeStringField("statement_id", statementId);
        g.writeObjectFieldStart("status");
        g.writeStringField("state", state);
        if (errorCode != null) {
            g.writeObjectFieldStart("error");
            g.writeStringField("error_code", errorCode);
            g.writeStringField("message", errorMessage);
            g.writeEndObject();
        }
        g.writeEndObject();
        if (a != null && "SUCCEEDED".equals(state)) {
            List<AnswerGenerator.Column> cols = a.columns();
            g.writeObjectFieldStart("manifest");
            g.writeStringField("format", "JSON_ARRAY");
            g.writeObjectFieldStart("schema");
            g.writeNumberField("column_count", cols.size());
            g.writeArrayFieldStart("columns");
            for (int i = 0; i < cols.size(); i++) {
                g.writeStartObject();
                g.writeStringField("name", cols.get(i).name());
                g.writeNumberField("position", i);
                g.writeStringField("type_name", cols.get(i).typeName());
                g.writeStringField("type_text", cols.get(i).typeName());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("total_row_count", a.rows().size());
            g.writeNumberField("total_chunk_count", 1);
            g.writeBooleanField("truncated", false);
            g.writeArrayFieldStart("chunks");
            g.writeStartObject();
            g.writeNumberField("chunk_index", 0);
            g.writeNumberField("row_offset", 0);
            g.writeNumberField("row_count", a.rows().size());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeFieldName("result");
            writeResultChunk(g, a.rows());
        }
        g.writeEndObject();
    }

    /** The one result chunk the simulator serves (chunk 0 holds every row), inline in a statement or on its own. */
    static void writeResultChunk(JsonGenerator g, List<List<String>> rows) throws IOException {
        g.writeStartObject();
        g.writeNumberField("chunk_index", 0);
        g.writeNumberField("row_offset", 0);
        g.writeNumberField("row_count", rows.size());
        g.writeArrayFieldStart("data_array");
        for (List<String> row : rows) {
            g.writeStartArray();
            for (String v : row) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void writeTruth(JsonGenerator g, MessageTruth t) throws IOException {
        g.writeStartObject();
        g.writeStringField("conversation_id", t.conversationId());
        g.writeStringField("message_id", t.messageId());
        g.writeStringField("content", t.content());
        g.writeStringField("status", t.status());
        g.writeStringField("final_status", t.finalStatus());
        if (t.errorType() != null) {
            g.writeStringField("error_type", t.errorType());
        }
        g.writeNumberField("created_ms", t.createdMs());
        if (t.completedMs() != null) {
            g.writeNumberField("completed_ms", t.completedMs());
        } else {
            g.writeNullField("completed_ms");
        }
        g.writeObjectFieldStart("phases_ms");
        for (Map.Entry<String, Long> e : t.phasesMs().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
