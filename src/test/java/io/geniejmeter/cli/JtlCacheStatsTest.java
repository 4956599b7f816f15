package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.cache.CacheStats;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test_complete figures of a distributed run, computed from the collected JTL. */
class JtlCacheStatsTest {

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,success,genie_request_type,"
            + "genie_matched_question,genie_cache_errors\n";

    @Test
    void countsEachSampleAsTheChainCountedItsQuestion() throws Exception {
        String jtl = HEADER
                + "1,10,GENIE_LIVE message_1_of_2,COMPLETED,true,GENIE_LIVE,,0\n"
                + "2,10,GENIE_LIVE message_2_of_2,FAILED,false,GENIE_LIVE,,2\n"
                + "3,10,GENIE_LRU_HIT message_1_of_2,COMPLETED,true,GENIE_LRU_HIT,,0\n"
                + "4,10,GENIE_LRU_HIT message_1_of_2,BAD_REQUEST,false,GENIE_LRU_HIT,,0\n"
                + "5,10,GENIE_SEMANTIC_HIT message_2_of_2,COMPLETED,true,GENIE_SEMANTIC_HIT,\"What, again?\",0\n"
                + "6,10,GENIE_SEMANTIC_HIT message_2_of_2,COMPLETED,true,GENIE_SEMANTIC_HIT,x,0\n"
                + "7,10,GENIE_LIVE message_1_of_1,COMPLETED,true,GENIE_LIVE,,1\n"
                + "8,0,ARRIVAL no_capacity,NO_CAPACITY,false,,,\n";

        CacheStats stats = JtlCacheStats.read(new StringReader(jtl)).orElseThrow();

        assertEquals(new CacheStats(7, 1, 2, 3, 1, 3), stats);
        assertEquals("test_complete total_requests=7 lru_hits=1 lru_hit_rate=14.3% semantic_hits=2"
                + " semantic_hit_rate=28.6% misses=3 miss_rate=42.9% cache_errors=3 failed_reruns=1",
                stats.testCompleteLine());
    }

    @Test
    void findsNothingInARunWithNoCacheInFront() throws Exception {
        String jtl = HEADER + "1,10,GENIE message_1_of_1,COMPLETED,true,GENIE,,\n";

        assertEquals(Optional.empty(), JtlCacheStats.read(new StringReader(jtl)));
        assertTrue(JtlCacheStats.read(new StringReader("timeStamp,elapsed,label,success\n1,2,x,true\n")).isEmpty(),
                "no request type column: nothing to count");
    }
}
