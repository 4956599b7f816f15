package io.geniejmeter.jmeter;

import io.geniejmeter.cache.CachingGenie;
import io.geniejmeter.cache.CachingGenieFactory;
import io.geniejmeter.lakebase.CacheDatabase;
import io.geniejmeter.lakebase.PoolOptions;
import io.geniejmeter.lakebase.PostgresSemanticCache;
import io.geniejmeter.lakebase.SemanticCacheTable;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.time.Clock;

/** The cache chain of the Lakebase mode: the semantic cache in the database the test's settings name. */
final class LakebaseCaches {

    private LakebaseCaches() {
    }

    /**
     * The chain over {@code target} with its semantic cache in PostgreSQL (one pool and one table for the test,
     * shared by every per-user cache when the scope is per-user); closing the chain closes the pool and the target.
     *
     * @throws GenieSettingsException when the settings name no database
     */
    static CachingGenie chain(GenieTarget target) {
        CacheDatabase database = CacheDatabase.fromSettings(target.settings(), Clock.SYSTEM, PoolOptions.DEFAULTS)
                .orElseThrow(() -> new GenieSettingsException("The Lakebase semantic cache has no database: set"
                        + " GENIE_LAKEBASE_INSTANCE with GENIE_LAKEBASE_CLIENT_ID and GENIE_LAKEBASE_CLIENT_SECRET, or"
                        + " GENIE_PG_URL (with GENIE_PG_USER, GENIE_PG_PASSWORD) for any PostgreSQL with pgvector."));
        SemanticCacheTable table = new SemanticCacheTable(database, Clock.SYSTEM);
        try {
            return CachingGenieFactory.create(target, Clock.SYSTEM,
                    cache -> new PostgresSemanticCache(table, cache.ttl(), database));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
