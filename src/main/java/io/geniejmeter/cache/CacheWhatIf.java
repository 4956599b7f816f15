package io.geniejmeter.cache;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "What would the caches have answered?": replays a conversation file through the chain's two layers only (the
 * exact-match key and the in-memory semantic cache, with the chain's own keys, context text and matching rules) at
 * several thresholds, asking Genie nothing: every question that no layer answers is taken as answered live and
 * stored. So users can choose a similarity threshold, and see which pairs of questions it would match, before they
 * spend Genie's questions-per-minute quota on a load test.
 *
 * <p>Stateless; {@link #replay} is pure over what {@link #prepare} embedded.
 */
public final class CacheWhatIf {

    /** SQL stored for a question taken as answered live: the replay never runs it. */
    private static final String NOT_ASKED = "(not asked)";

    /** One question of the file, embedded as the chain embeds it (with its conversation context). */
    public record Question(String text, String context, String exactKey, float[] questionVector,
                           float[] contextVector) {
    }

    /** A semantic hit of the replay: the question, the earlier question it matched, both similarities. */
    public record Match(String question, String matchedQuestion, double questionSimilarity, double contextSimilarity) {
    }

    /** What the layers would have answered at one question-similarity threshold. */
    public record Outcome(double threshold, int questions, int exactHits, int semanticHits, int misses,
                          List<Match> matches) {

        /** Share of the questions a layer answered, 0..1. */
        public double hitRate() {
            return questions == 0 ? 0 : (exactHits + semanticHits) / (double) questions;
        }
    }

    private CacheWhatIf() {
    }

    /**
     * Embeds every question of {@code conversations} (file order) with its context of the previous
     * {@code windowSize} questions of its conversation, in one batched call of {@code embedder}.
     *
     * @throws EmbeddingException when the endpoint fails
     */
    public static List<Question> prepare(String spaceId, List<Conversation> conversations, int windowSize,
                                         Embedder embedder) {
        List<String> texts = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (Conversation conversation : conversations) {
            List<String> previous = new ArrayList<>();
            for (ConversationMessage message : conversation.messages()) {
                List<String> window = previous.subList(Math.max(0, previous.size() - windowSize), previous.size());
                String context = Questions.contextText(window);
                rows.add(new String[] {message.content(), context, Questions.exactKey(spaceId, window,
                        message.content())});
                texts.add(message.content());
                if (!context.isEmpty()) {
                    texts.add(context);
                }
                previous.add(message.content());
            }
        }
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embed(texts);
        if (vectors.size() != texts.size()) {
            throw new EmbeddingException("MALFORMED_RESPONSE", texts.size() + " texts but " + vectors.size()
                    + " embeddings", null);
        }
        List<Question> questions = new ArrayList<>();
        int next = 0;
        for (String[] row : rows) {
            float[] question = vectors.get(next++);
            float[] context = row[1].isEmpty() ? null : vectors.get(next++);
            questions.add(new Question(row[0], row[1], row[2], question, context));
        }
        return questions;
    }

    /**
     * Replays {@code questions} in order through an exact-match key set and an in-memory semantic cache of
     * {@code spaceId}: a known key is an exact hit, else a semantic hit at these thresholds (then its key is known),
     * else a miss whose question is stored in both layers as the chain stores a live answer.
     */
    public static Outcome replay(String spaceId, List<Question> questions, double threshold,
                                 double contextThreshold) {
        Set<String> exact = new HashSet<>();
        InMemorySemanticCache semantic = new InMemorySemanticCache(Math.max(1, questions.size()),
                Duration.ofDays(3650), Clock.SYSTEM);
        int exactHits = 0;
        int semanticHits = 0;
        int misses = 0;
        List<Match> matches = new ArrayList<>();
        for (Question q : questions) {
            if (exact.contains(q.exactKey())) {
                exactHits++;
                continue;
            }
            Optional<SemanticMatch> match = semantic.lookup(new SemanticQuery(spaceId, q.questionVector(),
                    q.contextVector(), threshold, contextThreshold));
            exact.add(q.exactKey());
            if (match.isPresent()) {
                semanticHits++;
                matches.add(new Match(q.text(), match.get().entry().question(), match.get().questionSimilarity(),
                        match.get().contextSimilarity()));
            } else {
                misses++;
                semantic.store(new SemanticEntry(spaceId, q.text(), q.context(), q.questionVector(),
                        q.contextVector(), NOT_ASKED, null));
            }
        }
        return new Outcome(threshold, questions.size(), exactHits, semanticHits, misses, List.copyOf(matches));
    }
}
