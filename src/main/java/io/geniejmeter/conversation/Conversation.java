package io.geniejmeter.conversation;

import java.util.List;
import java.util.Objects;

/**
 * One recorded Genie conversation: the questions a user asked, in the order they were asked. A load test replays
 * the first message as a new conversation and the rest as follow-ups in that new conversation.
 *
 * @param id Genie's conversation id ({@code id} in the file)
 * @param title the conversation title; "Untitled" when Genie had none (as the original exporter writes it)
 * @param createdTimestamp when the conversation was started, epoch milliseconds ({@code created_timestamp})
 * @param messages the questions in time order; an immutable copy is kept
 */
public record Conversation(String id, String title, long createdTimestamp, List<ConversationMessage> messages) {

    /** The title the original exporter writes when a conversation has none. */
    public static final String UNTITLED = "Untitled";

    public Conversation {
        Objects.requireNonNull(id, "id");
        title = title == null ? UNTITLED : title;
        messages = List.copyOf(messages);
    }
}
