package io.geniejmeter.cli;

import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import java.util.List;

/**
 * The original tool's load-test commands, each a launcher over its own shipped plan, with the options of the settings
 * that scenario uses beyond the standard ones (declared in the catalogue, help text and rule included).
 */
enum Scenario {
    /** {@code bin/genie-loadtest}: every question to Genie. */
    STANDARD("genie-loadtest", "testplans/genie-standard.jmx", List.of()),
    /** {@code bin/genie-loadtest-in-memory-semantic}: exact-match and semantic caches in memory in front of Genie. */
    IN_MEMORY_SEMANTIC("genie-loadtest-in-memory-semantic", "testplans/genie-in-memory-semantic.jmx",
            List.of(Settings.GENIE_WAREHOUSE_ID, Settings.GENIE_CACHE_CAPACITY, Settings.GENIE_LRU_CAPACITY,
                    Settings.GENIE_CACHE_TTL, Settings.GENIE_SIMILARITY_THRESHOLD, Settings.GENIE_CONTEXT_WINDOW_SIZE,
                    Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD, Settings.GENIE_EMBEDDING_MODEL,
                    Settings.GENIE_CACHE_SCOPE)),
    /** {@code bin/genie-loadtest-cached}: exact-match cache in memory, semantic cache in Lakebase / PostgreSQL. */
    CACHED("genie-loadtest-cached", "testplans/genie-lakebase.jmx",
            List.of(Settings.GENIE_WAREHOUSE_ID, Settings.GENIE_LAKEBASE_INSTANCE, Settings.GENIE_PG_URL,
                    Settings.GENIE_LRU_CAPACITY, Settings.GENIE_CACHE_TTL, Settings.GENIE_SIMILARITY_THRESHOLD,
                    Settings.GENIE_CONTEXT_WINDOW_SIZE, Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD,
                    Settings.GENIE_EMBEDDING_MODEL, Settings.GENIE_CACHE_SCOPE, Settings.GENIE_LOCAL_PG_DIR,
                    Settings.GENIE_PG_BIN));

    private final String command;
    private final String plan;
    private final List<Setting<?>> settings;

    Scenario(String command, String plan, List<Setting<?>> settings) {
        this.command = command;
        this.plan = plan;
        this.settings = settings;
    }

    /** The bin/ command, e.g. {@code genie-loadtest}. */
    String command() {
        return command;
    }

    /** The plan it runs unless {@code --plan} says otherwise, relative to the project. */
    String plan() {
        return plan;
    }

    /** The settings it offers as options beyond the standard test's. */
    List<Setting<?>> settings() {
        return settings;
    }
}
