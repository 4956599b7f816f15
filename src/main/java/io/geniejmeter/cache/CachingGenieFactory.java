package io.geniejmeter.cache;

import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds a {@link CachingGenie} for a {@link GenieTarget} from its settings: the plain {@link GenieClient} for
 * misses, embeddings from {@code GENIE_EMBEDDING_MODEL}, re-runs on the target's warehouse ({@code GENIE_WAREHOUSE_ID};
 * on the simulator its own warehouse) and, unless another store is given, in-memory semantic caches.
 *
 * <p>For the JMeter sampler's {@code createAsker()}: open the target as it does today, then
 * {@code return CachingGenieFactory.inMemory(target);} (or {@link #create} with a PostgreSQL store); closing the
 * chain closes the target.
 */
public final class CachingGenieFactory {

    private CachingGenieFactory() {
    }

    /**
     * A chain with in-memory semantic caches ({@code GENIE_CACHE_CAPACITY}, {@code GENIE_CACHE_TTL}) on the real
     * clock.
     *
     * @throws GenieSettingsException when no warehouse is known or a cache setting is malformed
     */
    public static CachingGenie inMemory(GenieTarget target) {
        return create(target, Clock.SYSTEM, null);
    }

    /**
     * A chain over {@code target}.
     *
     * @param clock          time of polls, TTLs and latencies (tests pass a hand-moved one)
     * @param semanticStores makes one semantic cache from the chain's settings (once, or once per thread for
     *                       per-user scope); null for {@link InMemorySemanticCache}
     * @throws GenieSettingsException when no warehouse is known or a cache setting is malformed
     */
    public static CachingGenie create(GenieTarget target, Clock clock,
                                      Function<CacheSettings, SemanticCache> semanticStores) {
        GenieSettings settings = target.settings();
        String warehouse = target.warehouseId();
        if (warehouse == null || warehouse.isBlank()) {
            throw new GenieSettingsException("GENIE_WAREHOUSE_ID is not set: a cache hit re-runs the cached SQL on"
                    + " a SQL warehouse. Set it (JMeter property genie.warehouse_id) to the id of a warehouse the"
                    + " space's data is on (the last part of the warehouse's URL).");
        }
        CacheSettings cache = CacheSettings.from(settings, warehouse);
        GenieClient client = GenieClient.builder(target.workspace(), target.spaceId()).settings(settings)
                .clock(clock).build();
        Duration httpTimeout = Duration.ofSeconds(settings.value(Settings.GENIE_HTTP_TIMEOUT_SECONDS));
        StatementRunner runner = StatementRunner.of(target.workspace(), warehouse,
                StatementRunner.serverWaitFor(httpTimeout, cache.statementTimeout()), cache.statementTimeout(),
                cache.pollInterval(), clock);
        Supplier<SemanticCache> semantic = semanticStores == null
                ? () -> new InMemorySemanticCache(cache.semanticCapacity(), cache.ttl(), clock)
                : () -> semanticStores.apply(cache);
        return new CachingGenie(target.spaceId(), cache, client::ask,
                new ServingEndpointEmbedder(target.workspace(), cache.embeddingModel()), runner, semantic, clock,
                target::close);
    }
}
