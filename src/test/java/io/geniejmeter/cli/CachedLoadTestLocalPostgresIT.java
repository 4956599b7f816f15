package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.jmeter.PlainJMeterIT;
import io.geniejmeter.lakebase.LocalPostgres;
import io.geniejmeter.lakebase.PostgresBinaries;
import io.geniejmeter.lakebase.SemanticCacheTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/genie-loadtest-cached} with no database configured, on the simulator, through the launcher and a real
 * JMeter: it starts a local PostgreSQL, the plan's semantic cache stores its answers there (watched from outside
 * while the test runs), no cache error occurs, and the database is stopped and deleted at the end.
 */
class CachedLoadTestLocalPostgresIT {

    @TempDir
    Path work;

    private final Path folder = Path.of("target", "it-local-postgres-" + UUID.randomUUID().toString()
            .substring(0, 8)).toAbsolutePath();

    @Test
    void withNoDatabaseConfiguredItRunsOnALocalPostgresThatItStopsAtTheEnd() throws Exception {
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(),
                LoadTestLauncher.JMETER_HOME_ENV, PlainJMeterIT.jmeterHome().toString(),
                LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString(),
                "GENIE_LOCAL_PG_DIR", folder.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestLauncher launcher = new LoadTestLauncher(Scenario.CACHED, env, work,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        AtomicLong mostRows = new AtomicLong(-1);
        AtomicInteger port = new AtomicInteger();
        Thread watcher = new Thread(() -> watch(mostRows, port), "watch-local-postgres");
        watcher.setDaemon(true);
        watcher.start();

        long start = System.nanoTime();
        int status = launcher.run(List.of("--headless", "-u", "3", "-r", "3", "-t", "12s", "--time-scale", "0.02",
                "--qpm", "0", "--min-wait", "0.2", "--max-wait", "0.4", "--seed", "3", "--results-dir", "results"));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        watcher.interrupt();
        String said = out.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, said + err.toString(StandardCharsets.UTF_8));
        assertTrue(said.contains("Semantic cache: a local PostgreSQL on 127.0.0.1:" + port.get() + " (" + folder
                + "), started for this test, stopped at its end."), said);
        assertTrue(said.contains("GENIE_LIVE ") && said.contains("GENIE_LRU_HIT "), "the summary: " + said);
        assertTrue(mostRows.get() > 0, "answers were stored in the local PostgreSQL while the test ran: "
                + mostRows.get());
        String log = Files.readString(work.resolve("results/jmeter.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("genie.pg_url=jdbc:postgresql://127.0.0.1:" + port.get() + "/postgres"), log);
        assertTrue(log.contains(" cache_errors=0 "), "the cache reached its database every time: " + log);
        assertFalse(log.contains("GENIE_PG_PASSWORD"), "no password on JMeter's command line");

        assertTrue(said.contains("Stopped the local PostgreSQL on 127.0.0.1:" + port.get()), said);
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "its files are deleted");
        }
        assertFalse(listening(port.get()), "the server is stopped");
        assertTrue(seconds < 120, "took " + seconds + " s");
    }

    /** A failed run may leave the server running: stop it and remove the folder. */
    @AfterEach
    void removeTheFolder() throws IOException {
        Path bin = PostgresBinaries.find(Optional.empty(), System.getenv("PATH"), PostgresBinaries.packageRoots());
        LocalPostgres.running(folder, bin).ifPresent(LocalPostgres::close);
        Files.deleteIfExists(folder);
    }

    /** Polls the local PostgreSQL in {@code folder} until interrupted: its port and the most rows its table held. */
    private void watch(AtomicLong mostRows, AtomicInteger port) {
        Path bin = PostgresBinaries.find(Optional.empty(), System.getenv("PATH"), PostgresBinaries.packageRoots());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<LocalPostgres> pg = LocalPostgres.running(folder, bin);
                if (pg.isPresent()) {
                    port.set(pg.get().port());
                    try (Connection c = pg.get().connect(); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SemanticCacheTable.TABLE)) {
                        rs.next();
                        mostRows.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                }
                Thread.sleep(500);
            } catch (SQLException | RuntimeException e) {
                // not created yet, or stopped: look again
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
