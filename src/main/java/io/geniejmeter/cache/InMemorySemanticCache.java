package io.geniejmeter.cache;

import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic cache in the JVM's memory ({@link SemanticCache}): at most {@code capacity} entries, evicting the one
 * used longest ago, each living {@code ttl} on the given {@link Clock}.
 *
 * <p><b>Layout.</b> The vectors of all entries sit in two contiguous {@code float[]} blocks (questions, contexts),
 * entry {@code i} at offset {@code i * dimensions}, so a lookup is one linear scan over memory with no boxing and no
 * pointer chasing; the per-entry facts (space, store time, last use) are parallel primitive arrays. A lookup first
 * compares the question (the cheap filter), and the context only for entries whose question reaches the threshold.
 * The blocks grow by doubling up to the capacity. A full cache evicts an expired entry if there is one, else the
 * entry used longest ago (one scan of the last-use times, at store time only).
 *
 * <p><b>Threads.</b> Any number of threads: lookups share a read lock (the last-use time of the entry found is an
 * {@link AtomicLongArray} element, written under the read lock), stores and clears take the write lock.
 */
public final class InMemorySemanticCache implements SemanticCache {

    private static final Logger LOG = LoggerFactory.getLogger(InMemorySemanticCache.class);
    private static final int FIRST_SLOTS = 64;

    private final int capacity;
    private final long ttlNanos;
    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    // All fields below: written under the write lock, read under either lock.
    private int dimensions;
    private int maxSlots;
    private float[] questions = new float[0];
    private float[] contexts = new float[0];
    private SemanticEntry[] entries = new SemanticEntry[0];
    private boolean[] hasContext = new boolean[0];
    private int[] spaces = new int[0];
    private long[] storedAt = new long[0];
    private AtomicLongArray lastUse = new AtomicLongArray(0);
    /** Slots ever used: a scan stops here. */
    private int used;
    private int[] freeSlots = new int[0];
    private int freeCount;
    private final Map<String, Integer> slotByKey = new HashMap<>();
    private final Map<String, Integer> spaceIndex = new HashMap<>();

    /**
     * An empty cache.
     *
     * @param capacity most entries kept ({@code GENIE_CACHE_CAPACITY}), at least 1
     * @param ttl      lifetime of an entry ({@code GENIE_CACHE_TTL})
     * @param clock    the time of the TTL and of last use
     */
    public InMemorySemanticCache(int capacity, Duration ttl, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<SemanticMatch> lookup(SemanticQuery query) {
        lock.readLock().lock();
        try {
            Integer space = spaceIndex.get(query.spaceId());
            if (space == null || query.questionVector().length != dimensions) {
                return Optional.empty();
            }
            float[] q = query.questionVector();
            float[] c = query.contextVector();
            double questionThreshold = query.questionThreshold();
            double contextThreshold = query.contextThreshold();
            long now = clock.nanoTime();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            double bestQuestion = 0;
            double bestContext = 0;
            for (int slot = 0; slot < used; slot++) {
                if (spaces[slot] != space || entries[slot] == null || now - storedAt[slot] >= ttlNanos) {
                    continue;
                }
                int offset = slot * dimensions;
                double questionSimilarity = Vectors.dot(q, questions, offset);
                if (questionSimilarity < questionThreshold) {
                    continue;
                }
                double contextSimilarity;
                if (c == null || !hasContext[slot]) {
                    contextSimilarity = c == null && !hasContext[slot] ? 1.0 : 0.0;
                } else {
                    contextSimilarity = Vectors.dot(c, contexts, offset);
                }
                if (contextSimilarity < contextThreshold) {
                    continue;
                }
                double score = SemanticMatch.score(questionSimilarity, contextSimilarity);
                if (score > bestScore) {
                    best = slot;
                    bestScore = score;
                    bestQuestion = questionSimilarity;
                    bestContext = contextSimilarity;
                }
            }
            if (best < 0) {
                return Optional.empty();
            }
            lastUse.set(best, now);
            return Optional.of(new SemanticMatch(entries[best], bestQuestion, bestContext));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void store(SemanticEntry entry) {
        lock.writeLock().lock();
        try {
            if (dimensions != entry.dimensions()) {
                if (dimensions != 0) {
                    LOG.info("Embeddings now have {} dimensions instead of {} (another model?): the in-memory"
                            + " semantic cache starts over", entry.dimensions(), dimensions);
                }
                reset(entry.dimensions());
            }
            long now = clock.nanoTime();
            Integer existing = slotByKey.get(entry.key());
            int slot = existing != null ? existing : freeSlot(now);
            entries[slot] = entry;
            slotByKey.put(entry.key(), slot);
            spaces[slot] = spaceIndex.computeIfAbsent(entry.spaceId(), s -> spaceIndex.size());
            storedAt[slot] = now;
            lastUse.set(slot, now);
            System.arraycopy(entry.questionVector(), 0, questions, slot * dimensions, dimensions);
            hasContext[slot] = entry.contextVector() != null;
            if (hasContext[slot]) {
                System.arraycopy(entry.contextVector(), 0, contexts, slot * dimensions, dimensions);
            } else {
                Arrays.fill(contexts, slot * dimensions, (slot + 1) * dimensions, 0f);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            long now = clock.nanoTime();
            int live = 0;
            for (int slot = 0; slot < used; slot++) {
                if (entries[slot] != null && now - storedAt[slot] < ttlNanos) {
                    live++;
                }
            }
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void clear() {
        lock.writeLock().lock();
        try {
            reset(0);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Most entries kept. */
    public int capacity() {
        return capacity;
    }

    private void reset(int newDimensions) {
        dimensions = newDimensions;
        maxSlots = newDimensions == 0 ? 0 : Math.min(capacity, (Integer.MAX_VALUE - 16) / newDimensions);
        used = 0;
        freeCount = 0;
        slotByKey.clear();
        spaceIndex.clear();
        resize(0);
    }

    /** A slot for a new entry: a free one, a fresh one, an expired one, else the one used longest ago. */
    private int freeSlot(long now) {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (used < maxSlots) {
            if (used == entries.length) {
                resize(Math.min(maxSlots, Math.max(FIRST_SLOTS, used * 2)));
            }
            return used++;
        }
        int victim = -1;
        long oldestUse = Long.MAX_VALUE;
        for (int slot = 0; slot < used; slot++) {
            if (now - storedAt[slot] >= ttlNanos) {
                release(slot);
                if (freeCount == freeSlots.length) {
                    freeSlots = Arrays.copyOf(freeSlots, Math.max(16, freeCount * 2));
                }
                freeSlots[freeCount++] = slot;
            } else if (now - lastUse.get(slot) > now - oldestUse || victim < 0) {
                victim = slot;
                oldestUse = lastUse.get(slot);
            }
        }
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        release(victim);
        return victim;
    }

    private void release(int slot) {
        SemanticEntry old = entries[slot];
        if (old != null) {
            slotByKey.remove(old.key());
            entries[slot] = null;
        }
    }

    private void resize(int slots) {
        questions = Arrays.copyOf(questions, slots * dimensions);
        contexts = Arrays.copyOf(contexts, slots * dimensions);
        entries = Arrays.copyOf(entries, slots);
        hasContext = Arrays.copyOf(hasContext, slots);
        spaces = Arrays.copyOf(spaces, slots);
        storedAt = Arrays.copyOf(storedAt, slots);
        AtomicLongArray uses = new AtomicLongArray(slots);
        for (int i = 0; i < Math.min(slots, lastUse.length()); i++) {
            uses.set(i, lastUse.get(i));
        }
        lastUse = uses;
    }
}
