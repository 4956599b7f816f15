package io.geniejmeter.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out conversations to the simulated users of a load test: a seeded sample of a file's conversations, in a
 * reproducible order, cycle after cycle.
 *
 * <h2>Sample and order</h2>
 * The sample is chosen once, from {@link FeedOptions#sampleSize()} and the seed alone, so every feed over the same
 * conversations with the same options has the same sample (all conversations when the size is 0 or less, or at least
 * the file's size). The sample is kept in file order. A <em>cycle</em> hands out every sampled conversation exactly
 * once: in file order ({@link FeedOrder#SEQUENTIAL}) or in a shuffle drawn from the seed, the scope name and the cycle
 * number ({@link FeedOrder#RANDOM}), so the sequence of hand-outs is the same in every run with the same seed. After
 * the last one, the next cycle starts ({@link EndOfFeed#RECYCLE}) or {@link #next()} returns empty for good
 * ({@link EndOfFeed#STOP}).
 *
 * <h2>Threading</h2>
 * Any number of threads may call {@link #next()} at once; it never blocks. Each call claims the next position of one
 * global sequence with an atomic counter, so within each cycle of {@link #size()} consecutive claims every sampled
 * conversation is handed out exactly once, to exactly one caller. Which thread gets which position depends on
 * scheduling; the sequence itself does not. The per-cycle shuffle is computed by whichever thread first needs it and
 * published through a volatile field; two threads may compute the same shuffle at once, which is harmless because it
 * is deterministic. Which threads share a feed is decided by {@link ConversationFeedRegistry} ({@link ShareMode}).
 */
public final class ConversationFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationFeed.class);

    private final List<Conversation> sample;
    private final FeedOptions options;
    private final long seed;
    private final long scopeHash;
    private final AtomicLong claims = new AtomicLong();
    /** The shuffle of the most recent cycle; replaced (never mutated) when a new cycle starts. */
    private volatile CycleOrder current;

    private record CycleOrder(long cycle, int[] order) {
    }

    /**
     * Creates a feed shared under no particular scope (as for all threads).
     *
     * @param conversations the file's conversations, at least one
     * @param options sample size, seed, order and end behaviour
     */
    public ConversationFeed(List<Conversation> conversations, FeedOptions options) {
        this(conversations, options, "");
    }

    /**
     * Creates a feed.
     *
     * @param conversations the file's conversations, at least one
     * @param options sample size, seed, order and end behaviour
     * @param scope the group or thread name this feed serves ({@link ShareMode#scope}); changes the random order
     *     between scopes, never the sample
     */
    public ConversationFeed(List<Conversation> conversations, FeedOptions options, String scope) {
        Objects.requireNonNull(conversations, "conversations");
        this.options = Objects.requireNonNull(options, "options");
        if (conversations.isEmpty()) {
            throw new IllegalArgumentException("a conversation feed needs at least one conversation");
        }
        if (options.seed() == null) {
            this.seed = ThreadLocalRandom.current().nextLong();
            LOG.info("Conversation feed{}: no seed given, using seed {} (set it to repeat this run's sample and"
                    + " order)", scope.isEmpty() ? "" : " " + scope, this.seed);
        } else {
            this.seed = options.seed();
        }
        // Sampled first, then shared: every node draws the same sample, and each keeps its disjoint share.
        this.sample = options.node().of(sample(conversations, options.sampleSize(), seed));
        this.scopeHash = mix(scope.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /**
     * Chooses {@code size} conversations with a seeded partial Fisher-Yates shuffle and returns them in file order.
     *
     * @param all the file's conversations
     * @param size the sample size; 0 or less, or at least {@code all.size()}, means all
     * @param seed the seed
     * @return the sample, in file order
     */
    static List<Conversation> sample(List<Conversation> all, int size, long seed) {
        int n = all.size();
        if (size <= 0 || size >= n) {
            return List.copyOf(all);
        }
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(index, size);
        java.util.Arrays.sort(chosen);
        List<Conversation> result = new ArrayList<>(size);
        for (int i : chosen) {
            result.add(all.get(i));
        }
        return List.copyOf(result);
    }

    /**
     * Hands out the next conversation. Lock-free; safe from any number of threads.
     *
     * @return the next conversation, or empty when the feed stops at the end and every sampled conversation has
     *     been handed out
     */
    public Optional<Conversation> next() {
        long position = claims.getAndIncrement();
        int n = sample.size();
        long cycle = position / n;
        if (cycle > 0 && options.atEnd() == EndOfFeed.STOP) {
            return Optional.empty();
        }
        int slot = (int) (position % n);
        if (options.order() == FeedOrder.SEQUENTIAL) {
            return Optional.of(sample.get(slot));
        }
        return Optional.of(sample.get(order(cycle)[slot]));
    }

    private int[] order(long cycle) {
        CycleOrder c = current;
        if (c != null && c.cycle() == cycle) {
            return c.order();
        }
        int[] order = shuffle(sample.size(), mix(seed ^ scopeHash) + mix(cycle + 1));
        current = new CycleOrder(cycle, order);
        return order;
    }

    private static int[] shuffle(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A 64-bit finaliser (from MurmurHash3) so nearby seeds and cycle numbers give unrelated shuffles. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** @return the sampled conversations in file order (the sequential order); immutable */
    public List<Conversation> sample() {
        return sample;
    }

    /** @return the number of sampled conversations, which is the length of one cycle */
    public int size() {
        return sample.size();
    }

    /** @return the seed in use: the configured one, or the one picked (and logged) when none was configured */
    public long seed() {
        return seed;
    }

    /** @return the options this feed was created with */
    public FeedOptions options() {
        return options;
    }

    /** @return how many conversations have been handed out so far (claims past the end of a stopped feed excluded) */
    public long handedOut() {
        long c = claims.get();
        return options.atEnd() == EndOfFeed.STOP ? Math.min(c, sample.size()) : c;
    }
}
