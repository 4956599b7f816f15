package io.geniejmeter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * The conversations a chain has answered, by the id it handed out: each one's previous questions (the context
 * window) and the user's own Genie conversation, if one was started yet.
 *
 * <p><b>Whose conversation a follow-up goes into.</b> A hit never hands out another user's Genie conversation (the
 * original returned the cached conversation id, so follow-ups landed in someone else's conversation). A conversation
 * whose first message was a hit has no Genie conversation yet and gets a local id ({@value #LOCAL_PREFIX} + random);
 * its first follow-up that misses starts the user's own new Genie conversation, and the later follow-ups go into
 * that one. A conversation whose first message went to Genie has Genie's id, and its follow-ups go into it.
 *
 * <p>Entries are forgotten after a day without use or beyond 100,000 conversations; a follow-up of a forgotten
 * conversation goes on with no context (into the Genie conversation its id names, or a new one for a local id).
 * Thread-safe: the map is concurrent; one conversation is asked by one thread at a time, and its state is
 * synchronised anyway.
 */
final class Conversations {

    /** Prefix of the id of a conversation that began with a cache hit. */
    static final String LOCAL_PREFIX = "cached-";
    private static final int MOST_CONVERSATIONS = 100_000;

    private final int window;
    private final Cache<String, Conversation> byId;

    Conversations(int window, Clock clock) {
        this.window = window;
        this.byId = Caffeine.newBuilder().maximumSize(MOST_CONVERSATIONS).expireAfterAccess(Duration.ofDays(1))
                .ticker(new ClockTicker(clock)).executor(Runnable::run).build();
    }

    /** The conversation {@code id} names, a new one for null. */
    Conversation resolve(String id) {
        if (id == null) {
            return new Conversation(window, null, null);
        }
        return byId.get(id, k -> new Conversation(window, k, k.startsWith(LOCAL_PREFIX) ? null : k));
    }

    /** Registers a new conversation under the id that is handed out for it. */
    void register(Conversation c) {
        byId.put(c.id(), c);
    }

    /** One conversation as the chain sees it. */
    static final class Conversation {
        private final int window;
        private final Deque<String> previous = new ArrayDeque<>();
        private String id;
        private String genieConversationId;

        private Conversation(int window, String id, String genieConversationId) {
            this.window = window;
            this.id = id;
            this.genieConversationId = genieConversationId;
        }

        /** The id handed out to the caller; null while a new conversation has none. */
        synchronized String id() {
            return id;
        }

        /** The user's own Genie conversation, or null when none was started yet. */
        synchronized String genieConversationId() {
            return genieConversationId;
        }

        /** The last questions of the context window, oldest first. */
        synchronized List<String> window() {
            return List.copyOf(previous);
        }

        /** Records that {@code question} was asked (hit or miss), for the context of the next one. */
        synchronized void asked(String question) {
            if (window == 0) {
                return;
            }
            previous.addLast(question);
            while (previous.size() > window) {
                previous.removeFirst();
            }
        }

        /** Genie answered in {@code conversationId}: the first one becomes this user's Genie conversation. */
        synchronized void answeredIn(String conversationId) {
            if (genieConversationId == null && conversationId != null) {
                genieConversationId = conversationId;
            }
            if (id == null) {
                id = conversationId;
            }
        }

        /** A new conversation whose first message was a hit gets a local id. */
        synchronized void startedLocally() {
            if (id == null) {
                id = LOCAL_PREFIX + UUID.randomUUID().toString().replace("-", "");
            }
        }

        /** The conversation id to report in an answer: the user's Genie conversation, else the local id. */
        synchronized String reportedId() {
            return genieConversationId != null ? genieConversationId : id;
        }
    }
}
