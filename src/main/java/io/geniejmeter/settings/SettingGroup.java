package io.geniejmeter.settings;

/** The sections of {@code .env.example} and of the settings reference, in their order. */
public enum SettingGroup {
    WORKSPACE("Databricks workspace and authentication"),
    LOAD_TEST("Genie space and load test"),
    CLIENT("Genie client (measurement)"),
    CACHE("Caches (cached load tests)"),
    ENRICHMENT("SQL history enrichment (bin/genie-enrich, --enrich)");

    private final String title;

    SettingGroup(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
