package io.geniejmeter.conversation;

import java.util.Objects;

/**
 * How a {@link ConversationFeed} samples and orders conversations. Immutable; equal options over the same file and
 * sharing key mean the same feed.
 *
 * @param sampleSize how many conversations to use; 0 or less, or more than the file holds, means all of them
 *     (the original's {@code GENIE_SAMPLE_SIZE})
 * @param seed the seed of the sample and of the random order (the original's {@code GENIE_SAMPLE_SEED}); the same
 *     seed gives the same sample and the same order; null means "pick one", which the feed logs so the run can be
 *     repeated
 * @param order sequential (file order) or random (a seeded shuffle per cycle)
 * @param atEnd recycle or stop once every sampled conversation has been handed out
 * @param node which share of the sample this node of a distributed run replays ({@link NodeShare#WHOLE} on one
 *     machine); the sample is drawn before it is shared, so every node must use the same seed
 */
public record FeedOptions(int sampleSize, Long seed, FeedOrder order, EndOfFeed atEnd, NodeShare node) {

    /** All conversations, a picked seed, random order, recycled: what a load test usually wants. */
    public static final FeedOptions DEFAULTS = new FeedOptions(0, null, FeedOrder.RANDOM, EndOfFeed.RECYCLE);

    public FeedOptions {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(atEnd, "atEnd");
        Objects.requireNonNull(node, "node");
    }

    /** Options of a run on one machine (the whole sample). */
    public FeedOptions(int sampleSize, Long seed, FeedOrder order, EndOfFeed atEnd) {
        this(sampleSize, seed, order, atEnd, NodeShare.WHOLE);
    }
}
