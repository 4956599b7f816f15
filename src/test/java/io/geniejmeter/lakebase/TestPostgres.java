package io.geniejmeter.lakebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL with pgvector for the tests, started once per test run (see {@link PostgresExtension}) and
 * stopped when the run ends. {@code GENIE_TEST_PG_URL} (a JDBC URL with user and password, of a superuser or a role
 * that may create schemas, roles and databases) names a server to use; otherwise a throwaway cluster is made under
 * {@code target/test-postgres} with {@code initdb} and {@code pg_ctl} on a free loopback port, SSL on (a self-signed
 * certificate, so that Lakebase's {@code sslmode=require} works against it), fsync off. PostgreSQL refuses to run as
 * root, so as root the cluster runs as the {@code postgres} account. PostgreSQL 15 and pgvector are installed by
 * {@code bin/install-pgvector} when missing (it needs root then); when that is impossible the tests fail with what
 * to do: they are never skipped.
 *
 * <p>Each test takes its own schema ({@link #newSchema()}), so test classes do not see each other's tables.
 */
public final class TestPostgres implements AutoCloseable {

    static final String URL_VARIABLE = "GENIE_TEST_PG_URL";
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin/";
    private static final String SUPERUSER = "postgres";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final String adminUrl;
    private final Path clusterDir;
    private final List<String> asOwner;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private TestPostgres(String adminUrl, Path clusterDir, List<String> asOwner) {
        this.adminUrl = adminUrl;
        this.clusterDir = clusterDir;
        this.asOwner = asOwner;
    }

    /** The server named by {@code GENIE_TEST_PG_URL}, else a new throwaway cluster. */
    public static TestPostgres start() {
        String given = System.getenv(URL_VARIABLE);
        TestPostgres pg = given != null && !given.isBlank() ? new TestPostgres(given, null, List.of()) : cluster();
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
        return new TestPostgres(adminUrl, null, List.of());
    }

    private static TestPostgres cluster() {
        Path project = Path.of("").toAbsolutePath();
        int installed = run(List.of("bash", project.resolve("bin/install-pgvector").toString()), null);
        if (installed != 0) {
            throw new IllegalStateException("PostgreSQL 15 with pgvector is needed by the tests and"
                    + " bin/install-pgvector could not install it (exit " + installed + ", see the test output): run"
                    + " 'sudo bin/install-pgvector', or set " + URL_VARIABLE + "=jdbc:postgresql://HOST:PORT/DB"
                    + "?user=...&password=... to a PostgreSQL with pgvector.");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> asOwner = root ? List.of("runuser", "-u", SUPERUSER, "--") : List.of();
        Path dir = project.resolve("target").resolve("test-postgres");
        Path data = dir.resolve("data");
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                // A run that was killed left its cluster running: stop it before starting anew.
                run(with(asOwner, PG_BIN + "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"), null);
            }
            deleteTree(dir);
            Files.createDirectories(dir);
            if (root) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SUPERUSER);
                Files.setOwner(dir, owner);
            }
            Path log = dir.resolve("setup.log");
            check(run(with(asOwner, PG_BIN + "initdb", "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"), log), "initdb", log);
            check(run(with(asOwner, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-keyout", data.resolve("server.key").toString(),
                    "-out", data.resolve("server.crt").toString()), log), "openssl (test certificate)", log);
            // The superuser logs in without a password; other roles (the token test's) must give theirs.
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "host all " + SUPERUSER + " 127.0.0.1/32 trust",
                    "host all all 127.0.0.1/32 scram-sha-256", ""), StandardCharsets.UTF_8);
            int port = freePort();
            check(run(with(asOwner, PG_BIN + "pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log")
                    .toString(), "-w", "-t", "60", "-o", String.join(" ", "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''", "-c", "fsync=off",
                    "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "ssl=on",
                    "-c", "max_connections=200"), "start"), log), "pg_ctl start", dir.resolve("server.log"));
            return new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SUPERUSER, dir,
                    asOwner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test cluster under " + dir, e);
        }
    }

    private static List<String> with(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }

    private static int run(List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (log == null) {
            pb.inheritIO();
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        try {
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void check(int exit, String what, Path log) throws IOException {
        if (exit != 0) {
            String text = Files.exists(log) ? Files.readString(log) : "(no log)";
            throw new IllegalStateException(what + " failed (exit " + exit + "): " + text);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
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
        return clusterDir == null ? URL_VARIABLE + " " + adminUrl.replaceAll("password=[^&]*", "password=****")
                : "the throwaway cluster in " + clusterDir;
    }

    /** Whether this is a throwaway cluster that {@link #close()} stops and deletes. */
    public boolean throwaway() {
        return clusterDir != null;
    }

    /** Stops the throwaway cluster and deletes it (a server given by URL is left as it was). */
    @Override
    public void close() {
        if (clusterDir == null) {
            return;
        }
        Path data = clusterDir.resolve("data");
        int exit = run(with(asOwner, PG_BIN + "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"),
                clusterDir.resolve("setup.log"));
        if (exit == 0) {
            try {
                deleteTree(clusterDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return describe().toLowerCase(Locale.ROOT);
    }
}
