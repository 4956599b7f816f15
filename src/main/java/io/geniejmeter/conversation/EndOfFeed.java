package io.geniejmeter.conversation;

/** What a {@link ConversationFeed} does once every sampled conversation has been handed out. */
public enum EndOfFeed {
    /** Start a new cycle: hand out every sampled conversation again (in a new order when the order is random). */
    RECYCLE,
    /** Hand out nothing more: {@link ConversationFeed#next()} returns empty from then on. */
    STOP
}
