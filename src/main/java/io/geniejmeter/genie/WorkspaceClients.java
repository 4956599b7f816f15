package io.geniejmeter.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Builds databricks-sdk-java {@link WorkspaceClient}s fit for load testing.
 *
 * <ul>
 *   <li><b>SDK retries off</b> ({@link DatabricksConfig#setDisableRetries(boolean)}): with them on, the SDK sleeps
 *       1-4 s (or {@code Retry-After}) through 429/503/connection errors inside the measured time and hides
 *       throttling. The Apache HTTP client's own transparent resend of failed requests is off too, so one call is
 *       one request on the wire.</li>
 *   <li><b>Abortable calls</b>: the HTTP client is an {@link AbortableHttpClient}, so a test that stops cuts the
 *       calls in flight short ({@link AbortableHttpClient#interrupt(Thread)}) instead of waiting for the HTTP
 *       timeout while Genie hangs.</li>
 *   <li><b>No client-side queueing</b>: the SDK's default pool allows 20 connections per host (100 in total), so the
 *       21st concurrent thread waits for a free connection and that wait lands in its response time. Here the pool
 *       allows {@code maxConnections} per route (plus headroom in total for token endpoints).</li>
 *   <li><b>One settings source</b>: host and credentials come from {@link GenieSettings} (override > environment >
 *       {@code .env} > default) and are handed to the SDK, which resolves the auth method and
 *       {@code ~/.databrickscfg} profiles itself. Attributes this project does not know (e.g. Azure ones) are still
 *       read by the SDK from the process environment.</li>
 * </ul>
 */
public final class WorkspaceClients {

    /** Settings handed to the SDK, variable name to setter. */
    private static final Map<String, BiConsumer<DatabricksConfig, String>> SDK_ATTRIBUTES = new LinkedHashMap<>();
    /**
     * The connection pool of each client made here, by its configuration, for {@link #close}: the SDK's
     * {@code WorkspaceClient} has no close of its own, and without one every test run left its keep-alive
     * connections open (CLOSE_WAIT once the server closed them; FaultMatrixIT counts them).
     */
    private static final Map<DatabricksConfig, PoolingHttpClientConnectionManager> POOLS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static {
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_HOST.name(), DatabricksConfig::setHost);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_TOKEN.name(), DatabricksConfig::setToken);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_CLIENT_ID.name(), DatabricksConfig::setClientId);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_CLIENT_SECRET.name(), DatabricksConfig::setClientSecret);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_CONFIG_PROFILE.name(), DatabricksConfig::setProfile);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_CONFIG_FILE.name(), DatabricksConfig::setConfigFile);
        SDK_ATTRIBUTES.put(Settings.DATABRICKS_AUTH_TYPE.name(), DatabricksConfig::setAuthType);
        SDK_ATTRIBUTES.put("DATABRICKS_ACCOUNT_ID", DatabricksConfig::setAccountId);
    }

    private WorkspaceClients() {
    }

    /**
     * A workspace client for {@code settings}, with SDK retries off and an HTTP pool that lets
     * {@code maxConnections} threads each have one request on the wire at the same time.
     *
     * @param maxConnections the most concurrent requests expected (e.g. the JMeter thread count); at least 1
     * @throws GenieSettingsException when no workspace is configured or the SDK rejects the configuration (for
     *                                example two auth methods at once, or an unknown profile)
     */
    public static WorkspaceClient create(GenieSettings settings, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        DatabricksConfig config = databricksConfig(settings);
        PoolingHttpClientConnectionManager pool = connectionManager(maxConnections);
        POOLS.put(config, pool);
        config.setHttpClient(WireTiming.wrap(new AbortableHttpClient(pool, config.getHttpTimeoutSeconds())));
        try {
            config.resolve();
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new GenieSettingsException("Cannot set up the Databricks client: " + e.getMessage()
                    + ". Check DATABRICKS_HOST and one auth method (DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID +"
                    + " DATABRICKS_CLIENT_SECRET, or DATABRICKS_CONFIG_PROFILE); settings: " + settings, e);
        }
    }

    /**
     * The SDK configuration for {@code settings}: every Databricks variable the loader resolved, the HTTP timeout,
     * and retries off. Not yet resolved; no HTTP client set (the SDK's default pool would be used).
     *
     * @throws GenieSettingsException when no workspace is configured
     */
    public static DatabricksConfig databricksConfig(GenieSettings settings) {
        if (!settings.workspaceConfigured()) {
            throw new GenieSettingsException("No Databricks workspace configured. Set DATABRICKS_HOST and"
                    + " DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET) in the environment or"
                    + " in .env, or DATABRICKS_CONFIG_PROFILE for a ~/.databrickscfg profile; without a workspace,"
                    + " use the embedded Genie simulator.");
        }
        DatabricksConfig config = new DatabricksConfig();
        for (Map.Entry<String, BiConsumer<DatabricksConfig, String>> e : SDK_ATTRIBUTES.entrySet()) {
            Optional<String> value = settings.raw(e.getKey());
            value.ifPresent(v -> e.getValue().accept(config, v));
        }
        if (settings.raw(Settings.DATABRICKS_AUTH_TYPE.name()).isEmpty()) {
            // Name the one method the user gave, so the SDK does not probe the others (OIDC discovery calls,
            // CLI lookups) at start-up; with both or neither, the SDK's own detection and errors apply.
            boolean token = settings.raw(Settings.DATABRICKS_TOKEN.name()).isPresent();
            boolean m2m = settings.raw(Settings.DATABRICKS_CLIENT_ID.name()).isPresent()
                    && settings.raw(Settings.DATABRICKS_CLIENT_SECRET.name()).isPresent();
            if (token && !m2m) {
                config.setAuthType("pat");
                config.setCredentialsProvider(new PatCredentialsProvider());
            } else if (m2m && !token) {
                config.setAuthType("oauth-m2m");
                config.setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider());
            }
        }
        config.setHttpTimeoutSeconds(settings.value(Settings.GENIE_HTTP_TIMEOUT_SECONDS));
        config.setDisableRetries(true);
        return config;
    }

    /**
     * A pool allowing {@code maxConnections} connections per route and twice that in total (other routes: OAuth
     * token endpoints). Idle connections are re-validated after 2 s so a keep-alive connection the server closed is
     * not reported as a connection error (the request resend that would otherwise hide that is off).
     */
    static PoolingHttpClientConnectionManager connectionManager(int maxConnections) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setDefaultMaxPerRoute(maxConnections);
        pool.setMaxTotal(Math.max(maxConnections * 2, maxConnections + 10));
        pool.setValidateAfterInactivity(2000);
        return pool;
    }

    /**
     * Gives {@code config} (not yet resolved) an abortable HTTP client over a pool of its own, which {@link #close}
     * shuts down: for SDK clients made elsewhere (the Lakebase login's), which would otherwise use the SDK's default
     * pool and leave its keep-alive connections open after the test.
     */
    public static DatabricksConfig withClosablePool(DatabricksConfig config, int maxConnections) {
        PoolingHttpClientConnectionManager pool = connectionManager(maxConnections);
        POOLS.put(config, pool);
        config.setHttpClient(new AbortableHttpClient(pool, config.getHttpTimeoutSeconds()));
        return config;
    }

    /**
     * Closes the connections of a client made by {@link #create} or over {@link #withClosablePool}: its pool is shut
     * down, so no socket stays open after a test. Calls still in flight fail; call it when the test's users are done.
     * Does nothing for other clients, and the second time.
     */
    public static void close(WorkspaceClient workspace) {
        PoolingHttpClientConnectionManager pool = POOLS.remove(workspace.config());
        if (pool != null) {
            pool.shutdown();
        }
    }
}
