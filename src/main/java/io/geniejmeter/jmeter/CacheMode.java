package io.geniejmeter.jmeter;

/** Which cache a plan puts in front of Genie, chosen by the cache config element it holds (none: the standard test). */
enum CacheMode {
    /** No cache: every question goes to Genie (request type {@code GENIE}). */
    NONE,
    /** Exact-match LRU and a semantic cache held in memory (Genie In-Memory Semantic Cache). */
    IN_MEMORY,
    /** Exact-match LRU and a semantic cache in PostgreSQL with pgvector (Genie Lakebase Semantic Cache). */
    LAKEBASE
}
