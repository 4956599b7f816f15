package io.geniejmeter.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationFeedRegistryTest {

    @TempDir
    Path dir;

    private final ConversationFeedRegistry registry = new ConversationFeedRegistry();
    private final FeedOptions options = new FeedOptions(0, 1L, FeedOrder.SEQUENTIAL, EndOfFeed.RECYCLE);

    private Path file() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.copy(ConversationFilesTest.fixture("original-export.yaml"), f);
        return f;
    }

    @Test
    void sharesOneFeedBetweenAllThreadsWhateverTheSpellingOfThePath() throws IOException {
        Path f = file();

        ConversationFeed a = registry.feed(f, options, ShareMode.ALL_THREADS, "G1", "G1 1-1");
        ConversationFeed b = registry.feed(dir.resolve("sub/../c.yaml"), options, ShareMode.ALL_THREADS, "G2",
                "G2 2-1");

        assertSame(a, b);
        assertEquals(1, registry.feedCount());
    }

    @Test
    void sharesPerThreadGroupAndPerThread() throws IOException {
        Path f = file();

        ConversationFeed g1 = registry.feed(f, options, ShareMode.THREAD_GROUP, "G1", "G1 1-1");
        ConversationFeed g1Again = registry.feed(f, options, ShareMode.THREAD_GROUP, "G1", "G1 1-2");
        ConversationFeed g2 = registry.feed(f, options, ShareMode.THREAD_GROUP, "G2", "G2 2-1");
        ConversationFeed t1 = registry.feed(f, options, ShareMode.THREAD, "G1", "G1 1-1");
        ConversationFeed t2 = registry.feed(f, options, ShareMode.THREAD, "G1", "G1 1-2");

        assertSame(g1, g1Again);
        assertNotSame(g1, g2);
        assertNotSame(t1, t2);
        assertEquals(4, registry.feedCount());
        // Each per-thread feed works through the sample on its own.
        assertEquals(t1.next().orElseThrow(), t2.next().orElseThrow());
    }

    @Test
    void keepsFeedsWithDifferentOptionsApart() throws IOException {
        Path f = file();

        ConversationFeed a = registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T");
        ConversationFeed b = registry.feed(f, new FeedOptions(2, 1L, FeedOrder.SEQUENTIAL, EndOfFeed.RECYCLE),
                ShareMode.ALL_THREADS, "G", "T");

        assertNotSame(a, b);
        assertEquals(2, b.size());
    }

    @Test
    void givesUnseededFeedsOneCommonSeedPerTest() throws IOException {
        Path f = file();
        FeedOptions unseeded = new FeedOptions(2, null, FeedOrder.RANDOM, EndOfFeed.RECYCLE);

        ConversationFeed t1 = registry.feed(f, unseeded, ShareMode.THREAD, "G", "T1");
        ConversationFeed t2 = registry.feed(f, unseeded, ShareMode.THREAD, "G", "T2");

        assertEquals(t1.seed(), t2.seed());
        assertEquals(t1.sample(), t2.sample());
    }

    @Test
    void buildsTheSameKeysAsCsvDataSetConfig() {
        assertEquals("f.yaml", ShareMode.ALL_THREADS.key("f.yaml", "G", "G 1-1"));
        assertEquals("f.yaml@G", ShareMode.THREAD_GROUP.key("f.yaml", "G", "G 1-1"));
        assertEquals("f.yaml@G 1-1", ShareMode.THREAD.key("f.yaml", "G", "G 1-1"));
    }

    @Test
    void rereadsTheFileAfterClear() throws IOException {
        Path f = file();
        ConversationFeed before = registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T");
        Files.writeString(f, "conversations:\n- id: x\n  messages:\n  - content: edited\n");

        ConversationFeed cached = registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T");
        registry.clear();
        ConversationFeed after = registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T");

        assertSame(before, cached);
        assertEquals(3, before.size());
        assertEquals("edited", after.next().orElseThrow().messages().get(0).content());
    }

    @Test
    void reportsABrokenFileToEveryCaller() throws IOException {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "conversations: [\n");

        assertThrows(ConversationFileException.class,
                () -> registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T"));
        assertThrows(ConversationFileException.class,
                () -> registry.feed(f, options, ShareMode.ALL_THREADS, "G", "T"));
        assertEquals(0, registry.feedCount());
    }
}
