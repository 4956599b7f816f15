package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Genie Connection": which Genie a plan tests and how the client measures, visible and changeable in the plan:
 * target (auto / workspace / simulator), workspace host, space id, config profile, auth method, timeouts, poll and
 * result-fetch settings, connection pool size. Every field is optional: empty means the setting's JMeter property,
 * environment variable, {@code .env} line or default (see {@code docs/settings.md}). Secrets (token, client secret)
 * are never fields, so they never reach a saved plan: they come from the environment, {@code .env} or a
 * {@code ~/.databrickscfg} profile, and the element logs which one it will use at test start.
 *
 * <p>One per plan, at the test plan level (it applies to the whole test, like the shared client). Its state is its
 * properties, so it travels to jmeter-server nodes; what it sets lasts one test ({@link TestSettings}).
 */
public class GenieConnectionConfig extends TestSettingsElement {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(GenieConnectionConfig.class);

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<GenieConnectionConfig> FIELDS = new SettingFields<GenieConnectionConfig>(
            "Genie Connection")
            .field("target", "Target", Settings.GENIE_TARGET, GenieConnectionConfig::getTarget)
            .field("host", "Workspace host", Settings.DATABRICKS_HOST, GenieConnectionConfig::getHost)
            .field("spaceId", "Space id", Settings.GENIE_SPACE_ID, GenieConnectionConfig::getSpaceId)
            .field("profile", "Config profile", Settings.DATABRICKS_CONFIG_PROFILE, GenieConnectionConfig::getProfile)
            .field("authType", "Auth type", Settings.DATABRICKS_AUTH_TYPE, GenieConnectionConfig::getAuthType)
            .field("timeoutSeconds", "Answer timeout", Settings.GENIE_TIMEOUT_SECONDS,
                    GenieConnectionConfig::getTimeoutSeconds)
            .field("httpTimeoutSeconds", "HTTP timeout", Settings.GENIE_HTTP_TIMEOUT_SECONDS,
                    GenieConnectionConfig::getHttpTimeoutSeconds)
            .field("pollIntervalMs", "Poll interval", Settings.GENIE_POLL_INTERVAL_MS,
                    GenieConnectionConfig::getPollIntervalMs)
            .field("fetchQueryResult", "Fetch query result", Settings.GENIE_FETCH_QUERY_RESULT,
                    GenieConnectionConfig::getFetchQueryResult)
            .field("maxConnections", "Max connections", Settings.GENIE_MAX_CONNECTIONS,
                    GenieConnectionConfig::getMaxConnections);

    private String target = "";
    private String host = "";
    private String spaceId = "";
    private String profile = "";
    private String authType = "";
    private String timeoutSeconds = "";
    private String httpTimeoutSeconds = "";
    private String pollIntervalMs = "";
    private String fetchQueryResult = "";
    private String maxConnections = "";

    @Override
    boolean use(List<GenieSettings.Given> given) {
        return TestSettings.useConnection(given);
    }

    @Override
    SettingFields<?> fields() {
        return FIELDS;
    }

    @Override
    List<GenieSettings.Given> given() {
        return FIELDS.given(this, getName());
    }

    /** Says where the credentials will come from (never the secret itself). */
    @Override
    void started(GenieSettings settings) {
        log.info("Genie Connection '{}': credentials: {}", getName(), settings.workspaceConfigured()
                ? settings.credentialsSource() : "none needed unless a workspace is configured");
    }

    /** {@code auto}, {@code workspace} or {@code simulator}; empty: GENIE_TARGET (default auto). */
    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    /** Workspace URL; empty: DATABRICKS_HOST or the profile's host. */
    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    /** Genie space id; empty: GENIE_SPACE_ID. */
    public String getSpaceId() {
        return spaceId;
    }

    public void setSpaceId(String spaceId) {
        this.spaceId = spaceId;
    }

    /** ~/.databrickscfg profile; empty: DATABRICKS_CONFIG_PROFILE. */
    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
    }

    /** Auth method forced on the SDK; empty: DATABRICKS_AUTH_TYPE, else the SDK's detection. */
    public String getAuthType() {
        return authType;
    }

    public void setAuthType(String authType) {
        this.authType = authType;
    }

    /** Seconds before an unanswered question is a TIMEOUT; empty: GENIE_TIMEOUT_SECONDS. */
    public String getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(String timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Seconds one HTTP request may take; empty: GENIE_HTTP_TIMEOUT_SECONDS. */
    public String getHttpTimeoutSeconds() {
        return httpTimeoutSeconds;
    }

    public void setHttpTimeoutSeconds(String httpTimeoutSeconds) {
        this.httpTimeoutSeconds = httpTimeoutSeconds;
    }

    /** Average milliseconds between polls of one message; empty: GENIE_POLL_INTERVAL_MS. */
    public String getPollIntervalMs() {
        return pollIntervalMs;
    }

    public void setPollIntervalMs(String pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }

    /** {@code true}/{@code false}: fetch the query result after COMPLETED; empty: GENIE_FETCH_QUERY_RESULT. */
    public String getFetchQueryResult() {
        return fetchQueryResult;
    }

    public void setFetchQueryResult(String fetchQueryResult) {
        this.fetchQueryResult = fetchQueryResult;
    }

    /** Most HTTP connections of the shared client; empty: GENIE_MAX_CONNECTIONS. */
    public String getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(String maxConnections) {
        this.maxConnections = maxConnections;
    }
}
