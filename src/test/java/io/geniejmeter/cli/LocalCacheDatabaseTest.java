package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.lakebase.LocalPostgres;
import io.geniejmeter.lakebase.PostgresBinaries;
import io.geniejmeter.settings.GenieSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the cached launcher starts a local PostgreSQL, what JMeter is handed, and who stops it: the one it started
 * at the end unless {@code --keep-postgres}, never one that was already running.
 */
class LocalCacheDatabaseTest {

    private final Path folder = Path.of("target", "local-cache-database-" + UUID.randomUUID().toString()
            .substring(0, 8)).toAbsolutePath();
    private final Path project = Path.of("").toAbsolutePath();
    private final Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", folder.toString());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private GenieSettings settings(Map<String, String> given) {
        return GenieSettings.load(given, env, project.resolve("target"));
    }

    private Optional<LocalPostgres> running() {
        return LocalPostgres.running(folder, PostgresBinaries.find(Optional.empty(), System.getenv("PATH"),
                PostgresBinaries.packageRoots()));
    }

    @AfterEach
    void stopIt() throws IOException {
        running().ifPresent(LocalPostgres::close);
        Files.deleteIfExists(folder);
    }

    @Test
    void onlyTheCachedTestOnTheSimulatorWithNoDatabaseConfiguredNeedsOne() {
        GenieSettings none = settings(Map.of());

        assertTrue(LocalCacheDatabase.needed(Scenario.CACHED, none, true));
        assertFalse(LocalCacheDatabase.needed(Scenario.CACHED, none, false), "a workspace");
        assertFalse(LocalCacheDatabase.needed(Scenario.IN_MEMORY_SEMANTIC, none, true));
        assertFalse(LocalCacheDatabase.needed(Scenario.CACHED,
                settings(Map.of("GENIE_PG_URL", "jdbc:postgresql://db:5432/postgres")), true));
        assertFalse(LocalCacheDatabase.needed(Scenario.CACHED, settings(Map.of("GENIE_LAKEBASE_INSTANCE", "i")),
                true));
    }

    @Test
    void keptWithKeepPostgresAndAnAlreadyRunningOneIsNeverStopped() throws Exception {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        GenieSettings settings = settings(Map.of("GENIE_LOCAL_PG_DIR", folder.toString()));

        try (LocalCacheDatabase kept = LocalCacheDatabase.start(settings, env, project, project, true, print)) {
            assertEquals(Map.of("genie.pg_url", running().orElseThrow().jdbcUrl(), "genie.pg_user", "postgres"),
                    kept.properties(), "JMeter's properties: URL and user, no password");
            assertEquals(Map.of("GENIE_PG_PASSWORD", running().orElseThrow().password()), kept.environment());
        }
        assertTrue(running().isPresent(), "--keep-postgres leaves it running");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("keeps running; 'bin/genie-postgres stop' stops it"),
                out.toString(StandardCharsets.UTF_8));

        out.reset();
        try (LocalCacheDatabase reused = LocalCacheDatabase.start(settings, env, project, project, false, print)) {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("that is already running (left running;"),
                    out.toString(StandardCharsets.UTF_8));
        }
        assertTrue(running().isPresent(), "a database that was already running is left running");

        running().orElseThrow().close();
        try (LocalCacheDatabase own = LocalCacheDatabase.start(settings, env, project, project, false, print)) {
            assertTrue(running().isPresent());
        }
        assertFalse(running().isPresent(), "one this run started is stopped at its end");
    }
}
