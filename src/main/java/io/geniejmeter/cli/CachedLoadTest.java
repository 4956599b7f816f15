package io.geniejmeter.cli;

/**
 * {@code bin/genie-loadtest-cached}: the original's command of the same name: the load test with an exact-match cache
 * in memory and a semantic cache in Lakebase (or any PostgreSQL with pgvector) in front of Genie
 * ({@code testplans/genie-lakebase.jmx}), with {@code bin/genie-loadtest}'s options plus the caches'.
 */
public final class CachedLoadTest {

    private CachedLoadTest() {
    }

    public static void main(String[] args) {
        LoadTestLauncher.main(Scenario.CACHED, args);
    }
}
