package io.geniejmeter.conversation;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares {@link ConversationFeed}s between threads the way JMeter's CSV Data Set Config shares its readers: feeds are
 * kept under the key {@code file}, {@code file@group} or {@code file@thread} ({@link ShareMode#key}) together with
 * the feed options, and each file is parsed once however many feeds use it. Options without a seed get one seed
 * picked (and logged) once per test, so all such feeds still agree on the sample. JMeter-free, so the JMeter element
 * only supplies the file, options, mode and the current group and thread names.
 *
 * <p>Threading: {@link #feed} and {@link #clear} are synchronized on the registry. They are called once per thread
 * when it starts and once at the end of a test, so the lock is never on the hot path: handing out conversations is
 * {@link ConversationFeed#next()}, which is lock-free. A JMeter test uses {@link #global()}, cleared when the test
 * ends; on distributed runs each jmeter-server node has its own registry, so "all threads" means all threads of one
 * node, and {@link FeedOptions#node()} gives each node its own share of the sample.
 */
public final class ConversationFeedRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationFeedRegistry.class);

    /** The JVM-wide registry used by JMeter tests; it holds no state between tests once {@link #clear()}ed. */
    private static final ConversationFeedRegistry GLOBAL = new ConversationFeedRegistry();

    private record FeedKey(String shareKey, FeedOptions options) {
    }

    // Guarded by "this".
    private final Map<Path, ConversationFile> files = new HashMap<>();
    private final Map<FeedKey, ConversationFeed> feeds = new HashMap<>();
    /** The seed used for every feed configured without one, picked once per test so all feeds agree on it. */
    private Long pickedSeed;

    /** @return the JVM-wide registry */
    public static ConversationFeedRegistry global() {
        return GLOBAL;
    }

    /**
     * Returns the feed for a thread, creating it (and reading the file) on first use. Feeds with different options
     * are different feeds even under the same sharing key.
     *
     * @param file the conversation file
     * @param options sample size, seed, order, end behaviour
     * @param mode who shares the feed
     * @param groupName the calling thread's group name (used with {@link ShareMode#THREAD_GROUP})
     * @param threadName the calling thread's name (used with {@link ShareMode#THREAD})
     * @return the shared feed
     * @throws ConversationFileException when the file cannot be used
     */
    public synchronized ConversationFeed feed(Path file, FeedOptions options, ShareMode mode, String groupName,
            String threadName) throws ConversationFileException {
        Objects.requireNonNull(mode, "mode");
        Path normalized = file.toAbsolutePath().normalize();
        if (options.seed() == null && options.node().count() > 1 && options.sampleSize() > 0) {
            throw new IllegalArgumentException("A distributed run that samples conversations (GENIE_SAMPLE_SIZE="
                    + options.sampleSize() + ") needs one seed on every node (GENIE_SAMPLE_SEED), so that the nodes"
                    + " draw the same sample and split it; the launchers' --remote sends one.");
        }
        if (options.seed() == null) {
            if (pickedSeed == null) {
                pickedSeed = java.util.concurrent.ThreadLocalRandom.current().nextLong();
                LOG.info("Conversation feeds: no seed given, using seed {} (set it to repeat this run's sample and"
                        + " order)", pickedSeed);
            }
            options = new FeedOptions(options.sampleSize(), pickedSeed, options.order(), options.atEnd(),
                    options.node());
        }
        FeedKey key = new FeedKey(mode.key(normalized.toString(), groupName, threadName), options);
        ConversationFeed feed = feeds.get(key);
        if (feed == null) {
            ConversationFile content = files.get(normalized);
            if (content == null) {
                content = ConversationFiles.read(normalized);
                files.put(normalized, content);
            }
            feed = new ConversationFeed(content.conversations(), options, mode.scope(groupName, threadName));
            feeds.put(key, feed);
        }
        return feed;
    }

    /** Forgets every feed and file, so the next test starts afresh and re-reads edited files. */
    public synchronized void clear() {
        feeds.clear();
        files.clear();
        pickedSeed = null;
    }

    /** @return the number of feeds currently shared */
    public synchronized int feedCount() {
        return feeds.size();
    }
}
