package io.geniejmeter.jmeter;

import io.geniejmeter.lakebase.LakebaseLogin;
import io.geniejmeter.lakebase.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lakebase's side of the database credential, played by the tests' PostgreSQL for a fault-matrix cell whose tokens
 * expire mid-test: the service principal's role in {@code databricks_postgres}, whose password is, from the moment
 * the simulator mints a token ({@code GenieSimulator#onDatabaseCredential}), that token and only until its expiry
 * ({@code VALID UNTIL}: PostgreSQL refuses a login with an expired password). So a login with a stale token, or with
 * the newest one once it expired, is refused. Stricter than Lakebase in one way, so that the cell cannot pass by
 * luck: when a token expires, the sessions opened before that moment are ended ({@code pg_terminate_backend}), so
 * the cache's pool must log in again after each expiry. It also notes every session of the role that logged in after
 * the first token expired: each one is a login the server accepted with a token minted later.
 */
final class LakebaseTokenSide implements AutoCloseable {

    private final TestPostgres pg;
    private final String role = "sp-token-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Instant> expiries = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionsEnded = new AtomicInteger();
    private final AtomicInteger enforced = new AtomicInteger();
    private final java.util.Set<String> loginsAfterFirstExpiry = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The enforcer's own connection, opened before the run so that it is not counted as a leak of the run. */
    private final Connection watcher;
    private final Thread enforcer;
    private volatile boolean closed;

    /** Creates the role (no password yet), its schema and pgvector in {@code databricks_postgres}. */
    LakebaseTokenSide(TestPostgres pg) throws SQLException {
        this.pg = pg;
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + LakebaseLogin.DATABASE
                    + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + LakebaseLogin.DATABASE);
            }
            st.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD NULL");
        }
        try (Connection c = lakebaseAdmin(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
            // The role's tables go to its own schema ("$user" leads the default search path).
            st.execute("CREATE SCHEMA \"" + role + "\" AUTHORIZATION \"" + role + "\"");
        }
        watcher = pg.admin();
        enforcer = new Thread(this::endSessionsAtEachExpiry, "lakebase-token-expiry");
        enforcer.setDaemon(true);
        enforcer.start();
    }

    /** The service principal's application id: its PostgreSQL role. */
    String clientId() {
        return role;
    }

    /** Host and port of the server, for the simulator's {@code lakebase-host} and {@code lakebase-port}. */
    String[] hostAndPort() {
        String rest = pg.adminUrl().substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/')).split(":");
    }

    /** Makes {@code token} the role's only password, valid until {@code expiresAt}. */
    void accept(String token, Instant expiresAt) {
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE \"" + role + "\" PASSWORD '" + token.replace("'", "''") + "' VALID UNTIL '"
                    + expiresAt + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the minted token the role's password", e);
        }
        expiries.add(expiresAt);
    }

    /** Tokens minted so far. */
    int minted() {
        return expiries.size();
    }

    /** When the first token minted expired (or will); null before any was minted. */
    Instant firstExpiry() {
        return expiries.isEmpty() ? null : expiries.get(0);
    }

    /** Token expiries that have passed and been enforced, and the sessions ended at them. */
    int expiriesEnforced() {
        return enforced.get();
    }

    int sessionsEnded() {
        return sessionsEnded.get();
    }

    /** Sessions of the role that logged in after the first token had expired. */
    int loginsAfterFirstExpiry() {
        return loginsAfterFirstExpiry.size();
    }

    private void endSessionsAtEachExpiry() {
        int next = 0;
        while (!closed) {
            try {
                if (next < expiries.size() && !expiries.get(next).isAfter(Instant.now())) {
                    sessionsEnded.addAndGet(endSessionsOpenedBefore(expiries.get(next)));
                    enforced.incrementAndGet();
                    next++;
                    continue;
                }
                if (next > 0) {
                    noteLoginsAfter(expiries.get(0));
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot end the sessions of an expired token", e);
            }
        }
    }

    private void noteLoginsAfter(Instant expiry) throws SQLException {
        try (PreparedStatement st = watcher.prepareStatement("SELECT pid, backend_start FROM pg_stat_activity"
                + " WHERE usename = ? AND backend_start > ?")) {
            st.setString(1, role);
            st.setTimestamp(2, Timestamp.from(expiry));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    loginsAfterFirstExpiry.add(rs.getInt(1) + "@" + rs.getTimestamp(2).toInstant());
                }
            }
        }
    }

    private int endSessionsOpenedBefore(Instant expiry) throws SQLException {
        try (PreparedStatement st = watcher.prepareStatement("SELECT pg_terminate_backend(pid)"
                + " FROM pg_stat_activity WHERE usename = ? AND backend_start < ?")) {
            st.setString(1, role);
            st.setTimestamp(2, Timestamp.from(expiry));
            int ended = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ended += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return ended;
        }
    }

    private Connection lakebaseAdmin() throws SQLException {
        return DriverManager.getConnection(pg.adminUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + LakebaseLogin.DATABASE
                + "$1"));
    }

    /** Stops ending sessions at expiries (the run is over). */
    void stopEnforcing() throws InterruptedException, SQLException {
        closed = true;
        enforcer.interrupt();
        enforcer.join(5_000);
        watcher.close();
    }

    /** Stops ending sessions, then drops the role and its schema (its sessions ended first). */
    @Override
    public void close() throws Exception {
        stopEnforcing();
        try (Connection c = lakebaseAdmin(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
            st.execute("DROP SCHEMA \"" + role + "\" CASCADE");
        }
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE \"" + role + "\"");
        }
    }
}
