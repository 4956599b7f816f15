package io.geniejmeter.lakebase;

import static io.geniejmeter.lakebase.Vectors.random;
import static io.geniejmeter.lakebase.Vectors.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.DatabricksConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.time.ManualClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lakebase login end to end: a simulator serves OAuth M2M, the database instance (pointing at the test PostgreSQL)
 * and the credential endpoint; the test PostgreSQL plays Lakebase's side of the token: each minted token becomes the
 * service principal role's password (checked with SCRAM over SSL), and a token past its expiry is refused.
 */
@ExtendWith(PostgresExtension.class)
class LakebaseLoginTest {

    private static final String SECRET = "sp-secret";
    private static final PoolOptions OPTIONS = new PoolOptions(2, Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final ManualClock clock = new ManualClock();
    private final String clientId = "sp-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<DatabaseCredential> minted = new ArrayList<>();
    private TestPostgres pg;
    private GenieSimulator simulator;

    @BeforeEach
    void start(TestPostgres server) throws Exception {
        pg = server;
        String[] hostPort = pg.hostAndPort().split(":");
        simulator = GenieSimulator.start(SimulatorConfig.builder().clock(clock).timeScale(0.001).qpm(0)
                .clientId(clientId).clientSecret(SECRET)
                .lakebaseHost(hostPort[0]).lakebasePort(Integer.parseInt(hostPort[1])).build());
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + LakebaseLogin.DATABASE
                    + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + LakebaseLogin.DATABASE);
            }
            st.execute("CREATE ROLE \"" + clientId + "\" LOGIN PASSWORD NULL");
        }
        try (Connection c = DriverManager.getConnection(lakebaseAdminUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
            // Tables of the service principal go to its own schema ("$user" leads the default search path).
            st.execute("CREATE SCHEMA \"" + clientId + "\" AUTHORIZATION \"" + clientId + "\"");
        }
    }

    @AfterEach
    void stop() throws Exception {
        simulator.close();
        try (Connection c = DriverManager.getConnection(lakebaseAdminUrl()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA \"" + clientId + "\" CASCADE");
            st.execute("DROP ROLE \"" + clientId + "\"");
        }
    }

    private String lakebaseAdminUrl() {
        return pg.adminUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + LakebaseLogin.DATABASE + "$1");
    }

    private LakebaseLogin login(String secret) {
        return LakebaseLogin.servicePrincipal(new DatabricksConfig().setHost(simulator.baseUrl())
                .setDisableRetries(true).setHttpTimeoutSeconds(30), "genie-cache", clientId, secret);
    }

    /** Lakebase's side: the role accepts exactly the newest minted token that has not expired. */
    private void acceptOnlyValidTokens() throws SQLException {
        DatabaseCredential newest = minted.isEmpty() ? null : minted.get(minted.size() - 1);
        boolean valid = newest != null && newest.expiresAt().toEpochMilli() > clock.wallMillis();
        String password = valid ? newest.token() : UUID.randomUUID().toString();
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE \"" + clientId + "\" PASSWORD '" + password.replace("'", "''") + "'");
        }
    }

    private static void newConnectionsFromNowOn(CacheDatabase db) {
        ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
    }

    @Test
    void shouldLogInWithAFreshTokenOverSslAndMintANewOneBeforeTheOldExpires() throws Exception {
        LakebaseLogin login = login(SECRET);
        assertTrue(login.jdbcUrl().endsWith("/databricks_postgres?sslmode=require"), login.jdbcUrl());
        RefreshingPassword password = new RefreshingPassword(() -> {
            DatabaseCredential c = login.mint();
            minted.add(c);
            try {
                acceptOnlyValidTokens();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return c;
        }, clock);
        try (CacheDatabase db = CacheDatabase.lakebase(login, password, OPTIONS)) {
            SemanticCacheTable table = new SemanticCacheTable(db, clock);
            table.insert(new CacheRow("s", "q", "", random(8, 1), zeros(8), "SELECT 1", null, null));
            assertEquals(1, password.mints());
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
                assertTrue(rs.next() && rs.getBoolean(1), "sslmode=require gave an encrypted connection");
            }
            assertThrows(SQLException.class, () -> DriverManager.getConnection(login.jdbcUrl(), clientId, "wrong")
                    .close(), "the server checks the password, so the token really is the login");

            clock.advance(Duration.ofMinutes(45));
            acceptOnlyValidTokens();
            newConnectionsFromNowOn(db);
            assertEquals(1, table.count());
            assertEquals(1, password.mints(), "a 45-minute-old token is still used");

            clock.advance(Duration.ofMinutes(20));
            acceptOnlyValidTokens();
            newConnectionsFromNowOn(db);
            assertEquals(1, table.count(), "after the first token expired, a new connection logs in with a new one");
            assertEquals(2, password.mints());
            assertTrue(!minted.get(0).token().equals(minted.get(1).token()), "a different token");
        }
    }

    @Test
    void shouldSayWhoWasRefusedWhenTheServicePrincipalsSecretIsWrong() {
        CacheDatabaseException e = assertThrows(CacheDatabaseException.class, () -> login("wrong").jdbcUrl());
        assertEquals(CacheDatabaseException.Kind.LOGIN, e.kind());
        assertTrue(e.getMessage().contains(clientId) && e.getMessage().contains("genie-cache"), e.getMessage());
    }
}
