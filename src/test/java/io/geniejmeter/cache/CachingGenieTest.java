package io.geniejmeter.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.genie.GenieOutcome;
import io.geniejmeter.genie.RequestType;
import io.geniejmeter.simulator.MessageTruth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain against the embedded simulator on a hand-moved clock, with the real SDK client. */
class CachingGenieTest {

    static final String REPAIRS = "Show total repairs by month for JetBlue airline";
    /** Similarity 0.886 to {@link #REPAIRS} with the simulator's embeddings: a hit at the default 0.85. */
    static final String REPAIRS_CLOSE = "show total repairs by month for the JetBlue airline";
    /** Similarity 0.824 to {@link #REPAIRS}: a miss at the default 0.85. */
    static final String REPAIRS_FAR = "Show the total repairs per month for JetBlue airline";
    /** Similarity 0.796 to {@link #REPAIRS}: another airline, must not be served the JetBlue SQL. */
    static final String DELTA = "Show total repairs by month for Delta airline";
    static final String EMPLOYEES = "How many employees joined the company last year";
    static final String FOLLOW_UP = "Only for 2024";

    @Test
    void shouldAskGenieOnceAndServeTheRepeatByReRunningTheCachedSqlOnTheWarehouse() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            GenieAnswer live = chain.ask(REPAIRS, null);
            GenieAnswer hit = chain.ask("  " + REPAIRS.toUpperCase() + " ", null);

            assertEquals(RequestType.GENIE_LIVE, live.requestType());
            assertEquals(GenieOutcome.COMPLETED, live.outcome());
            assertNotNull(live.sql());
            assertEquals(RequestType.GENIE_LRU_HIT, hit.requestType());
            assertEquals(GenieOutcome.COMPLETED, hit.outcome(), hit.responseMessage());
            assertEquals(live.sql(), hit.sql(), "the hit re-ran the SQL Genie generated");
            assertNotNull(hit.statementId(), "the SQL ran on the warehouse");
            assertEquals(SimulatedGenie.STATEMENT_MS, hit.latencyMs(), "the re-run's time is the hit's latency");
            assertEquals(SimulatedGenie.STATEMENT_MS, hit.statusMs().get("SQL_EXECUTION"));
            assertNull(hit.messageId(), "no Genie message for a hit");
            assertEquals(1, g.questionsReceived(), "Genie was asked once");
            assertEquals(new CacheStats(2, 1, 0, 1, 0, 0), chain.stats());
        }
    }

    @Test
    void shouldServeAParaphraseFromTheSemanticCacheAndNameTheQuestionItMatched() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            GenieAnswer live = chain.ask(REPAIRS, null);
            GenieAnswer semantic = chain.ask(REPAIRS_CLOSE, null);
            GenieAnswer again = chain.ask(REPAIRS_CLOSE, null);

            assertEquals(RequestType.GENIE_SEMANTIC_HIT, semantic.requestType());
            assertTrue(semantic.success(), semantic.responseMessage());
            assertEquals(REPAIRS, semantic.cacheUse().matchedQuestion());
            assertEquals(0.886, semantic.cacheUse().questionSimilarity(), 0.001);
            assertEquals(1.0, semantic.cacheUse().contextSimilarity(), "two first messages: same (no) context");
            assertEquals(live.sql(), semantic.sql());
            assertEquals(RequestType.GENIE_LRU_HIT, again.requestType(), "a semantic hit is promoted to the LRU");
            assertEquals(1, g.questionsReceived());
        }
    }

    @Test
    void shouldHitAtExactlyTheQuestionThresholdAndMissJustAboveIt() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie()) {
            double similarity;
            try (CachingGenie probe = g.chain(g.defaults().withThresholds(0.5, 0.8))) {
                probe.ask(REPAIRS, null);
                similarity = probe.ask(REPAIRS_FAR, null).cacheUse().questionSimilarity();
            }
            try (CachingGenie at = g.chain(g.defaults().withThresholds(similarity, 0.8));
                 CachingGenie above = g.chain(g.defaults().withThresholds(Math.nextUp(similarity), 0.8));
                 CachingGenie byDefault = g.chain()) {
                for (CachingGenie c : List.of(at, above, byDefault)) {
                    c.ask(REPAIRS, null);
                }
                assertEquals(RequestType.GENIE_SEMANTIC_HIT, at.ask(REPAIRS_FAR, null).requestType());
                assertEquals(RequestType.GENIE_LIVE, above.ask(REPAIRS_FAR, null).requestType());
                assertEquals(RequestType.GENIE_LIVE, byDefault.ask(REPAIRS_FAR, null).requestType(),
                        "0.824 is below the default 0.85");
                assertEquals(RequestType.GENIE_LIVE, byDefault.ask(DELTA, null).requestType(),
                        "another airline is not a hit at the default threshold");
            }
        }
    }

    @Test
    void shouldMatchAFollowUpOnlyInASimilarConversationContext() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            String first = chain.ask(REPAIRS, null).conversationId();
            assertEquals(RequestType.GENIE_LIVE, chain.ask(FOLLOW_UP, first).requestType());

            String exact = chain.ask(REPAIRS, null).conversationId();
            assertEquals(RequestType.GENIE_LRU_HIT, chain.ask(FOLLOW_UP, exact).requestType(),
                    "same question after the same question");

            String similar = chain.ask(REPAIRS_FAR, null).conversationId();
            GenieAnswer inSimilar = chain.ask(FOLLOW_UP, similar);
            assertEquals(RequestType.GENIE_SEMANTIC_HIT, inSimilar.requestType());
            assertEquals(1.0, inSimilar.cacheUse().questionSimilarity(), 1e-6);
            assertEquals(0.848, inSimilar.cacheUse().contextSimilarity(), 0.001);

            String other = chain.ask(EMPLOYEES, null).conversationId();
            assertEquals(RequestType.GENIE_LIVE, chain.ask(FOLLOW_UP, other).requestType(),
                    "the same words after another question are another question");
            assertEquals(RequestType.GENIE_LIVE, chain.ask(FOLLOW_UP, null).requestType(),
                    "a first message never matches a follow-up");
        }
    }

    @Test
    void shouldForgetEntriesAfterTheTtl() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            Duration ttl = g.defaults().ttl();
            chain.ask(REPAIRS, null);
            g.clock.advance(ttl.minusMillis(1));
            assertEquals(RequestType.GENIE_LRU_HIT, chain.ask(REPAIRS, null).requestType(), "1 ms before the TTL");
            // the hit's re-run took 300 ms: now past the TTL of both layers
            assertEquals(RequestType.GENIE_LIVE, chain.ask(REPAIRS_CLOSE, null).requestType(),
                    "the semantic entry expired");
            GenieAnswer again = chain.ask(REPAIRS, null);
            assertEquals(RequestType.GENIE_SEMANTIC_HIT, again.requestType(), "the LRU entry expired too; the"
                    + " fresh semantic entry is found");
            assertEquals(REPAIRS_CLOSE, again.cacheUse().matchedQuestion());
            assertEquals(2, g.questionsReceived());
        }
    }

    @Test
    void shouldNeverHandOutAnotherUsersConversation() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            String alice = chain.ask(REPAIRS, null).conversationId();
            chain.ask(FOLLOW_UP, alice);

            GenieAnswer bobFirst = chain.ask(REPAIRS, null);
            String bob = bobFirst.conversationId();
            assertEquals(RequestType.GENIE_LRU_HIT, bobFirst.requestType());
            assertNotEquals(alice, bob);
            assertTrue(bob.startsWith("cached-"), bob);

            GenieAnswer bobSecond = chain.ask("And the average repair cost?", bob);
            GenieAnswer bobThird = chain.ask("Split by aircraft type", bob);
            assertEquals(RequestType.GENIE_LIVE, bobSecond.requestType());
            List<MessageTruth> truth = g.sim.groundTruth();
            MessageTruth second = truth.stream().filter(t -> t.messageId().equals(bobSecond.messageId()))
                    .findFirst().orElseThrow();
            MessageTruth third = truth.stream().filter(t -> t.messageId().equals(bobThird.messageId()))
                    .findFirst().orElseThrow();
            assertNotEquals(alice, second.conversationId(), "Bob's follow-up went into his own conversation");
            assertEquals(second.conversationId(), third.conversationId(), "and his next one into the same");
            assertEquals(second.conversationId(), bobSecond.conversationId());
            assertEquals(2, truth.stream().map(MessageTruth::conversationId).distinct().count());
        }
    }

    @Test
    void shouldStoreOnlyCompletedAnswersWithSql() throws Exception {
        try (SimulatedGenie text = new SimulatedGenie(b -> b.textOnlyRate(1)); CachingGenie chain = text.chain()) {
            assertEquals(GenieOutcome.COMPLETED, chain.ask(REPAIRS, null).outcome());
            assertEquals(RequestType.GENIE_LIVE, chain.ask(REPAIRS, null).requestType());
            assertEquals(0, chain.exactEntries() + chain.semanticEntries(), "a text answer has no SQL to keep");
        }
        try (SimulatedGenie failing = new SimulatedGenie(b -> b.failRate(1)); CachingGenie chain = failing.chain()) {
            assertEquals(GenieOutcome.FAILED, chain.ask(REPAIRS, null).outcome());
            assertEquals(RequestType.GENIE_LIVE, chain.ask(REPAIRS, null).requestType());
            assertEquals(0, chain.exactEntries() + chain.semanticEntries(), "a FAILED answer is not kept");
            assertEquals(new CacheStats(2, 0, 0, 2, 0, 0), chain.stats());
        }
    }

    @Test
    void shouldReportAFailedReRunAsAFailedAnswerNotAHit() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie()) {
            CacheSettings gone = new CacheSettings(100, 1000, Duration.ofDays(1), 0.85, 0.8, 3,
                    SimulatedGenie.MODEL, CacheScope.SHARED, "no-such-warehouse", Duration.ofSeconds(600),
                    Duration.ofSeconds(1));
            try (CachingGenie chain = g.chain(gone)) {
                chain.ask(REPAIRS, null);
                GenieAnswer lru = chain.ask(REPAIRS, null);
                GenieAnswer semantic = chain.ask(REPAIRS_CLOSE, null);

                assertEquals(RequestType.GENIE_LRU_HIT, lru.requestType());
                assertEquals(GenieOutcome.HTTP_ERROR, lru.outcome());
                assertEquals("404", lru.responseCode());
                assertEquals(RequestType.GENIE_SEMANTIC_HIT, semantic.requestType());
                assertTrue(!semantic.success());
                assertEquals(new CacheStats(3, 0, 0, 1, 2, 0), chain.stats());
                assertEquals(RequestType.GENIE_SEMANTIC_HIT, chain.ask(REPAIRS_CLOSE, null).requestType(),
                        "a failed semantic hit is not promoted to the LRU");
            }
        }
    }

    @Test
    void shouldGiveUpOnAReRunThatOutlastsTheTimeoutAndCancelIt() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie(b -> b.statementLatency(
                io.geniejmeter.simulator.LatencyRange.fixed(60_000)))) {
            CacheSettings s = g.defaults();
            StatementRunner runner = StatementRunner.of(g.workspace, s.warehouseId(), Duration.ZERO,
                    Duration.ofSeconds(5), Duration.ofSeconds(1), g.clock);

            StatementRun run = runner.run("SELECT 1");

            assertEquals(GenieOutcome.TIMEOUT, run.outcome());
            assertEquals(5, run.polls(), "polled once a second on the clock until the 5 s timeout");
            assertEquals(Duration.ofSeconds(5).toNanos(), run.elapsedNanos());
            assertEquals(com.databricks.sdk.service.sql.StatementState.CANCELED, g.workspace.statementExecution()
                    .getStatement(run.statementId()).getStatus().getState());
        }
    }

    @Test
    void shouldShareHitsBetweenUsersByDefaultAndNotPerUser() throws Exception {
        try (SimulatedGenie g = new SimulatedGenie();
             CachingGenie shared = g.chain();
             CachingGenie perUser = g.chain(g.defaults().withScope(CacheScope.PER_USER))) {
            assertEquals(RequestType.GENIE_LIVE, onNewThread(() -> shared.ask(REPAIRS, null)).requestType());
            assertEquals(RequestType.GENIE_LRU_HIT, onNewThread(() -> shared.ask(REPAIRS, null)).requestType());

            assertEquals(RequestType.GENIE_LIVE, onNewThread(() -> perUser.ask(REPAIRS, null)).requestType());
            assertEquals(RequestType.GENIE_LIVE, onNewThread(() -> perUser.ask(REPAIRS, null)).requestType(),
                    "another user does not see the first user's entry");
            assertEquals(2, perUser.exactEntries(), "one entry in each user's cache");
            assertEquals(RequestType.GENIE_LIVE, perUser.ask(REPAIRS, null).requestType());
            assertEquals(RequestType.GENIE_LRU_HIT, perUser.ask(REPAIRS, null).requestType(),
                    "a user hits their own entries");
        }
    }

    @Test
    void shouldAskGenieExactlyForTheLiveAnswersWhenManyUsersAskAtOnce() throws Exception {
        List<String> questions = List.of(REPAIRS, REPAIRS_CLOSE, EMPLOYEES, DELTA, "Average repair cost by airline");
        int users = 8;
        int asks = 20;
        try (SimulatedGenie g = new SimulatedGenie(); CachingGenie chain = g.chain()) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(users);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<GenieAnswer>>> futures = new java.util.ArrayList<>();
            for (int u = 0; u < users; u++) {
                int user = u;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<GenieAnswer> answers = new java.util.ArrayList<>();
                    for (int i = 0; i < asks; i++) {
                        answers.add(chain.ask(questions.get((user + i) % questions.size()), null));
                    }
                    return answers;
                }));
            }
            go.countDown();
            List<GenieAnswer> all = new java.util.ArrayList<>();
            for (var f : futures) {
                all.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            pool.shutdown();

            assertTrue(all.stream().allMatch(GenieAnswer::success), "every answer succeeded");
            java.util.Set<String> asked = new java.util.HashSet<>();
            g.sim.groundTruth().forEach(t -> asked.add(t.messageId()));
            List<GenieAnswer> live = all.stream().filter(a -> a.requestType() == RequestType.GENIE_LIVE).toList();
            assertEquals(asked.size(), live.size(), "one Genie question per live answer");
            assertTrue(live.stream().allMatch(a -> asked.contains(a.messageId())), "every live answer was asked");
            assertTrue(all.stream().filter(a -> a.requestType().hit()).allMatch(a -> a.messageId() == null),
                    "no hit claims a Genie message");
            CacheStats stats = chain.stats();
            assertEquals(users * asks, stats.totalRequests());
            assertEquals(live.size(), stats.misses());
            assertEquals(users * asks, stats.lruHits() + stats.semanticHits() + stats.misses());
            assertTrue(stats.lruHits() > users * asks / 2, stats.testCompleteLine());
        }
    }

    private static GenieAnswer onNewThread(java.util.concurrent.Callable<GenieAnswer> ask) throws Exception {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return pool.submit(ask).get();
        } finally {
            pool.shutdown();
        }
    }
}
