package io.geniejmeter.cache;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a cache chain, checked, with the catalogue's defaults ({@link Settings}, group CACHE).
 *
 * @param lruCapacity         most entries of the exact-match cache ({@code GENIE_LRU_CAPACITY}, default 100)
 * @param semanticCapacity    most entries of the in-memory semantic cache ({@code GENIE_CACHE_CAPACITY}, 1000)
 * @param ttl                 lifetime of an entry in every layer ({@code GENIE_CACHE_TTL}, default 86,400 s)
 * @param similarityThreshold least question similarity of a semantic hit ({@code GENIE_SIMILARITY_THRESHOLD}, 0.85)
 * @param contextThreshold    least context similarity of a semantic hit
 *                            ({@code GENIE_CONTEXT_SIMILARITY_THRESHOLD}, 0.80)
 * @param contextWindowSize   previous messages that form the conversation context ({@code GENIE_CONTEXT_WINDOW_SIZE},
 *                            default 3; 0: no context)
 * @param embeddingModel      serving endpoint that embeds the texts ({@code GENIE_EMBEDDING_MODEL})
 * @param scope               who shares the caches ({@code GENIE_CACHE_SCOPE}, default shared)
 * @param warehouseId         SQL warehouse that re-runs cached SQL ({@code GENIE_WAREHOUSE_ID})
 * @param statementTimeout    give up on a re-run after this long ({@code GENIE_TIMEOUT_SECONDS}, as for Genie)
 * @param pollInterval        time between two polls of a re-run that outlasts the server-side wait
 *                            ({@code GENIE_POLL_INTERVAL_MS})
 */
public record CacheSettings(int lruCapacity, int semanticCapacity, Duration ttl, double similarityThreshold,
                            double contextThreshold, int contextWindowSize, String embeddingModel, CacheScope scope,
                            String warehouseId, Duration statementTimeout, Duration pollInterval) {

    public CacheSettings {
        if (lruCapacity < 1 || semanticCapacity < 1) {
            throw new IllegalArgumentException("capacities must be at least 1");
        }
        if (ttl.isNegative() || ttl.isZero() || statementTimeout.isNegative() || statementTimeout.isZero()
                || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
        if (contextWindowSize < 0) {
            throw new IllegalArgumentException("context window size must not be negative");
        }
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(warehouseId, "warehouseId");
    }

    /**
     * The cache settings of {@code settings}, re-running on {@code warehouseId}.
     *
     * @throws io.geniejmeter.settings.GenieSettingsException when a value is malformed
     */
    public static CacheSettings from(GenieSettings settings, String warehouseId) {
        return new CacheSettings(settings.value(Settings.GENIE_LRU_CAPACITY),
                settings.value(Settings.GENIE_CACHE_CAPACITY),
                Duration.ofSeconds(settings.value(Settings.GENIE_CACHE_TTL)),
                settings.value(Settings.GENIE_SIMILARITY_THRESHOLD),
                settings.value(Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD),
                settings.value(Settings.GENIE_CONTEXT_WINDOW_SIZE),
                settings.value(Settings.GENIE_EMBEDDING_MODEL),
                CacheScope.of(settings.value(Settings.GENIE_CACHE_SCOPE)),
                warehouseId,
                settings.value(Settings.GENIE_TIMEOUT_SECONDS),
                Duration.ofMillis(settings.value(Settings.GENIE_POLL_INTERVAL_MS)));
    }

    /** A copy with another scope. */
    public CacheSettings withScope(CacheScope newScope) {
        return new CacheSettings(lruCapacity, semanticCapacity, ttl, similarityThreshold, contextThreshold,
                contextWindowSize, embeddingModel, newScope, warehouseId, statementTimeout, pollInterval);
    }

    /** A copy with other thresholds. */
    public CacheSettings withThresholds(double question, double context) {
        return new CacheSettings(lruCapacity, semanticCapacity, ttl, question, context, contextWindowSize,
                embeddingModel, scope, warehouseId, statementTimeout, pollInterval);
    }
}
