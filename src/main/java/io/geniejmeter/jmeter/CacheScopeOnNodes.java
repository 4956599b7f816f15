package io.geniejmeter.jmeter;

/**
 * What a {@code jmeter-server} node says about the reach of its caches, once per test: in-memory caches are its own,
 * the Lakebase mode's exact-match (LRU) layer is its own too but its semantic cache is the one database all nodes
 * share. Nothing on a test that runs in one JMeter.
 */
final class CacheScopeOnNodes {

    private CacheScopeOnNodes() {
    }

    /** The line for {@code mode} on {@code node} (null: not a node), or null when there is nothing to say. */
    static String line(CacheMode mode, String node) {
        if (node == null) {
            return null;
        }
        return switch (mode) {
            case NONE -> null;
            case IN_MEMORY -> "In-memory caches are per node: this node (" + node + ") keeps its own exact-match and"
                    + " semantic caches, so a question answered on another node is a miss here (the Lakebase cache"
                    + " test, bin/genie-loadtest-cached, shares one semantic cache in PostgreSQL)";
            case LAKEBASE -> "Caches on this node (" + node + "): the exact-match (LRU) cache is this node's own, in"
                    + " memory; the semantic cache is the database every node shares, so a question answered on"
                    + " another node can be a semantic hit here";
        };
    }
}
