package io.geniejmeter.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each kind of cache failure once as a warning (later ones of the same kind at debug level), so a dead
 * embedding endpoint under load fills neither the log nor the console while {@code cache_errors} counts them all.
 * Thread-safe.
 */
final class CacheErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger(CachingGenie.class);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** Logs {@code message} for a failure of {@code kind} (e.g. "embedding TIMEOUT"). */
    void failed(String kind, String message) {
        if (seen.add(kind)) {
            LOG.warn("Cache error ({}): {}. Asking Genie instead; further errors of this kind are counted in"
                    + " cache_errors and logged at debug level only", kind, message);
        } else {
            LOG.debug("Cache error ({}): {}", kind, message);
        }
    }

    /** The kinds seen so far. */
    Set<String> kinds() {
        return Set.copyOf(seen);
    }
}
