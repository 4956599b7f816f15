package io.geniejmeter.conversation;

import java.util.Objects;

/**
 * One user question of a recorded Genie conversation, as stored under {@code messages} in a conversation file.
 *
 * @param content the question text sent to Genie; never null (a file without it is rejected)
 * @param timestamp when the question was asked, epoch milliseconds ({@code timestamp} in the file; 0 when unknown)
 * @param messageId Genie's id of the recorded message ({@code message_id}); may be null in hand-written files
 */
public record ConversationMessage(String content, long timestamp, String messageId) {

    public ConversationMessage {
        Objects.requireNonNull(content, "content");
    }
}
