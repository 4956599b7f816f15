package io.geniejmeter.lakebase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL with pgvector on this machine, for the semantic cache when no database is configured
 * ({@code bin/genie-postgres}, {@code bin/genie-loadtest-cached} on the simulator) and for the tests. It lives in one
 * folder: {@code data/} (made by {@code initdb}), {@code password} (the superuser's, random, readable by its owner
 * only), {@code server.log}, {@code setup.log} and a marker file that makes the folder recognisable as one of ours,
 * so nothing else is ever deleted.
 *
 * <p>The server listens on 127.0.0.1 only, on a free port, with no Unix socket, and asks every client for the
 * password (scram-sha-256), so other accounts of the machine cannot use it. fsync is off: the contents are a cache
 * that a crash may lose. PostgreSQL refuses to run as root, so as root the cluster runs as the {@code postgres}
 * account. {@link #start} uses a cluster already running in the folder; otherwise it makes a new, empty one.
 * When pgvector is missing it runs the installer given (the project's {@code bin/install-pgvector}) once.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The superuser the clients log in as. */
    public static final String USER = "postgres";
    /** The operating-system account the server runs as when the caller is root. */
    static final String SERVER_ACCOUNT = "postgres";

    private static final String MARKER = "genie-jmeter-local-postgres";
    private static final String PASSWORD_FILE = "password";
    private static final int START_TIMEOUT_SECONDS = 60;
    private static final ProcessBuilder.Redirect DISCARD = ProcessBuilder.Redirect.DISCARD;

    /**
     * Where and how.
     *
     * @param dir       the cluster's folder (made when missing; an existing one must be empty or ours)
     * @param binDir    the folder of initdb and pg_ctl ({@link PostgresBinaries#find})
     * @param installer a script that installs pgvector when it is missing (run once), or empty
     * @param ssl       SSL on with a self-signed certificate made by {@code openssl} (so that clients that require
     *                  SSL, as Lakebase's do, work against it)
     */
    public record Options(Path dir, Path binDir, Optional<Path> installer, boolean ssl) {
    }

    private final Path dir;
    private final Path binDir;
    private final List<String> asOwner;
    private final int port;
    private final String password;
    private final boolean reused;

    private LocalPostgres(Path dir, Path binDir, List<String> asOwner, int port, String password, boolean reused) {
        this.dir = dir;
        this.binDir = binDir;
        this.asOwner = asOwner;
        this.port = port;
        this.password = password;
        this.reused = reused;
    }

    /**
     * The cluster running in {@code options.dir()}, or a new one started there, with pgvector created in its
     * database.
     *
     * @throws LocalPostgresException saying what to do when it cannot be started (no {@code postgres} account as
     *                                root, a folder that is not ours, initdb or pg_ctl failing, no pgvector)
     */
    public static LocalPostgres start(Options options) {
        Path dir = options.dir().toAbsolutePath().normalize();
        List<String> asOwner = ownerPrefix();
        Optional<LocalPostgres> running = running(dir, options.binDir());
        if (running.isPresent()) {
            return running.get();
        }
        LocalPostgres pg = create(dir, options, asOwner);
        try {
            pg.createVectorExtension(options.installer());
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** The cluster running in {@code dir}, if one of ours is. */
    public static Optional<LocalPostgres> running(Path dir, Path binDir) {
        Path folder = dir.toAbsolutePath().normalize();
        Path data = folder.resolve("data");
        if (!Files.isRegularFile(folder.resolve(MARKER)) || !Files.isRegularFile(data.resolve("postmaster.pid"))) {
            return Optional.empty();
        }
        List<String> asOwner = ownerPrefix();
        if (run(with(asOwner, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "status"), DISCARD) != 0) {
            return Optional.empty();
        }
        try {
            // postmaster.pid: pid, data folder, start time, port, ... (PostgreSQL's documented layout).
            List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            int port = Integer.parseInt(pid.get(3).strip());
            String password = Files.readString(folder.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip();
            return Optional.of(new LocalPostgres(folder, binDir, asOwner, port, password, true));
        } catch (IOException | RuntimeException e) {
            throw new LocalPostgresException("The PostgreSQL running in " + folder + " cannot be read (" + e
                    + "): stop it with bin/genie-postgres stop --local-pg-dir " + folder, e);
        }
    }

    private static LocalPostgres create(Path dir, Options options, List<String> asOwner) {
        Path data = dir.resolve("data");
        Path log = dir.resolve("setup.log");
        try {
            makeOurFolder(dir, options.binDir(), asOwner);
            String password = newPassword();
            Path passwordFile = dir.resolve(PASSWORD_FILE);
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            if (!asOwner.isEmpty()) {
                Files.setOwner(passwordFile, serverAccount());
            }
            check(run(with(asOwner, options.binDir().resolve("initdb").toString(), "-D", data.toString(),
                    "-U", USER, "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
                    "--no-sync", "--no-instructions"), log), "initdb", log);
            if (options.ssl()) {
                check(run(with(asOwner, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-keyout", data.resolve("server.key").toString(),
                        "-out", data.resolve("server.crt").toString()), log), "openssl (certificate)", log);
            }
            // Loopback only, a password for everyone: other accounts of this machine cannot use the server.
            Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n",
                    StandardCharsets.UTF_8);
            int port = freePort();
            Path serverLog = dir.resolve("server.log");
            check(run(with(asOwner, options.binDir().resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-l", serverLog.toString(), "-w", "-t", Integer.toString(START_TIMEOUT_SECONDS),
                    "-o", String.join(" ", "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                            "-c", "unix_socket_directories=''", "-c", "fsync=off", "-c", "synchronous_commit=off",
                            "-c", "full_page_writes=off", "-c", "ssl=" + (options.ssl() ? "on" : "off"),
                            "-c", "max_connections=200"), "start"), log), "pg_ctl start", serverLog);
            return new LocalPostgres(dir, options.binDir(), asOwner, port, password, false);
        } catch (IOException e) {
            throw new LocalPostgresException("Cannot make a PostgreSQL cluster in " + dir + ": " + e, e);
        }
    }

    /** An empty (or our own, stopped) folder, owned by the server's account, with our marker in it. */
    private static void makeOurFolder(Path dir, Path binDir, List<String> asOwner) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> content = Files.list(dir)) {
                empty = content.findAny().isEmpty();
            }
            if (!empty && !Files.isRegularFile(dir.resolve(MARKER))) {
                throw new LocalPostgresException(dir + " is not empty and holds no local PostgreSQL of genie-jmeter:"
                        + " choose a new or empty folder (--local-pg-dir, GENIE_LOCAL_PG_DIR)");
            }
            Path data = dir.resolve("data");
            if (Files.isRegularFile(data.resolve("postmaster.pid"))) {
                // A cluster of ours whose process died or is stuck: stop it before starting anew.
                run(with(asOwner, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "-w", "stop"), DISCARD);
            }
            deleteContents(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "A throwaway PostgreSQL of genie-jmeter (bin/genie-postgres);"
                + " 'bin/genie-postgres stop' stops it and deletes this folder's contents.\n", StandardCharsets.UTF_8);
        if (!asOwner.isEmpty()) {
            Files.setOwner(dir, serverAccount());
            if (run(with(asOwner, "test", "-w", dir.toString()), DISCARD) != 0) {
                throw new LocalPostgresException("The " + SERVER_ACCOUNT + " account, which runs PostgreSQL when"
                        + " started as root, cannot reach " + dir + " (a parent folder is closed to it): choose"
                        + " another folder with --local-pg-dir (GENIE_LOCAL_PG_DIR), or run as a normal user");
            }
        }
    }

    /** As root: run the server's programs as the postgres account (PostgreSQL refuses root); else nothing. */
    private static List<String> ownerPrefix() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        serverAccount();
        return List.of("runuser", "-u", SERVER_ACCOUNT, "--");
    }

    private static UserPrincipal serverAccount() {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SERVER_ACCOUNT);
        } catch (UserPrincipalNotFoundException e) {
            throw new LocalPostgresException("PostgreSQL refuses to run as root, and this machine has no '"
                    + SERVER_ACCOUNT + "' account to run it as: create one (e.g. 'useradd --system " + SERVER_ACCOUNT
                    + "', which Debian's postgresql package does) or run as a normal user", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code CREATE EXTENSION vector}; when pgvector is not installed, the installer once, then again. */
    private void createVectorExtension(Optional<Path> installer) {
        try {
            createExtension();
        } catch (SQLException first) {
            if (!"0A000".equals(first.getSQLState()) && !"58P01".equals(first.getSQLState())) {
                throw new LocalPostgresException("CREATE EXTENSION vector failed on the PostgreSQL in " + dir + ": "
                        + first.getMessage(), first);
            }
            if (installer.isPresent()
                    && run(List.of("bash", installer.get().toString()), ProcessBuilder.Redirect.INHERIT) == 0) {
                try {
                    createExtension();
                    return;
                } catch (SQLException second) {
                    first = second;
                }
            }
            throw new LocalPostgresException("pgvector is not installed for the PostgreSQL in " + binDir + " ("
                    + first.getMessage() + "): install it ('sudo bin/install-pgvector' on Debian 12 with"
                    + " PostgreSQL 15; elsewhere your system's pgvector package for that PostgreSQL)", first);
        }
    }

    private void createExtension() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
        }
    }

    /** A new connection as the superuser. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, without user or password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The superuser's password (a secret: never put it on a command line or in a log). */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** True when {@link #start} found it running rather than starting it. */
    public boolean reused() {
        return reused;
    }

    /**
     * Stops the server at once, as a crash would (open connections break, nothing is written): for fault tests.
     * {@link #close()} still deletes the folder afterwards.
     */
    public void crash() {
        Path data = dir.resolve("data");
        check(run(with(asOwner, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                "-w", "stop"), dir.resolve("setup.log")), "pg_ctl stop", dir.resolve("setup.log"));
    }

    /** Stops the server (if it runs) and deletes the folder's contents; the folder stays. */
    @Override
    public void close() {
        Path data = dir.resolve("data");
        if (Files.isRegularFile(data.resolve("postmaster.pid"))) {
            int exit = run(with(asOwner, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                    "-w", "stop"), dir.resolve("setup.log"));
            if (exit != 0 && Files.isRegularFile(data.resolve("postmaster.pid"))) {
                throw new LocalPostgresException("pg_ctl stop failed (exit " + exit + ") for the PostgreSQL in " + dir
                        + "; see " + dir.resolve("setup.log"));
            }
        }
        try {
            deleteContents(dir);
        } catch (IOException e) {
            throw new LocalPostgresException("Stopped the PostgreSQL in " + dir + " but cannot delete its files: " + e,
                    e);
        }
    }

    @Override
    public String toString() {
        return "local PostgreSQL on 127.0.0.1:" + port + " (" + dir + ")";
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<String> with(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }

    /** Runs {@code command}, its output appended to {@code log}; its exit status. */
    private static int run(List<String> command, Path log) {
        return run(command, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Runs {@code command} with its output (and errors) sent to {@code output}; its exit status. */
    private static int run(List<String> command, ProcessBuilder.Redirect output) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        try {
            Process p = pb.start();
            // initdb and pg_ctl take seconds; the installer may build pgvector (about a minute on a fresh machine).
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new LocalPostgresException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPostgresException("Interrupted while running " + command.get(0), e);
        }
    }

    private static void check(int exit, String what, Path log) {
        if (exit != 0) {
            String text;
            try {
                text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "(no log)";
            } catch (IOException e) {
                text = "(cannot read " + log + ")";
            }
            throw new LocalPostgresException(what + " failed (exit " + exit + "): " + text);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
