package io.geniejmeter.lakebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.time.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing the database from the settings, and a database that is down or hangs: a clear exception within the
 * connect timeout, so that the cache can fall back to live Genie (no server needed).
 */
class CacheDatabaseTest {

    private static final PoolOptions ONE_SECOND = new PoolOptions(2, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private GenieSettings settings(Map<String, String> values) {
        return GenieSettings.load(values, Map.of(), dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldChooseNoDatabaseWhenNeitherAUrlNorALakebaseInstanceIsSet() {
        assertTrue(CacheDatabase.fromSettings(settings(Map.of()), new ManualClock(), ONE_SECOND).isEmpty());
    }

    @Test
    void shouldUseThePlainUrlAndNeverShowThePassword() {
        try (CacheDatabase db = CacheDatabase.fromSettings(settings(Map.of(
                "GENIE_PG_URL", "jdbc:postgresql://127.0.0.1:5999/cache?sslmode=disable",
                "GENIE_PG_USER", "genie", "GENIE_PG_PASSWORD", "s3cret", "GENIE_LAKEBASE_INSTANCE", "ignored")),
                new ManualClock(), ONE_SECOND).orElseThrow()) {
            assertEquals("jdbc:postgresql://127.0.0.1:5999/cache as genie", db.description());
        }
    }

    @Test
    void shouldRefuseAUrlThatIsNotPostgresqlNamingTheSetting() {
        GenieSettingsException e = assertThrows(GenieSettingsException.class, () -> CacheDatabase.fromSettings(
                settings(Map.of("GENIE_PG_URL", "jdbc:mysql://localhost/db")), new ManualClock(), ONE_SECOND));
        assertTrue(e.getMessage().contains("GENIE_PG_URL"), e.getMessage());
    }

    @Test
    void shouldAskForTheServicePrincipalWhenOnlyTheLakebaseInstanceIsSet() {
        GenieSettingsException e = assertThrows(GenieSettingsException.class, () -> CacheDatabase.fromSettings(
                settings(Map.of("GENIE_LAKEBASE_INSTANCE", "cache", "DATABRICKS_HOST", "http://127.0.0.1:1")),
                new ManualClock(), ONE_SECOND));
        assertTrue(e.getMessage().contains("GENIE_LAKEBASE_CLIENT_ID"), e.getMessage());
    }

    @Test
    void shouldFailQuicklyAndSayWhyWhenNothingListens() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/cache";
        try (CacheDatabase db = CacheDatabase.plain(url, "genie", "pw", ONE_SECOND)) {
            SemanticCacheTable table = new SemanticCacheTable(db, new ManualClock());
            long start = System.nanoTime();

            CacheDatabaseException e = assertThrows(CacheDatabaseException.class, table::count);

            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(CacheDatabaseException.Kind.UNREACHABLE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("cannot be reached"), e.getMessage());
            assertTrue(ms < 5_000, "took " + ms + " ms with a one-second connect timeout");
        }
    }

    @Test
    void shouldGiveUpWithinTheConnectTimeoutOnAServerThatAcceptsButNeverAnswers() throws Exception {
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-postgres");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/cache";
            try (CacheDatabase db = CacheDatabase.plain(url, "genie", "pw", ONE_SECOND)) {
                SemanticCacheTable table = new SemanticCacheTable(db, new ManualClock());
                long start = System.nanoTime();

                CacheDatabaseException e = assertThrows(CacheDatabaseException.class,
                        () -> table.nearest("s", new float[] {1, 0}, new float[2], Duration.ofDays(1), 1));

                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(CacheDatabaseException.Kind.UNREACHABLE, e.kind(), e.getMessage());
                assertTrue(ms < 5_000, "took " + ms + " ms with a one-second connect timeout");
            }
        } finally {
            for (Socket s : List.copyOf(held)) {
                s.close();
            }
        }
    }
}
