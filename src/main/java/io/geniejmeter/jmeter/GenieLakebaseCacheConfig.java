package io.geniejmeter.jmeter;

import io.geniejmeter.settings.Settings;

/**
 * "Genie Lakebase Semantic Cache": the original tool's cached test (its genie-loadtest-cached): an exact-match LRU
 * cache, then a semantic cache in PostgreSQL with pgvector, then live Genie, for the whole test. The database is a
 * Lakebase instance (service principal login, refreshed token) or any PostgreSQL with pgvector ({@code GENIE_PG_URL}),
 * shared by every JMeter engine that uses it. Hits re-run the cached SQL on the SQL warehouse; samples are labelled
 * {@code GENIE_LRU_HIT}, {@code GENIE_SEMANTIC_HIT} or {@code GENIE_LIVE}; the test ends with the {@code test_complete}
 * line. Every field is optional: empty means the setting's JMeter property, environment variable, {@code .env} line or
 * default (see {@code docs/settings.md}); secrets (the client secret, the database password) are never fields.
 *
 * <p>One per plan, at the test plan level. Its state is its properties (serialisable for jmeter-server); what it
 * sets lasts one test ({@link TestSettings}).
 */
public class GenieLakebaseCacheConfig extends GenieCacheConfig<GenieLakebaseCacheConfig> {

    private static final long serialVersionUID = 1L;

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<GenieLakebaseCacheConfig> FIELDS = withCommonFields(
            new SettingFields<GenieLakebaseCacheConfig>("Genie Lakebase Semantic Cache"))
            .field("lakebaseInstance", "Lakebase instance", Settings.GENIE_LAKEBASE_INSTANCE,
                    GenieLakebaseCacheConfig::getLakebaseInstance)
            .field("lakebaseClientId", "Service principal", Settings.GENIE_LAKEBASE_CLIENT_ID,
                    GenieLakebaseCacheConfig::getLakebaseClientId)
            .field("pgUrl", "PostgreSQL URL", Settings.GENIE_PG_URL, GenieLakebaseCacheConfig::getPgUrl)
            .field("pgUser", "PostgreSQL user", Settings.GENIE_PG_USER, GenieLakebaseCacheConfig::getPgUser);

    private String lakebaseInstance = "";
    private String lakebaseClientId = "";
    private String pgUrl = "";
    private String pgUser = "";

    public GenieLakebaseCacheConfig() {
        super(CacheMode.LAKEBASE, FIELDS);
    }

    /** Lakebase database instance holding the cache; empty: GENIE_LAKEBASE_INSTANCE. */
    public String getLakebaseInstance() {
        return lakebaseInstance;
    }

    public void setLakebaseInstance(String lakebaseInstance) {
        this.lakebaseInstance = lakebaseInstance;
    }

    /** Service principal that logs in to Lakebase; empty: GENIE_LAKEBASE_CLIENT_ID (its secret: environment). */
    public String getLakebaseClientId() {
        return lakebaseClientId;
    }

    public void setLakebaseClientId(String lakebaseClientId) {
        this.lakebaseClientId = lakebaseClientId;
    }

    /** JDBC URL of any PostgreSQL with pgvector, instead of Lakebase; empty: GENIE_PG_URL. */
    public String getPgUrl() {
        return pgUrl;
    }

    public void setPgUrl(String pgUrl) {
        this.pgUrl = pgUrl;
    }

    /** User for that URL; empty: GENIE_PG_USER (its password: GENIE_PG_PASSWORD in the environment or .env). */
    public String getPgUser() {
        return pgUser;
    }

    public void setPgUser(String pgUser) {
        this.pgUser = pgUser;
    }
}
