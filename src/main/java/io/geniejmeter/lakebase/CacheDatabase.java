package io.geniejmeter.lakebase;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.SettingType;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The semantic cache's PostgreSQL database behind a HikariCP connection pool: either Databricks Lakebase, logged in
 * as a service principal with a token that is re-minted before it expires ({@link #lakebase}), or any PostgreSQL
 * with pgvector given by JDBC URL, user and password ({@link #plain}). Connections are opened on demand (none at
 * start, so a database that is down does not stop a test from starting) and every wait is bounded by
 * {@link PoolOptions}.
 *
 * <p>Thread-safe; shared by every thread of the JVM. {@link #close()} closes the pool.
 */
public final class CacheDatabase implements AutoCloseable {

    private static final String POOL_NAME = "genie-semantic-cache";

    private final HikariDataSource pool;
    private final String description;
    private final PoolOptions options;
    /** Closed after the pool: the Lakebase login's workspace connections; null for a plain database. */
    private final LakebaseLogin login;

    private CacheDatabase(HikariDataSource pool, String description, PoolOptions options, LakebaseLogin login) {
        this.pool = pool;
        this.description = description;
        this.options = options;
        this.login = login;
    }

    /**
     * A pool on {@code jdbcUrl} (e.g. {@code jdbc:postgresql://localhost:5432/postgres}) as {@code user} with
     * {@code password}; {@code user} and {@code password} may be null when the URL names them or the server does
     * not ask.
     *
     * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
     */
    public static CacheDatabase plain(String jdbcUrl, String user, String password, PoolOptions options) {
        PGSimpleDataSource driver = driver(jdbcUrl, options);
        String who = user != null ? user : driver.getUser();
        DataSource source = driver;
        if (user != null) {
            source = new PasswordPerConnectionDataSource(driver, user, () -> password);
        } else if (password != null) {
            driver.setPassword(password); // the URL names the user, GENIE_PG_PASSWORD its password
        }
        return new CacheDatabase(pool(source, options), describe(driver, who), options, null);
    }

    /**
     * A pool on the Lakebase instance of {@code login}: its {@code read_write_dns} is read now (one API call), a token
     * is minted when the first connection opens and re-minted before it expires, on {@code clock}'s wall time.
     * The database owns {@code login}: closing it (or a failure here) closes the login's connections.
     *
     * @throws CacheDatabaseException when the instance cannot be read (unknown, stopped, login refused)
     */
    public static CacheDatabase lakebase(LakebaseLogin login, Clock clock, PoolOptions options) {
        return lakebase(login, new RefreshingPassword(login, clock), options);
    }

    /** As {@link #lakebase(LakebaseLogin, Clock, PoolOptions)} with the password source given (tests wrap it). */
    static CacheDatabase lakebase(LakebaseLogin login, Supplier<String> password, PoolOptions options) {
        PGSimpleDataSource driver;
        try {
            driver = driver(login.jdbcUrl(), options);
        } catch (RuntimeException e) {
            login.close(); // the database owns the login: no connection of it is left open
            throw e;
        }
        DataSource source = new PasswordPerConnectionDataSource(driver, login.user(), password);
        return new CacheDatabase(pool(source, options), describe(driver, login.user()) + " (" + login + ")",
                options, login);
    }

    /**
     * The database the settings name: {@code GENIE_PG_URL} (with {@code GENIE_PG_USER}, {@code GENIE_PG_PASSWORD})
     * first, else the Lakebase instance {@code GENIE_LAKEBASE_INSTANCE} of the configured workspace as service
     * principal {@code GENIE_LAKEBASE_CLIENT_ID} / {@code GENIE_LAKEBASE_CLIENT_SECRET}; empty when neither is set.
     *
     * @throws GenieSettingsException when a Lakebase instance is named but its service principal or the workspace
     *                                is not, or the URL is not a PostgreSQL JDBC URL
     * @throws CacheDatabaseException when the Lakebase instance cannot be read
     */
    public static Optional<CacheDatabase> fromSettings(GenieSettings settings, Clock clock, PoolOptions options) {
        Optional<String> url = settings.optional(Settings.GENIE_PG_URL);
        if (url.isPresent()) {
            try {
                return Optional.of(plain(url.get(), settings.optional(Settings.GENIE_PG_USER).orElse(null),
                        settings.optional(Settings.GENIE_PG_PASSWORD).orElse(null), options));
            } catch (IllegalArgumentException e) {
                throw new GenieSettingsException("GENIE_PG_URL (from " + settings.originOf(Settings.GENIE_PG_URL)
                        + ") is not a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/postgres: "
                        + e.getMessage());
            }
        }
        Optional<String> instance = settings.optional(Settings.GENIE_LAKEBASE_INSTANCE);
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        String hint = "The Lakebase instance " + instance.get() + " is logged in to as a service principal.";
        String clientId = settings.require(Settings.GENIE_LAKEBASE_CLIENT_ID, hint);
        String clientSecret = settings.require(Settings.GENIE_LAKEBASE_CLIENT_SECRET, hint);
        DatabricksConfig config = WorkspaceClients.databricksConfig(settings);
        config.setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider());
        LakebaseLogin login = LakebaseLogin.servicePrincipal(config, instance.get(), clientId, clientSecret);
        return Optional.of(lakebase(login, clock, options));
    }

    private static PGSimpleDataSource driver(String jdbcUrl, PoolOptions options) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("expected jdbc:postgresql://HOST:PORT/DATABASE, got " + (jdbcUrl == null
                    ? null : SettingType.PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1****")));
        }
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(jdbcUrl);
        int connectSeconds = seconds(options.connectTimeout().toMillis());
        driver.setConnectTimeout(connectSeconds);
        driver.setLoginTimeout(connectSeconds);
        // The server's statement_timeout ends a slow statement; the socket timeout ends a hung connection.
        driver.setSocketTimeout(seconds(options.statementTimeout().toMillis()) + connectSeconds);
        driver.setTcpKeepAlive(true);
        driver.setApplicationName("genie-jmeter semantic cache");
        return driver;
    }

    private static HikariDataSource pool(DataSource source, PoolOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDataSource(source);
        config.setMaximumPoolSize(options.maxConnections());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(options.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, options.connectTimeout().toMillis() / 2));
        // No connection at start: a database that is down must not stop the test, the cache falls back instead.
        config.setInitializationFailTimeout(-1);
        long statementMs = options.statementTimeout().toMillis();
        // pgvector 0.8's iterative index scan: the HNSW search goes on until enough rows of the asked space are
        // found, instead of filtering its first 40 neighbours of all spaces (older pgvector ignores it).
        // ef_search 80: the search on the question bits keeps 80 candidates while walking the graph, twice the 40 it
        // returns: at 100,000 random 1,024-dimension rows it found a paraphrase's row 86 % of the time against 64 %
        // with the default 40, and still cost less than the full vectors' index at 40 (docs/benchmarks.md).
        // force_custom_plan: the driver prepares a statement on the server after 5 uses, and PostgreSQL then may
        // switch to a generic plan, which cannot see the space's real size: it guesses a third of a space, prices the
        // HNSW search above sorting those rows by distance, and then computes the distance of every row of the space
        // (measured: 1.7 s instead of 6 ms per lookup at 100,000 rows; see docs/benchmarks.md).
        config.setConnectionInitSql("SET statement_timeout = " + statementMs + "; SET lock_timeout = " + statementMs
                + "; SET hnsw.iterative_scan = strict_order; SET hnsw.ef_search = " + SemanticCacheTable.EF_SEARCH
                + "; SET plan_cache_mode = force_custom_plan");
        return new HikariDataSource(config);
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    private static String describe(PGSimpleDataSource driver, String user) {
        String url = driver.getURL();
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + (user == null ? "" : " as " + user);
    }

    /** The pooled connections. */
    public DataSource dataSource() {
        return pool;
    }

    /** URL and user, for messages (never the password). */
    public String description() {
        return description;
    }

    public PoolOptions options() {
        return options;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            if (login != null) {
                login.close();
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
