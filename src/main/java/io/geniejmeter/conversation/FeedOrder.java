package io.geniejmeter.conversation;

/** The order in which a {@link ConversationFeed} hands out its sampled conversations within one cycle. */
public enum FeedOrder {
    /** The sampled conversations in the order they appear in the file, every cycle the same. */
    SEQUENTIAL,
    /** A new seeded shuffle every cycle: reproducible from the seed, different from cycle to cycle. */
    RANDOM
}
