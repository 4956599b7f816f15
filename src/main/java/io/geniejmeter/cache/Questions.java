package io.geniejmeter.cache;

import java.util.List;
import java.util.Locale;

/**
 * How a question and its conversation are turned into cache keys and embedding text, as the original tool did.
 * Pure and stateless.
 */
public final class Questions {

    /** A previous message longer than this is cut, and {@code ...} appended (the original's rule). */
    public static final int MESSAGE_CUT = 500;
    /** The whole context text is cut at this many characters (the original's rule, about 8000). */
    public static final int CONTEXT_CUT = 8000;
    /** Separates the parts of an exact-match key; cannot occur in a normalised question. */
    private static final char SEPARATOR = '\u001f';

    private Questions() {
    }

    /** The original's normalisation for exact matches: {@code question.strip().lower()}. */
    public static String normalise(String question) {
        return question.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The exact-match key: space, the normalised previous questions of the window, the normalised question. Unlike
     * the original's {@code conversation_id::question}, it names no conversation, so users asking the same thing in
     * the same context share the entry.
     *
     * @param window the previous questions of the conversation within the context window, oldest first
     */
    public static String exactKey(String spaceId, List<String> window, String question) {
        StringBuilder key = new StringBuilder(spaceId).append(SEPARATOR);
        for (String previous : window) {
            key.append(normalise(previous).replace(SEPARATOR, ' ')).append(SEPARATOR);
        }
        return key.append(SEPARATOR).append(normalise(question)).toString();
    }

    /**
     * The conversation context that is embedded: each previous message as {@code Previous: <content>} (content cut
     * at {@value #MESSAGE_CUT} characters plus {@code ...}), one per line, the whole cut at {@value #CONTEXT_CUT}
     * characters; empty when there is no previous message.
     *
     * @param window the previous questions of the conversation within the context window, oldest first
     */
    public static String contextText(List<String> window) {
        StringBuilder text = new StringBuilder();
        for (String previous : window) {
            if (text.length() > 0) {
                text.append('\n');
            }
            String content = previous.length() > MESSAGE_CUT ? previous.substring(0, MESSAGE_CUT) + "..." : previous;
            text.append("Previous: ").append(content);
        }
        return text.length() > CONTEXT_CUT ? text.substring(0, CONTEXT_CUT) : text.toString();
    }
}
