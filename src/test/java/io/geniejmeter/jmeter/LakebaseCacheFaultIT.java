package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.lakebase.LocalPostgres;
import io.geniejmeter.lakebase.PostgresBinaries;
import io.geniejmeter.lakebase.SemanticCacheTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Lakebase cache plan in a real JMeter when its PostgreSQL dies partway ({@code pg_ctl stop -m
 * immediate} on a cluster of this test's own, once answers are stored in it): the test goes on to its end in bounded
 * time, questions the cache can no longer answer go to live Genie, every failure counts in {@code cache_errors} and
 * each kind is logged once, every sample succeeds and is classified by what really happened (the simulator's ground
 * truth, {@link CachePlanGroundTruth}), and no sample that started after the crash is a semantic hit.
 */
class LakebaseCacheFaultIT {

    /** Long enough to crash the database partway on a loaded machine (JMeter alone may take 10 s to start). */
    private static final int SECONDS = 30;
    private static final Pattern CACHE_ERROR_WARNING = Pattern.compile(" WARN .*Cache error \\(([^)]+)\\)");

    @TempDir
    Path work;

    private final Path folder = Path.of("target", "it-pg-fault-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    private LocalPostgres pg;

    @AfterEach
    void deleteTheCluster() throws Exception {
        if (pg != null) {
            pg.close();
        }
        Files.deleteIfExists(folder);
    }

    @Test
    void whenPostgresDiesMidTestItGoesOnAsksGenieCountsCacheErrorsAndClassifiesEverySample() throws Exception {
        Path bin = PostgresBinaries.find(Optional.empty(), System.getenv("PATH"), PostgresBinaries.packageRoots());
        pg = LocalPostgres.start(new LocalPostgres.Options(folder, bin, Optional.empty(), false));
        AtomicLong crashedAt = new AtomicLong();
        AtomicLong rowsAtCrash = new AtomicLong();

        long start = System.nanoTime();
        CachePlanGroundTruth.Run run = CachePlanGroundTruth.run(work, "testplans/genie-lakebase.jmx",
                List.of("GENIE_PG_URL=" + pg.jdbcUrl(), "GENIE_PG_USER=" + LocalPostgres.USER,
                        "GENIE_PG_PASSWORD=" + pg.password()),
                SECONDS, () -> {
                    rowsAtCrash.set(waitForRows(2, System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * SECONDS)));
                    pg.crash();
                    crashedAt.set(System.currentTimeMillis());
                });
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertTrue(rowsAtCrash.get() >= 2, "the cache had stored answers before the crash: " + rowsAtCrash.get());
        assertTrue(seconds < SECONDS + 40, "the test ended in bounded time: " + seconds + " s");
        Map<String, Integer> afterCrash = new HashMap<>();
        for (CachePlanGroundTruth.Sample sample : run.samples()) {
            assertTrue(sample.success(), "every sample succeeded (the cache falls back to Genie): " + sample);
            if (sample.timeStamp() > crashedAt.get()) {
                afterCrash.merge(sample.type(), 1, Integer::sum);
            }
        }
        assertFalse(afterCrash.containsKey("GENIE_SEMANTIC_HIT"), "a semantic hit with the database down: "
                + afterCrash);
        assertTrue(afterCrash.getOrDefault("GENIE_LIVE", 0) > 0, "questions went to live Genie after the crash: "
                + afterCrash);
        CachePlanGroundTruth.assertGroundTruth(run);

        assertTrue(CachePlanGroundTruth.cacheErrors(run) > 0, "cache_errors counted: " + run.console());
        Map<String, Integer> warnings = new HashMap<>();
        Matcher m = CACHE_ERROR_WARNING.matcher(run.log());
        while (m.find()) {
            warnings.merge(m.group(1), 1, Integer::sum);
        }
        assertTrue(warnings.keySet().stream().anyMatch(k -> k.contains("CacheDatabaseException")),
                "the database's failure is logged: " + warnings);
        for (Map.Entry<String, Integer> kind : warnings.entrySet()) {
            assertEquals(1, kind.getValue(), "logged once per kind: " + warnings);
        }
        System.out.printf("LakebaseCacheFaultIT: crash after %d rows, %d s in all, %d samples, after the crash %s,"
                + " cache_errors=%d, warnings %s%n", rowsAtCrash.get(), seconds, run.samples().size(), afterCrash,
                CachePlanGroundTruth.cacheErrors(run), warnings.keySet());
    }

    /** Waits until the cache table holds {@code rows} rows or the deadline passes; the rows it held. */
    private long waitForRows(long rows, long deadlineNanos) {
        long seen = 0;
        while (seen < rows && System.nanoTime() < deadlineNanos) {
            try (Connection c = pg.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SemanticCacheTable.TABLE)) {
                rs.next();
                seen = rs.getLong(1);
            } catch (SQLException notCreatedYet) {
                seen = 0;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return seen;
    }
}
