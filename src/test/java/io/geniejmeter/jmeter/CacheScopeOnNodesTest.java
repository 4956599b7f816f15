package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a jmeter-server node says about the reach of its caches. */
class CacheScopeOnNodesTest {

    @Test
    void aNodeSaysItsInMemoryCachesAreItsOwnAndItsLakebaseSemanticCacheIsShared() {
        String inMemory = CacheScopeOnNodes.line(CacheMode.IN_MEMORY, "10.0.0.7:1099");
        assertTrue(inMemory.startsWith("In-memory caches are per node: this node (10.0.0.7:1099) keeps its own"),
                inMemory);
        String lakebase = CacheScopeOnNodes.line(CacheMode.LAKEBASE, "10.0.0.7:1099");
        assertTrue(lakebase.contains("exact-match (LRU) cache is this node's own")
                && lakebase.contains("semantic cache is the database every node shares"), lakebase);
    }

    @Test
    void oneJmeterOrNoCacheSaysNothing() {
        assertNull(CacheScopeOnNodes.line(CacheMode.IN_MEMORY, null));
        assertNull(CacheScopeOnNodes.line(CacheMode.LAKEBASE, null));
        assertNull(CacheScopeOnNodes.line(CacheMode.NONE, "10.0.0.7:1099"));
    }
}
