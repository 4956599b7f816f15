package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.lakebase.CacheDatabase;
import io.geniejmeter.lakebase.PoolOptions;
import io.geniejmeter.lakebase.PostgresExtension;
import io.geniejmeter.lakebase.SemanticCacheTable;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.lakebase.TestSchema;
import io.geniejmeter.time.Clock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Lakebase cache plan (semantic cache in PostgreSQL with pgvector, here the tests' server through
 * {@code GENIE_PG_URL}) in a real JMeter against a simulator's ground truth ({@link CachePlanGroundTruth}), and its
 * answers stored in the table.
 */
@ExtendWith(PostgresExtension.class)
class LakebaseCachePlanIT {

    @TempDir
    Path work;

    @Test
    void everyLiveSampleIsAQuestionGenieReceivedAndNoHitIsWithTheSemanticCacheInPostgres(TestPostgres pg)
            throws Exception {
        try (TestSchema schema = pg.newSchema()) {
            CachePlanGroundTruth.check(work, "testplans/genie-lakebase.jmx", schema.settingLines(),
                    log -> {
                        assertTrue(log.contains("Caches in front of Genie"), "the Lakebase chain was built: " + log);
                        try (CacheDatabase db = schema.database(PoolOptions.DEFAULTS)) {
                            assertTrue(new SemanticCacheTable(db, Clock.SYSTEM).count() > 0,
                                    "the answers were stored in PostgreSQL");
                        }
                    });
        }
    }
}
