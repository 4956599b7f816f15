package io.geniejmeter.conversation;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The content of a conversation file, as written by {@code export-conversations} (here or in the original tool).
 * {@code total_conversations} and {@code total_messages} are not stored: they are computed, so they cannot disagree
 * with the conversations.
 *
 * @param spaceId the Genie space the conversations were exported from ({@code space_id}); may be null
 * @param exportedAt when the export ran, local time as the original writes it ({@code 2026-01-28T08:17:30.463211});
 *     may be null in hand-written files
 * @param conversations the conversations, none of them empty; an immutable copy is kept
 * @param filter the creation-time window of the export, or null when the export had no {@code --from}/{@code --to}
 */
public record ConversationFile(String spaceId, String exportedAt, List<Conversation> conversations, TimeFilter filter) {

    public ConversationFile {
        conversations = List.copyOf(conversations);
    }

    /** @return the number of conversations ({@code total_conversations} in the file) */
    public int totalConversations() {
        return conversations.size();
    }

    /** @return the number of messages over all conversations ({@code total_messages} in the file) */
    public int totalMessages() {
        return conversations.stream().mapToInt(c -> c.messages().size()).sum();
    }

    /**
     * Formats a local time like Python's {@code datetime.now().isoformat()}: microseconds only when not zero, no
     * zone. That is how the original writes {@code exported_at}.
     *
     * @param time the local time
     * @return for example {@code 2026-01-28T08:17:30.463211}
     */
    public static String exportedAtText(LocalDateTime time) {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
        int micros = time.getNano() / 1000;
        return micros == 0 ? base : base + String.format(".%06d", micros);
    }
}
