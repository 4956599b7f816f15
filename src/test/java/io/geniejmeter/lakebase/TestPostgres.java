package io.geniejmeter.lakebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL with pgvector for the tests, started once per test run (see {@link PostgresExtension}) and
 * stopped when the run ends. {@code GENIE_TEST_PG_URL} (a JDBC URL with user and password, of a superuser or a role
 * that may create schemas, roles and databases) names a server to use; otherwise a throwaway cluster is made under
 * {@code target/test-postgres} ({@link LocalPostgres}, the same code as {@code bin/genie-postgres}) with SSL on (a
 * self-signed certificate, so that Lakebase's {@code sslmode=require} works against it). PostgreSQL 15 and pgvector
 * are installed by {@code bin/install-pgvector} when missing (it needs root then); when that is impossible the
 * tests fail with what to do: they are never skipped.
 *
 * <p>Each test takes its own schema ({@link #newSchema()}), so test classes do not see each other's tables.
 */
public final class TestPostgres implements AutoCloseable {

    static final String URL_VARIABLE = "GENIE_TEST_PG_URL";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final String adminUrl;
    private final LocalPostgres cluster;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private TestPostgres(String adminUrl, LocalPostgres cluster) {
        this.adminUrl = adminUrl;
        this.cluster = cluster;
    }

    /** The server named by {@code GENIE_TEST_PG_URL}, else a new throwaway cluster. */
    public static TestPostgres start() {
        String given = System.getenv(URL_VARIABLE);
        TestPostgres pg = given != null && !given.isBlank() ? new TestPostgres(given, null) : cluster();
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            pg.close();
            throw new IllegalStateException("The PostgreSQL for the tests (" + pg.describe() + ") has no pgvector or"
                    + " refuses CREATE EXTENSION vector: " + e.getMessage() + ". Run 'sudo bin/install-pgvector' on"
                    + " that server's machine, or unset " + URL_VARIABLE + " to use a throwaway cluster.", e);
        }
        return pg;
    }

    /**
     * The server at {@code adminUrl} (another {@link TestPostgres}'s {@link #adminUrl()}), left running by
     * {@link #close()}: how the benchmarks' forked JVMs share the cluster their runner started.
     */
    public static TestPostgres attach(String adminUrl) {
        return new TestPostgres(adminUrl, null);
    }

    private static TestPostgres cluster() {
        Path project = Path.of("").toAbsolutePath();
        Path installer = project.resolve("bin/install-pgvector");
        int installed = install(installer);
        if (installed != 0) {
            throw new IllegalStateException("PostgreSQL 15 with pgvector is needed by the tests and"
                    + " bin/install-pgvector could not install it (exit " + installed + ", see the test output): run"
                    + " 'sudo bin/install-pgvector', or set " + URL_VARIABLE + "=jdbc:postgresql://HOST:PORT/DB"
                    + "?user=...&password=... to a PostgreSQL with pgvector.");
        }
        String givenBin = System.getenv("GENIE_PG_BIN");
        Path bin = PostgresBinaries.find(Optional.ofNullable(givenBin).filter(b -> !b.isBlank()).map(Path::of),
                System.getenv("PATH"), PostgresBinaries.packageRoots());
        LocalPostgres local = LocalPostgres.start(new LocalPostgres.Options(
                project.resolve("target").resolve("test-postgres"), bin, Optional.of(installer), true));
        return new TestPostgres(local.jdbcUrl() + "?user=" + LocalPostgres.USER + "&password=" + local.password(),
                local);
    }

    private static int install(Path installer) {
        try {
            Process p = new ProcessBuilder("bash", installer.toString()).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + installer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + installer, e);
        }
    }

    /** A new connection as the administrator (superuser of the throwaway cluster). */
    public Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl);
    }

    /** The administrator's JDBC URL (user included). */
    public String adminUrl() {
        return adminUrl;
    }

    /** Host and port, e.g. {@code 127.0.0.1:5433}. */
    String hostAndPort() {
        String rest = adminUrl.substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    /** A new empty schema, first in the search path of connections made with {@link TestSchema#url()}. */
    public TestSchema newSchema() {
        String name = "t_" + runId + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name + " on " + describe(), e);
        }
        String separator = adminUrl.contains("?") ? "&" : "?";
        return new TestSchema(this, name, adminUrl + separator + "currentSchema=" + name + ",public");
    }

    /** A new empty database (no pgvector in it yet); its JDBC URL as the administrator. */
    String newDatabase() {
        String name = "d_" + runId + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + describe()
                    + ": the role of " + URL_VARIABLE + " needs CREATEDB", e);
        }
        return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    void dropSchema(String name) {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + name, e);
        }
    }

    private String describe() {
        return cluster == null ? URL_VARIABLE + " " + adminUrl.replaceAll("password=[^&]*", "password=****")
                : "the throwaway cluster in " + cluster.dir();
    }

    /** Whether this is a throwaway cluster that {@link #close()} stops and deletes. */
    public boolean throwaway() {
        return cluster != null;
    }

    /** Stops the throwaway cluster and deletes it (a server given by URL is left as it was). */
    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public String toString() {
        return describe().toLowerCase(Locale.ROOT);
    }
}
