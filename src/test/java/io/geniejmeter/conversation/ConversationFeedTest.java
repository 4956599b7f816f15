package io.geniejmeter.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConversationFeedTest {

    static List<Conversation> conversations(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Conversation("c" + i, "t" + i, i,
                List.of(new ConversationMessage("question " + i, i, "m" + i)))).toList();
    }

    static List<String> take(ConversationFeed feed, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(feed.next().map(Conversation::id).orElse("<empty>"));
        }
        return ids;
    }

    static FeedOptions options(int size, long seed, FeedOrder order, EndOfFeed end) {
        return new FeedOptions(size, seed, order, end);
    }

    @Test
    void handsOutAllConversationsInFileOrderWhenSequentialWithoutSampling() {
        ConversationFeed feed = new ConversationFeed(conversations(3),
                options(0, 1, FeedOrder.SEQUENTIAL, EndOfFeed.RECYCLE));

        assertEquals(List.of("c0", "c1", "c2", "c0", "c1", "c2", "c0"), take(feed, 7));
    }

    @Test
    void usesAllConversationsWhenTheSampleIsLargerThanTheFile() {
        ConversationFeed feed = new ConversationFeed(conversations(4),
                options(10, 1, FeedOrder.SEQUENTIAL, EndOfFeed.RECYCLE));

        assertEquals(4, feed.size());
        assertEquals(conversations(4), feed.sample());
    }

    @Test
    void samplesTheSameConversationsFromTheSameSeed() {
        List<Conversation> all = conversations(100);

        List<Conversation> a = new ConversationFeed(all, options(10, 42, FeedOrder.SEQUENTIAL, EndOfFeed.STOP))
                .sample();
        List<Conversation> b = new ConversationFeed(all, options(10, 42, FeedOrder.RANDOM, EndOfFeed.RECYCLE),
                "another scope").sample();
        List<Conversation> c = new ConversationFeed(all, options(10, 43, FeedOrder.SEQUENTIAL, EndOfFeed.STOP))
                .sample();

        assertEquals(10, a.size());
        assertEquals(10, new HashSet<>(a).size(), "no duplicates");
        assertEquals(a, b, "sample depends on the seed only");
        assertNotEquals(a, c, "another seed, another sample");
        List<Conversation> sortedByFilePosition = new ArrayList<>(a);
        sortedByFilePosition.sort((x, y) -> Long.compare(x.createdTimestamp(), y.createdTimestamp()));
        assertEquals(sortedByFilePosition, a, "sample kept in file order");
    }

    @Test
    void samplesEveryConversationWithRoughlyEqualChance() {
        List<Conversation> all = conversations(10);
        Map<String, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 2000; seed++) {
            for (Conversation c : ConversationFeed.sample(all, 3, seed)) {
                counts.merge(c.id(), 1, Integer::sum);
            }
        }

        // 2000 draws of 3 out of 10: each conversation expected 600 times; a biased sampler lands far outside.
        assertEquals(10, counts.size());
        counts.values().forEach(n -> assertTrue(n > 480 && n < 720, counts.toString()));
    }

    @Test
    void repeatsTheRandomOrderFromTheSameSeedAndReshufflesEachCycle() {
        List<Conversation> all = conversations(20);
        ConversationFeed first = new ConversationFeed(all, options(0, 7, FeedOrder.RANDOM, EndOfFeed.RECYCLE));
        ConversationFeed again = new ConversationFeed(all, options(0, 7, FeedOrder.RANDOM, EndOfFeed.RECYCLE));
        ConversationFeed otherSeed = new ConversationFeed(all, options(0, 8, FeedOrder.RANDOM, EndOfFeed.RECYCLE));

        List<String> run = take(first, 60);

        assertEquals(run, take(again, 60));
        assertNotEquals(run, take(otherSeed, 60));
        List<String> cycle1 = run.subList(0, 20);
        List<String> cycle2 = run.subList(20, 40);
        assertEquals(Set.copyOf(take(new ConversationFeed(all, options(0, 1, FeedOrder.SEQUENTIAL,
                EndOfFeed.STOP)), 20)), Set.copyOf(cycle1), "a cycle holds every conversation");
        assertEquals(20, Set.copyOf(cycle2).size());
        assertNotEquals(cycle1, cycle2, "each cycle has its own shuffle");
        assertNotEquals(take(new ConversationFeed(all, options(0, 1, FeedOrder.SEQUENTIAL, EndOfFeed.STOP)), 20),
                cycle1, "random is not file order");
    }

    @Test
    void givesEachScopeItsOwnRandomOrderButTheSameSample() {
        List<Conversation> all = conversations(50);
        FeedOptions o = options(20, 3, FeedOrder.RANDOM, EndOfFeed.RECYCLE);
        ConversationFeed thread1 = new ConversationFeed(all, o, "Group 1-1");
        ConversationFeed thread2 = new ConversationFeed(all, o, "Group 1-2");

        List<String> order1 = take(thread1, 20);
        List<String> order2 = take(thread2, 20);

        assertEquals(thread1.sample(), thread2.sample());
        assertEquals(Set.copyOf(order1), Set.copyOf(order2));
        assertNotEquals(order1, order2);
        assertEquals(order1, take(new ConversationFeed(all, o, "Group 1-1"), 20), "reproducible per scope");
    }

    @Test
    void stopsAfterOneCycleWhenToldToStop() {
        ConversationFeed feed = new ConversationFeed(conversations(3), options(0, 1, FeedOrder.RANDOM,
                EndOfFeed.STOP));

        List<String> ids = take(feed, 5);

        assertEquals(Set.of("c0", "c1", "c2"), Set.copyOf(ids.subList(0, 3)));
        assertEquals(List.of("<empty>", "<empty>"), ids.subList(3, 5));
        assertEquals(Optional.empty(), feed.next());
        assertEquals(3, feed.handedOut());
    }

    @Test
    void picksAndReportsASeedWhenNoneIsGiven() {
        ConversationFeed feed = new ConversationFeed(conversations(30), new FeedOptions(5, null, FeedOrder.RANDOM,
                EndOfFeed.RECYCLE));

        ConversationFeed replay = new ConversationFeed(conversations(30), new FeedOptions(5, feed.seed(),
                FeedOrder.RANDOM, EndOfFeed.RECYCLE));

        assertEquals(feed.sample(), replay.sample());
        assertEquals(take(feed, 12), take(replay, 12));
    }

    @Test
    void rejectsAnEmptyConversationList() {
        assertThrows(IllegalArgumentException.class, () -> new ConversationFeed(List.of(), FeedOptions.DEFAULTS));
    }

    /**
     * Many threads drain a recycling feed at once. Which thread claims which position is up to the scheduler, but
     * the sequence of positions is the single-threaded one: together the threads get exactly its first N hand-outs,
     * and each thread's own hand-outs (claimed one after another) appear in it in the order that thread got them.
     */
    @Test
    void handsOutTheSingleThreadedSequenceUnderConcurrency() throws Exception {
        for (FeedOrder order : FeedOrder.values()) {
            int size = 37;
            int cycles = 50;
            int threads = 16;
            FeedOptions o = options(0, 99, order, EndOfFeed.RECYCLE);
            ConversationFeed feed = new ConversationFeed(conversations(size), o);
            int perThread = size * cycles / threads + 1;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(feed.next().orElseThrow().id());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<List<String>> byThread = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                byThread.add(f.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();

            int claimed = perThread * threads;
            assertEquals(claimed, feed.handedOut());
            List<String> expected = take(new ConversationFeed(conversations(size), o), claimed);
            assertEquals(countsOf(expected), countsOf(byThread.stream().flatMap(List::stream).toList()),
                    order + ": all threads together got the single-threaded sequence's first " + claimed);
            for (List<String> mine : byThread) {
                assertTrue(isSubsequence(mine, expected), order + ": one thread's hand-outs are not in the"
                        + " single-threaded order: " + mine);
            }
        }
    }

    private static Map<String, Integer> countsOf(List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        return counts;
    }

    /** Whether {@code part} can be read off {@code whole} left to right, skipping elements (greedy, exact). */
    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int at = 0;
        for (String id : part) {
            while (at < whole.size() && !whole.get(at).equals(id)) {
                at++;
            }
            if (at == whole.size()) {
                return false;
            }
            at++;
        }
        return true;
    }

    @Test
    void handsOutExactlyOneCycleAcrossThreadsWhenStopping() throws Exception {
        int size = 500;
        ConversationFeed feed = new ConversationFeed(conversations(size), options(0, 5, FeedOrder.RANDOM,
                EndOfFeed.STOP));
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                Optional<Conversation> c;
                while ((c = feed.next()).isPresent()) {
                    got.add(c.get().id());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(size, got.size());
        assertEquals(size, Set.copyOf(got).size());
    }
}
