package io.geniejmeter.genie;

/**
 * Which path answered a question, the original tool's request types: the label prefix and the
 * {@code genie_request_type} of a sample.
 */
public enum RequestType {
    /** Asked Genie with no cache in front (the standard load test). */
    GENIE,
    /** A cache chain found the exact question (same space and conversation context) and re-ran its SQL. */
    GENIE_LRU_HIT,
    /** A cache chain found a similar question in its semantic cache and re-ran that question's SQL. */
    GENIE_SEMANTIC_HIT,
    /** A cache chain found nothing usable and asked Genie (a miss). */
    GENIE_LIVE;

    /** True for the two kinds of cache hit. */
    public boolean hit() {
        return this == GENIE_LRU_HIT || this == GENIE_SEMANTIC_HIT;
    }
}
