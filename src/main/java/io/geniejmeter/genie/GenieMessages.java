package io.geniejmeter.genie;

import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieQueryAttachment;

/** Reading what the client needs out of the SDK's {@link GenieMessage}, whose every field may be null. Stateless. */
final class GenieMessages {

    /** The status name of a message without a status. */
    static final String UNKNOWN_STATUS = "UNKNOWN";

    private GenieMessages() {
    }

    /** The status name, {@value #UNKNOWN_STATUS} when the message has none. */
    static String statusName(GenieMessage m) {
        return m.getStatus() == null ? UNKNOWN_STATUS : m.getStatus().name();
    }

    /** Genie's {@code error.type} of a FAILED message, else null. */
    static String errorType(GenieMessage m) {
        return m != null && m.getError() != null && m.getError().getType() != null
                ? m.getError().getType().name() : null;
    }

    /** The first attachment holding a query, else null. */
    static GenieAttachment queryAttachment(GenieMessage m) {
        if (m == null || m.getAttachments() == null) {
            return null;
        }
        for (GenieAttachment a : m.getAttachments()) {
            if (a != null && a.getQuery() != null) {
                return a;
            }
        }
        return null;
    }

    /** What the message answered: its query (with {@code rowCount} as counted by the caller) and its text. */
    static GenieAnswer.Content content(GenieMessage m, Long rowCount) {
        GenieAttachment attachment = queryAttachment(m);
        GenieQueryAttachment query = attachment == null ? null : attachment.getQuery();
        return new GenieAnswer.Content(query == null ? null : query.getQuery(),
                query == null ? null : query.getDescription(), query == null ? null : query.getStatementId(),
                rowCount, textContent(m));
    }

    private static String textContent(GenieMessage m) {
        if (m == null || m.getAttachments() == null) {
            return null;
        }
        for (GenieAttachment a : m.getAttachments()) {
            if (a != null && a.getText() != null && a.getText().getContent() != null) {
                return a.getText().getContent();
            }
        }
        return null;
    }
}
