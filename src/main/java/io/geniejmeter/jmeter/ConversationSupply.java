package io.geniejmeter.jmeter;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFeed;

import java.util.Optional;

/**
 * What a {@link ConversationYamlConfigElement} hands each JMeter thread (as a JMeter variable object): either the
 * feed the thread draws conversations from, or the reason there is none, in words a user can act on.
 *
 * <p>Immutable; the feed it holds is thread-safe.
 *
 * @param feed the shared feed, or null when the conversations could not be loaded
 * @param error why there is no feed (file not found, bad line, ...), or null
 */
record ConversationSupply(ConversationFeed feed, String error) {

    static ConversationSupply of(ConversationFeed feed) {
        return new ConversationSupply(feed, null);
    }

    static ConversationSupply failed(String error) {
        return new ConversationSupply(null, error);
    }

    /** The next conversation, or empty when the feed is set to stop at the end and is used up. */
    Optional<Conversation> next() {
        return feed.next();
    }

    /** The seed in use (configured or picked), which also seeds the think times. */
    long seed() {
        return feed == null ? 0 : feed.seed();
    }
}
