package io.geniejmeter.cache;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieAsker;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.RequestType;
import io.geniejmeter.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Genie with caches in front, as teams deploy it: the exact-match cache, then the semantic cache, then live Genie.
 * Implements the same {@link GenieAsker} as the plain client, so the sampler asks it the same way.
 *
 * <p><b>One question.</b>
 * <ol>
 *   <li>Exact match ({@link ExactCache}): key = space, the previous questions of the context window and the
 *       normalised question ({@link Questions#exactKey}). A hit re-runs the cached SQL: {@code GENIE_LRU_HIT}.</li>
 *   <li>Semantic: the question and its conversation context ({@link Questions#contextText}, the last
 *       {@code GENIE_CONTEXT_WINDOW_SIZE} questions) are embedded in one call; the {@link SemanticCache} returns
 *       the best entry reaching both thresholds. A hit re-runs that entry's SQL: {@code GENIE_SEMANTIC_HIT}, with
 *       the matched question and both similarities; a successful one is also put in the exact-match cache.</li>
 *   <li>Otherwise Genie is asked ({@code GENIE_LIVE}); a COMPLETED answer with SQL is stored in both layers (SQL and
 *       description only, never rows). Nothing else is stored.</li>
 * </ol>
 * A hit's SQL is re-run on the warehouse ({@link StatementRunner}) and waited for; its time is in the answer's
 * latency. A failed re-run is a failed answer (its outcome and code), counted as {@code failed_reruns}, never as a
 * hit. The latency of every answer runs from the call to the answer: cache lookups, the embedding call and the
 * re-run or Genie's answer (storing after a miss is not included: the user already has the answer).
 * {@link GenieAnswer.Timing#statusMs()} shows the split: {@code CACHE_LOOKUP}, then {@code SQL_EXECUTION} for a hit
 * or Genie's statuses for a miss.
 *
 * <p><b>Conversations.</b> A hit never returns another user's conversation id; see {@link Conversations} for
 * whose Genie conversation a follow-up goes into. Answers report the user's own Genie conversation, or for a
 * conversation that began with a hit and has none yet, a local id starting {@code cached-}.
 *
 * <p><b>Faults.</b> When the embedding endpoint or the semantic store fails (or times out: every call is bounded),
 * the question goes on to Genie, the failure counts in {@code cache_errors} and is logged once per kind
 * ({@link CacheErrorLog}); the test goes on.
 *
 * <p><b>Threads.</b> Shared by every thread of a test: caches, counters and conversation map are thread-safe;
 * each call keeps its own state on its stack.
 */
public final class CachingGenie implements GenieAsker {

    /** How the chain asks Genie: the plain client's ask. */
    @FunctionalInterface
    public interface LiveGenie {
        GenieAnswer ask(String question, String conversationIdOrNull);
    }

    private final String spaceId;
    private final CacheSettings settings;
    private final LiveGenie genie;
    private final Embedder embedder;
    private final StatementRunner runner;
    private final Clock clock;
    private final CacheLayers layers;
    private final Conversations conversations;
    private final CacheCounters counters = new CacheCounters();
    private final CacheErrorLog errors = new CacheErrorLog();
    private final Runnable onClose;

    /**
     * A chain over {@code genie} for space {@code spaceId}.
     *
     * @param semanticCaches makes one semantic cache (once when shared, once per thread for per-user scope)
     * @param onClose        run once by {@link #close()} after the caches are closed (e.g. releasing the target)
     */
    public CachingGenie(String spaceId, CacheSettings settings, LiveGenie genie, Embedder embedder,
                        StatementRunner runner, Supplier<SemanticCache> semanticCaches,
                        Clock clock, Runnable onClose) {
        this.spaceId = Objects.requireNonNull(spaceId, "spaceId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.genie = Objects.requireNonNull(genie, "genie");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onClose = onClose == null ? () -> { } : onClose;
        this.layers = new CacheLayers(settings.scope(), () -> new CacheLayers.Layers(
                new ExactCache(settings.lruCapacity(), settings.ttl(), clock), semanticCaches.get()));
        this.conversations = new Conversations(settings.contextWindowSize(), clock);
    }

    @Override
    public GenieAnswer ask(String question, String conversationIdOrNull) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be blank");
        }
        long start = clock.nanoTime();
        long startedAtMs = clock.wallMillis();
        Conversations.Conversation conversation = conversations.resolve(conversationIdOrNull);
        List<String> window = conversation.window();
        CacheLayers.Layers caches = layers.current();
        String key = Questions.exactKey(spaceId, window, question);

        ExactCache.CachedQuery exact = caches.exact().get(key);
        if (exact != null) {
            return hit(conversation, question, exact.sql(), exact.description(), GenieAnswer.CacheUse.LRU_HIT,
                    start, startedAtMs);
        }
        CallErrors errorsHere = new CallErrors();
        Embedded embedded = embed(question, window, errorsHere);
        if (embedded != null) {
            SemanticMatch match = lookup(caches.semantic(), embedded, errorsHere);
            if (match != null) {
                SemanticEntry entry = match.entry();
                GenieAnswer answer = hit(conversation, question, entry.sql(), entry.description(),
                        GenieAnswer.CacheUse.semanticHit(entry.question(), match.questionSimilarity(),
                                match.contextSimilarity()), start, startedAtMs);
                if (answer.success()) {
                    caches.exact().put(key, new ExactCache.CachedQuery(question, entry.sql(), entry.description()));
                }
                return answer;
            }
        }
        return live(conversation, question, key, embedded, caches, start, startedAtMs, errorsHere);
    }

    /** The counters so far. */
    public CacheStats stats() {
        return counters.snapshot();
    }

    /** Entries of the exact-match caches (all threads' for per-user scope). */
    public long exactEntries() {
        return layers.all().stream().mapToLong(l -> l.exact().size()).sum();
    }

    /** Live entries of the semantic caches (all threads' for per-user scope). */
    public long semanticEntries() {
        return layers.all().stream().mapToLong(l -> l.semantic().size()).sum();
    }

    /** The settings of this chain. */
    public CacheSettings settings() {
        return settings;
    }

    /** Closes the semantic caches, then runs the close action given (once). */
    @Override
    public void close() {
        try {
            for (CacheLayers.Layers l : layers.all()) {
                l.semantic().close();
            }
        } finally {
            onClose.run();
        }
    }

    /** The question and context vectors of one question; contextVector null when there is no context. */
    private record Embedded(String context, float[] questionVector, float[] contextVector) {
    }

    /** The cache failures of one question, reported in its answer ({@link GenieAnswer.CacheUse#cacheErrors()}). */
    private static final class CallErrors {
        private int count;
    }

    private Embedded embed(String question, List<String> window, CallErrors errorsHere) {
        String context = Questions.contextText(window);
        List<String> texts = new ArrayList<>(2);
        texts.add(question);
        if (!context.isEmpty()) {
            texts.add(context);
        }
        try {
            List<float[]> vectors = embedder.embed(texts);
            if (vectors.size() != texts.size()) {
                throw new EmbeddingException("MALFORMED_RESPONSE", texts.size() + " texts but " + vectors.size()
                        + " embeddings", null);
            }
            return new Embedded(context, vectors.get(0), context.isEmpty() ? null : vectors.get(1));
        } catch (EmbeddingException e) {
            cacheError("embedding " + e.kind(), e.getMessage(), errorsHere);
            return null;
        } catch (RuntimeException e) {
            cacheError("embedding " + e.getClass().getSimpleName(), e.toString(), errorsHere);
            return null;
        }
    }

    private SemanticMatch lookup(SemanticCache semantic, Embedded embedded, CallErrors errorsHere) {
        try {
            Optional<SemanticMatch> match = semantic.lookup(new SemanticQuery(spaceId, embedded.questionVector(),
                    embedded.contextVector(), settings.similarityThreshold(), settings.contextThreshold()));
            return match.orElse(null);
        } catch (RuntimeException e) {
            cacheError("semantic lookup " + e.getClass().getSimpleName(), e.toString(), errorsHere);
            return null;
        }
    }

    private void cacheError(String kind, String message, CallErrors errorsHere) {
        if (Thread.currentThread().isInterrupted()) {
            return; // a call cut short by the test's end (Stop aborts it): not a fault of the cache
        }
        counters.cacheError();
        errorsHere.count++;
        errors.failed(kind, message);
    }

    private GenieAnswer hit(Conversations.Conversation conversation, String question, String sql, String description,
                            GenieAnswer.CacheUse use, long start, long startedAtMs) {
        long runStart = clock.nanoTime();
        StatementRun run = runner.run(sql);
        long end = clock.nanoTime();
        conversation.asked(question);
        if (conversation.id() == null) {
            conversation.startedLocally();
            conversations.register(conversation);
        }
        if (run.success()) {
            if (use.requestType() == RequestType.GENIE_LRU_HIT) {
                counters.lruHit();
            } else {
                counters.semanticHit();
            }
        } else if (run.outcome() != GenieOutcome.INTERRUPTED) {
            counters.failedRerun();
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("CACHE_LOOKUP", millis(runStart - start));
        phases.put("SQL_EXECUTION", millis(end - runStart));
        String layer = use.requestType() == RequestType.GENIE_LRU_HIT ? "LRU cache"
                : "semantic cache (matched \"" + use.matchedQuestion() + "\")";
        String text = run.success() ? "Answered from the " + layer + ": " + run.message()
                : "Cache hit in the " + layer + ", but the re-run failed: " + run.message();
        return new GenieAnswer(run.outcome(), run.responseCode(), text,
                new GenieAnswer.Message(conversation.reportedId(), null, null),
                new GenieAnswer.ErrorDetail(null, run.httpStatus(), run.errorCode()),
                new GenieAnswer.Content(sql, description, run.statementId(), run.rowCount(), null),
                new GenieAnswer.Timing(startedAtMs, millis(end - start), null, null, phases, run.polls(), 0),
                use);
    }

    private GenieAnswer live(Conversations.Conversation conversation, String question, String key,
                             Embedded embedded, CacheLayers.Layers caches, long start, long startedAtMs,
                             CallErrors errorsHere) {
        long lookupNanos = clock.nanoTime() - start;
        boolean isNew = conversation.id() == null;
        GenieAnswer answer = genie.ask(question, conversation.genieConversationId());
        conversation.answeredIn(answer.conversationId());
        conversation.asked(question);
        if (isNew && conversation.id() != null) {
            conversations.register(conversation);
        }
        if (answer.outcome() != GenieOutcome.INTERRUPTED) {
            counters.miss();
        }
        if (answer.outcome() == GenieOutcome.COMPLETED && answer.sql() != null && !answer.sql().isBlank()) {
            caches.exact().put(key, new ExactCache.CachedQuery(question, answer.sql(), answer.description()));
            if (embedded != null) {
                try {
                    caches.semantic().store(new SemanticEntry(spaceId, question, embedded.context(),
                            embedded.questionVector(), embedded.contextVector(), answer.sql(),
                            answer.description()));
                } catch (RuntimeException e) {
                    cacheError("semantic store " + e.getClass().getSimpleName(), e.toString(), errorsHere);
                }
            }
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("CACHE_LOOKUP", millis(lookupNanos));
        answer.statusMs().forEach((status, ms) -> phases.merge(status, ms, Long::sum));
        GenieAnswer.Timing t = answer.timing();
        String reported = answer.conversationId() != null ? answer.conversationId() : conversation.id();
        return new GenieAnswer(answer.outcome(), answer.responseCode(), answer.responseMessage(),
                new GenieAnswer.Message(reported, answer.messageId(), answer.status()), answer.error(),
                answer.content(),
                new GenieAnswer.Timing(startedAtMs, t.latencyMs() + millis(lookupNanos), t.serverMs(),
                        t.firstStatusChangeMs() == null ? null : t.firstStatusChangeMs() + millis(lookupNanos),
                        phases, t.polls(), t.resultFetchMs()),
                GenieAnswer.CacheUse.LIVE.withCacheErrors(errorsHere.count));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos + 500_000);
    }
}
