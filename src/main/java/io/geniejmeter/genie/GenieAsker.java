package io.geniejmeter.genie;


/**
 * What {@link GenieConversationSampler} needs from a Genie client: ask one question, as a new conversation or as a
 * follow-up, and get an honest answer back. The real implementation is {@link io.geniejmeter.genie.GenieClient};
 * tests plug a fake in through {@link GenieConversationSampler#createAsker()}.
 *
 * <p>Called by every JMeter thread at once: implementations must be thread-safe. {@link #ask} never throws for an
 * expected failure (HTTP error, Genie FAILED, timeout, interruption); it returns an answer with that outcome.
 */
@FunctionalInterface
public interface GenieAsker extends AutoCloseable {

    /**
     * Asks {@code question}; a new Genie conversation when {@code conversationIdOrNull} is null, else a follow-up in
     * that conversation.
     */
    GenieAnswer ask(String question, String conversationIdOrNull);

    /** Releases what the asker holds (HTTP pool, embedded simulator). Called once, at the end of the test. */
    @Override
    default void close() {
    }
}
