package io.geniejmeter.jmeter;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped in-memory cache plan in a real JMeter against a simulator's ground truth ({@link CachePlanGroundTruth}):
 * all three request types, every {@code GENIE_LIVE} sample a question Genie received, no hit one, the
 * {@code test_complete} line.
 */
class InMemoryCachePlanIT {

    @TempDir
    Path work;

    @Test
    void everyLiveSampleIsAQuestionGenieReceivedAndNoHitIs() throws Exception {
        CachePlanGroundTruth.check(work, "testplans/genie-in-memory-semantic.jmx", List.of(), log -> { });
    }
}
