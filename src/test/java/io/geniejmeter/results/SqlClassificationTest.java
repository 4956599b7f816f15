package io.geniejmeter.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The original tool's bottleneck and speed rules, at their thresholds and in their order. */
class SqlClassificationTest {

    private static QueryHistoryRecord r(long total, long exec, long compile, long queue, long compute, long bytes) {
        return new QueryHistoryRecord("s", total, exec, compile, queue, compute, 0, 0, bytes, 0, "", "w");
    }

    @Test
    void namesTheFirstBottleneckWhoseRuleHolds() {
        assertEquals("UNKNOWN", SqlClassification.bottleneck(r(0, 0, 0, 0, 0, 0)));
        assertEquals("COMPUTE_STARTUP", SqlClassification.bottleneck(r(1000, 0, 0, 400, 501, 0)));
        assertEquals("QUEUE_WAIT", SqlClassification.bottleneck(r(1000, 0, 0, 301, 500, 0)),
                "compute wait of exactly half is not COMPUTE_STARTUP");
        assertEquals("COMPILATION", SqlClassification.bottleneck(r(1000, 0, 401, 300, 0, 0)));
        assertEquals("LARGE_SCAN", SqlClassification.bottleneck(r(1000, 0, 400, 0, 0, (1L << 30) + 1)));
        assertEquals("SLOW_EXECUTION", SqlClassification.bottleneck(r(20_000, 10_001, 0, 0, 0, 1L << 30)));
        assertEquals("NORMAL", SqlClassification.bottleneck(r(20_000, 10_000, 8_000, 6_000, 0, 0)));
    }

    @Test
    void sortsTotalDurationsIntoTheOriginalsSpeedCategories() {
        assertEquals("UNKNOWN", SqlClassification.speed(0));
        assertEquals("FAST", SqlClassification.speed(4_999));
        assertEquals("MODERATE", SqlClassification.speed(5_000));
        assertEquals("SLOW", SqlClassification.speed(10_000));
        assertEquals("SLOW", SqlClassification.speed(29_999));
        assertEquals("CRITICAL", SqlClassification.speed(30_000));
    }
}
