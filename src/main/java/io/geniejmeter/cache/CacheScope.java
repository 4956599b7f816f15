package io.geniejmeter.cache;

import java.util.Locale;

/** Who shares a chain's caches ({@code GENIE_CACHE_SCOPE}). */
public enum CacheScope {
    /** One set of caches for every user (thread) of the JVM: what a real cache in front of Genie does. Default. */
    SHARED,
    /**
     * One set of caches per JMeter thread (one simulated user), as the original tool built them, so that users never
     * share hits; kept to reproduce its hit rates.
     */
    PER_USER;

    /** The scope for a setting value: {@code shared} or {@code per-user}. */
    public static CacheScope of(String setting) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "shared" -> SHARED;
            case "per-user" -> PER_USER;
            default -> throw new IllegalArgumentException("cache scope must be shared or per-user, was " + setting);
        };
    }
}
