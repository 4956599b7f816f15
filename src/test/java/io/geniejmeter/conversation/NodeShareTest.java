package io.geniejmeter.conversation;

import static io.geniejmeter.conversation.ConversationFeedTest.conversations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeShareTest {

    private static Set<String> ids(List<Conversation> conversations) {
        Set<String> ids = new HashSet<>();
        conversations.forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** What every node's feed replays over a whole cycle, node by node, with the same options but its own index. */
    private static List<Set<String>> cycles(int nodes, int sampleSize, long seed, FeedOrder order) {
        List<Set<String>> replayed = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ConversationFeed feed = new ConversationFeed(conversations(23),
                    new FeedOptions(sampleSize, seed, order, EndOfFeed.RECYCLE, new NodeShare(i, nodes)));
            replayed.add(new HashSet<>(ConversationFeedTest.take(feed, feed.size())));
        }
        return replayed;
    }

    @Test
    void nodesReplayDisjointSharesThatTogetherAreTheWholeSample() {
        for (int nodes : new int[] {1, 2, 3, 5}) {
            for (FeedOrder order : FeedOrder.values()) {
                List<Set<String>> shares = cycles(nodes, 17, 42, order);
                Set<String> union = new HashSet<>();
                int total = 0;
                for (Set<String> share : shares) {
                    union.addAll(share);
                    total += share.size();
                    assertTrue(share.size() >= 17 / nodes && share.size() <= 17 / nodes + 1,
                            nodes + " nodes: unbalanced share " + share);
                }
                assertEquals(17, total, nodes + " nodes: a conversation is replayed by two nodes");
                Set<String> wholeSample = ids(new ConversationFeed(conversations(23),
                        new FeedOptions(17, 42L, order, EndOfFeed.RECYCLE)).sample());
                assertEquals(wholeSample, union, nodes + " nodes do not cover the one-machine sample");
            }
        }
    }

    @Test
    void theShareTakesEveryCountthConversationFromTheNodesIndex() {
        assertEquals(List.of("c1", "c4", "c7"), new NodeShare(1, 3).of(conversations(9)).stream()
                .map(Conversation::id).toList());
        assertEquals(conversations(4), NodeShare.WHOLE.of(conversations(4)));
    }

    @Test
    void aNodeWithoutAnyConversationAndABadIndexAreRefusedInWords() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new NodeShare(2, 3).of(conversations(2)));
        assertTrue(few.getMessage().contains("node 2 of 3 has no conversation"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NodeShare(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new NodeShare(0, 0));
    }

    @Test
    void aDistributedSampleWithoutSeedIsRefusedBecauseNodesWouldDrawDifferentSamples(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.copy(ConversationFilesTest.fixture("original-export.yaml"), file);
        ConversationFeedRegistry registry = new ConversationFeedRegistry();
        FeedOptions unseeded = new FeedOptions(1, null, FeedOrder.RANDOM, EndOfFeed.RECYCLE, new NodeShare(0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.feed(file, unseeded, ShareMode.ALL_THREADS, "g", "t"));
        assertTrue(e.getMessage().contains("GENIE_SAMPLE_SEED"), e.getMessage());
    }
}
