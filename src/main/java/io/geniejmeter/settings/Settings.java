package io.geniejmeter.settings;

import static io.geniejmeter.settings.SettingType.anyWholeNumber;
import static io.geniejmeter.settings.SettingType.bool;
import static io.geniejmeter.settings.SettingType.choice;
import static io.geniejmeter.settings.SettingType.id;
import static io.geniejmeter.settings.SettingType.jdbcUrl;
import static io.geniejmeter.settings.SettingType.number;
import static io.geniejmeter.settings.SettingType.seconds;
import static io.geniejmeter.settings.SettingType.text;
import static io.geniejmeter.settings.SettingType.url;
import static io.geniejmeter.settings.SettingType.wholeNumber;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue: every setting of genie-jmeter, declared once. Variable names are the original tool's
 * ({@code .env} files written for it keep working); JMeter properties are {@code genie.*}; secrets have no JMeter
 * property and no command-line option, so they can only come from the environment, {@code .env} or a Databricks
 * config profile. The simulator's own options ({@code bin/genie-simulator --help}) are declared apart, in the
 * simulator.
 */
public final class Settings {

    private Settings() {
    }

    // Databricks workspace and authentication: handed to databricks-sdk-java (see WorkspaceClients).

    public static final Setting<String> DATABRICKS_HOST = Setting.builder("DATABRICKS_HOST", url())
            .property("genie.host").example("https://your-workspace.cloud.databricks.com")
                    .group(SettingGroup.WORKSPACE)
            .describe("Workspace URL, e.g. https://your-workspace.cloud.databricks.com; unset (and no profile):"
                    + " the embedded Genie simulator");
    public static final Setting<String> DATABRICKS_TOKEN = Setting.builder("DATABRICKS_TOKEN", text())
            .secret().example("dapi...")
                    .group(SettingGroup.WORKSPACE)
            .describe("Personal access token (PAT auth); use either this or the client id/secret pair");
    public static final Setting<String> DATABRICKS_CLIENT_ID = Setting.builder("DATABRICKS_CLIENT_ID", text())
            .example("00000000-0000-0000-0000-000000000000")
                    .group(SettingGroup.WORKSPACE)
            .describe("OAuth M2M: application id of a service principal");
    public static final Setting<String> DATABRICKS_CLIENT_SECRET =
            Setting.builder("DATABRICKS_CLIENT_SECRET", text()).secret().example("...")
                    .group(SettingGroup.WORKSPACE)
                    .describe("OAuth M2M: secret of that service principal");
    public static final Setting<String> DATABRICKS_CONFIG_PROFILE =
            Setting.builder("DATABRICKS_CONFIG_PROFILE", text()).property("genie.profile")
                    .example("DEFAULT")
                    .group(SettingGroup.WORKSPACE)
                    .describe("Profile of ~/.databrickscfg to use (host and credentials)");
    public static final Setting<String> DATABRICKS_CONFIG_FILE = Setting.builder("DATABRICKS_CONFIG_FILE", text())
            .example("~/.databrickscfg")
                    .group(SettingGroup.WORKSPACE)
            .describe("Path of the Databricks config file (default ~/.databrickscfg)");
    public static final Setting<String> DATABRICKS_AUTH_TYPE = Setting.builder("DATABRICKS_AUTH_TYPE", text())
            .property("genie.auth_type").example("pat")
                    .group(SettingGroup.WORKSPACE)
            .describe("Force one auth method (pat, oauth-m2m, databricks-cli, ...) when several are configured");
    public static final Setting<String> GENIE_ENV_FILE = Setting.builder("GENIE_ENV_FILE", text())
            .property("genie.env_file").example("../.env")
                    .group(SettingGroup.WORKSPACE)
            .describe("Settings file to read instead of .env in the working directory (not read from .env itself)");
    public static final Setting<String> GENIE_TARGET = Setting.builder("GENIE_TARGET",
                    choice("auto", "workspace", "simulator"))
            .property("genie.target").option("--target").defaultValue("auto").group(SettingGroup.WORKSPACE)
            .describe("What to test: auto (the configured workspace, else the embedded simulator), workspace (fail"
                    + " without one) or simulator (even when a workspace is configured)");

    // Genie space and load test.

    public static final Setting<String> GENIE_SPACE_ID = Setting.builder("GENIE_SPACE_ID",
                    id("a Genie space id", "rooms"))
            .property("genie.space_id").option("--space-id").example("01f0c482e842191587af6a40ad4044d8")
                    .group(SettingGroup.LOAD_TEST)
            .describe("Genie space to export from or load test (the last part of the space's URL)");
    public static final Setting<String> GENIE_CONVERSATIONS_FILE =
            Setting.builder("GENIE_CONVERSATIONS_FILE", text()).property("genie.conversations")
                    .option("--conversations").defaultValue("conversations.yaml").group(SettingGroup.LOAD_TEST)
                    .describe("Conversation file to replay, as written by bin/export-conversations (on the"
                            + " simulator, when the default is missing: the sample conversations)");
    public static final Setting<Double> GENIE_MIN_WAIT = Setting.builder("GENIE_MIN_WAIT",
                    number(0, Double.MAX_VALUE, "seconds"))
            .property("genie.min_wait").option("--min-wait").defaultValue(8.0).group(SettingGroup.LOAD_TEST)
            .describe("Shortest think time between conversations of one user, seconds (between the messages of one"
                    + " conversation: half of it)");
    public static final Setting<Double> GENIE_MAX_WAIT = Setting.builder("GENIE_MAX_WAIT",
                    number(0, Double.MAX_VALUE, "seconds"))
            .property("genie.max_wait").option("--max-wait").defaultValue(30.0).group(SettingGroup.LOAD_TEST)
            .describe("Longest think time between conversations of one user, seconds (between messages: half)");
    public static final Setting<Integer> GENIE_SAMPLE_SIZE = Setting.builder("GENIE_SAMPLE_SIZE",
                    wholeNumber(0, Integer.MAX_VALUE, "conversations"))
            .property("genie.sample_size").option("--sample-size").example("10")
                    .group(SettingGroup.LOAD_TEST)
            .describe("Replay only this many conversations, sampled once (unset or 0: all of them)");
    public static final Setting<Long> GENIE_SAMPLE_SEED = Setting.builder("GENIE_SAMPLE_SEED", anyWholeNumber())
            .property("genie.seed").option("--seed").example("42")
                    .group(SettingGroup.LOAD_TEST)
            .describe("Seed of the sample, the replay order and the think times, for reproducible runs (unset: a"
                    + " new one per run, logged)");

    public static final Setting<String> GENIE_RESULTS_DIR = Setting.builder("GENIE_RESULTS_DIR", text())
            .property("genie.results_dir").example("results/my-run")
                    .group(SettingGroup.LOAD_TEST)
            .describe("Folder of the per-request detailed_metrics.csv; its name is the run_id (unset: beside the"
                    + " JTL given with -l, else beside the -o dashboard, else results/; bin/genie-loadtest sets its"
                    + " results folder)");

    // Genie client (measurement).

    public static final Setting<Duration> GENIE_TIMEOUT_SECONDS = Setting.builder("GENIE_TIMEOUT_SECONDS",
                    seconds(86_400))
            .property("genie.timeout_seconds").defaultValue(Duration.ofSeconds(600)).group(SettingGroup.CLIENT)
            .describe("Give up on a message that has not reached a final status after this many seconds (outcome"
                    + " TIMEOUT)");
    public static final Setting<Boolean> GENIE_FETCH_QUERY_RESULT = Setting.builder("GENIE_FETCH_QUERY_RESULT",
                    bool())
            .property("genie.fetch_query_result").defaultValue(true).group(SettingGroup.CLIENT)
            .describe("After COMPLETED, also fetch the query result as the Genie UI does (true/false)");
    public static final Setting<Integer> GENIE_POLL_INTERVAL_MS = Setting.builder("GENIE_POLL_INTERVAL_MS",
                    wholeNumber(50, 60_000, "milliseconds"))
            .property("genie.poll_interval_ms").defaultValue(1000).group(SettingGroup.CLIENT)
            .describe("Average time between two polls of one message, milliseconds (sparse early, dense near the"
                    + " expected end)");
    public static final Setting<Integer> GENIE_HTTP_TIMEOUT_SECONDS = Setting.builder("GENIE_HTTP_TIMEOUT_SECONDS",
                    wholeNumber(1, 3600, "seconds"))
            .property("genie.http_timeout_seconds").defaultValue(60).group(SettingGroup.CLIENT)
            .describe("Connect and read timeout of a single HTTP request, seconds (outcome TIMEOUT)");
    public static final Setting<Integer> GENIE_MAX_CONNECTIONS = Setting.builder("GENIE_MAX_CONNECTIONS",
                    wholeNumber(1, 1_000_000, "connections"))
            .property("genie.max_connections").defaultValue(10_000).group(SettingGroup.CLIENT)
            .describe("Most HTTP connections of the shared client, so that no user queues for a connection (a"
                    + " cap, not a reservation)");

    // Caches (cached load tests).

    public static final Setting<String> GENIE_WAREHOUSE_ID = Setting.builder("GENIE_WAREHOUSE_ID", text())
            .property("genie.warehouse_id").option("--warehouse-id").example("your-warehouse-id")
                    .group(SettingGroup.CACHE)
            .describe("SQL warehouse that re-runs cached SQL on a cache hit, and that looks statements up in the"
                    + " query history for bin/genie-enrich");
    public static final Setting<String> GENIE_LAKEBASE_CLIENT_ID = Setting.builder("GENIE_LAKEBASE_CLIENT_ID",
                    text())
            .example("your-client-id")
                    .group(SettingGroup.CACHE)
            .describe("Service principal application id used to log in to Lakebase");
    public static final Setting<String> GENIE_LAKEBASE_CLIENT_SECRET =
            Setting.builder("GENIE_LAKEBASE_CLIENT_SECRET", text()).secret().example("your-client-secret")
                    .group(SettingGroup.CACHE)
                    .describe("Secret of that service principal");
    public static final Setting<String> GENIE_LAKEBASE_INSTANCE = Setting.builder("GENIE_LAKEBASE_INSTANCE", text())
            .property("genie.lakebase_instance").option("--lakebase-instance").example("your-instance")
                    .group(SettingGroup.CACHE)
            .describe("Lakebase database instance name holding the semantic cache");
    public static final Setting<String> GENIE_PG_URL = Setting.builder("GENIE_PG_URL", jdbcUrl("GENIE_PG_PASSWORD"))
            .property("genie.pg_url").option("--pg-url").example("jdbc:postgresql://localhost:5432/postgres")
                    .group(SettingGroup.CACHE)
            .describe("Semantic cache on any PostgreSQL with pgvector instead of Lakebase: its JDBC URL (takes"
                    + " precedence over GENIE_LAKEBASE_INSTANCE)");
    public static final Setting<String> GENIE_PG_USER = Setting.builder("GENIE_PG_USER", text())
            .property("genie.pg_user").example("postgres")
                    .group(SettingGroup.CACHE)
            .describe("User of GENIE_PG_URL (unset: the one the URL names)");
    public static final Setting<String> GENIE_PG_PASSWORD = Setting.builder("GENIE_PG_PASSWORD", text())
            .secret().example("...")
                    .group(SettingGroup.CACHE)
            .describe("Password of GENIE_PG_USER");
    public static final Setting<String> GENIE_PG_BIN = Setting.builder("GENIE_PG_BIN", text())
            .option("--pg-bin").example("/usr/lib/postgresql/15/bin")
                    .group(SettingGroup.CACHE)
            .describe("Folder of PostgreSQL's initdb and pg_ctl for the local PostgreSQL that bin/genie-postgres and"
                    + " bin/genie-loadtest-cached start (unset: the PATH, then /usr/lib/postgresql/N/bin)");
    public static final Setting<String> GENIE_LOCAL_PG_DIR = Setting.builder("GENIE_LOCAL_PG_DIR", text())
            .option("--local-pg-dir").example("target/genie-postgres")
                    .group(SettingGroup.CACHE)
            .describe("Folder of the local PostgreSQL that bin/genie-postgres and bin/genie-loadtest-cached start:"
                    + " its data, password and logs (unset: target/genie-postgres in the project)");
    public static final Setting<Integer> GENIE_CACHE_TTL = Setting.builder("GENIE_CACHE_TTL",
                    wholeNumber(1, Integer.MAX_VALUE, "seconds"))
            .property("genie.cache_ttl").option("--cache-ttl").defaultValue(86_400).group(SettingGroup.CACHE)
            .describe("Lifetime of a cache entry, seconds");
    public static final Setting<Double> GENIE_SIMILARITY_THRESHOLD = Setting.builder("GENIE_SIMILARITY_THRESHOLD",
                    number(0, 1, "similarity"))
            .property("genie.similarity_threshold").option("--similarity-threshold")
            .defaultValue(0.85).group(SettingGroup.CACHE)
            .describe("Semantic cache: least question similarity for a hit (0..1)");
    public static final Setting<Integer> GENIE_LRU_CAPACITY = Setting.builder("GENIE_LRU_CAPACITY",
                    wholeNumber(1, Integer.MAX_VALUE, "entries"))
            .property("genie.lru_capacity").option("--lru-capacity").defaultValue(100).group(SettingGroup.CACHE)
            .describe("Exact-match (LRU) cache: most entries kept");
    public static final Setting<Integer> GENIE_CACHE_CAPACITY = Setting.builder("GENIE_CACHE_CAPACITY",
                    wholeNumber(1, Integer.MAX_VALUE, "entries"))
            .property("genie.cache_capacity").option("--capacity").defaultValue(1000).group(SettingGroup.CACHE)
            .describe("In-memory semantic cache: most entries kept");
    public static final Setting<Integer> GENIE_CONTEXT_WINDOW_SIZE = Setting.builder("GENIE_CONTEXT_WINDOW_SIZE",
                    wholeNumber(0, 1000, "messages"))
            .property("genie.context_window_size").option("--context-window-size")
            .defaultValue(3).group(SettingGroup.CACHE)
            .describe("Semantic cache: how many previous messages form the conversation context");
    public static final Setting<Double> GENIE_CONTEXT_SIMILARITY_THRESHOLD =
            Setting.builder("GENIE_CONTEXT_SIMILARITY_THRESHOLD", number(0, 1, "similarity"))
                    .property("genie.context_similarity_threshold").option("--context-similarity-threshold")
                    .defaultValue(0.80).group(SettingGroup.CACHE)
                    .describe("Semantic cache: least context similarity for a hit (0..1)");
    public static final Setting<String> GENIE_EMBEDDING_MODEL = Setting.builder("GENIE_EMBEDDING_MODEL", text())
            .property("genie.embedding_model").option("--embedding-model")
            .defaultValue("databricks-gte-large-en").group(SettingGroup.CACHE)
            .describe("Model serving endpoint that embeds questions for the semantic cache");
    public static final Setting<String> GENIE_CACHE_SCOPE = Setting.builder("GENIE_CACHE_SCOPE",
                    choice("shared", "per-user"))
            .property("genie.cache_scope").option("--cache-scope").defaultValue("shared").group(SettingGroup.CACHE)
            .describe("Who shares the caches: shared (every user of the test, as a real cache in front of Genie)"
                    + " or per-user (one cache per JMeter thread, as the original tool did)");

    // SQL history enrichment (bin/genie-enrich, bin/genie-loadtest --enrich).

    public static final Setting<String> SYSTEM_QUERY_HISTORY_TABLE =
            Setting.builder("SYSTEM_QUERY_HISTORY_TABLE", text()).property("genie.query_history_table")
                    .option("--query-history-table").defaultValue("system.query.history")
                    .group(SettingGroup.ENRICHMENT)
                    .describe("Table the statements of a run are looked up in (catalog.schema.table; e.g. a view"
                            + " over system.query.history)");
    public static final Setting<Double> GENIE_ENRICH_WAIT_SECONDS = Setting.builder("GENIE_ENRICH_WAIT_SECONDS",
                    number(0, 604_800, "seconds"))
            .property("genie.enrich_wait_seconds").option("--wait").defaultValue(1800.0)
            .group(SettingGroup.ENRICHMENT)
            .describe("How long to keep looking for statements the query history does not hold yet, seconds (system"
                    + " tables lag 15-30 minutes; 0: look once); what is found is saved, a later run resumes");
    public static final Setting<Double> GENIE_ENRICH_RETRY_SECONDS = Setting.builder("GENIE_ENRICH_RETRY_SECONDS",
                    number(0.001, 3600, "seconds"))
            .property("genie.enrich_retry_seconds").option("--retry-every").defaultValue(60.0)
            .group(SettingGroup.ENRICHMENT)
            .describe("Time between two lookups of the statements still missing from the query history, seconds");

    // Distributed runs (jmeter-server nodes; docs/distributed.md).

    public static final Setting<Integer> GENIE_NODE_INDEX = Setting.builder("GENIE_NODE_INDEX",
                    wholeNumber(0, Integer.MAX_VALUE, "node"))
            .property("genie.node_index").example("0").group(SettingGroup.LOAD_TEST)
            .describe("Distributed runs: this jmeter-server node's place among the nodes, from 0"
                    + " (bin/genie-jmeter-server --node-index); each node replays only its share of the sampled"
                    + " conversations");
    public static final Setting<Integer> GENIE_NODE_COUNT = Setting.builder("GENIE_NODE_COUNT",
                    wholeNumber(1, Integer.MAX_VALUE, "nodes"))
            .property("genie.node_count").example("2").group(SettingGroup.LOAD_TEST)
            .describe("Distributed runs: how many nodes share the conversations (unset: 1; the launchers' --remote"
                    + " sends the number of hosts to every node)");

    public static final Setting<String> GENIE_SIMULATOR_URL = Setting.builder("GENIE_SIMULATOR_URL", text())
            .property("genie.simulator_url").example("http://controller-host:8765")
                    .group(SettingGroup.WORKSPACE)
            .describe("On the simulator: use the standalone simulator at this URL (bin/genie-simulator, or the one"
                    + " the controller's --remote run starts) instead of embedding one, so all nodes share it");

    /** Every setting, in {@code .env.example} order. */
    public static final List<Setting<?>> ALL = List.of(DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID,
            DATABRICKS_CLIENT_SECRET, DATABRICKS_CONFIG_PROFILE, DATABRICKS_CONFIG_FILE, DATABRICKS_AUTH_TYPE,
            GENIE_ENV_FILE, GENIE_TARGET, GENIE_SIMULATOR_URL, GENIE_SPACE_ID, GENIE_CONVERSATIONS_FILE, GENIE_MIN_WAIT,
            GENIE_MAX_WAIT, GENIE_SAMPLE_SIZE, GENIE_SAMPLE_SEED, GENIE_RESULTS_DIR, GENIE_NODE_INDEX, GENIE_NODE_COUNT,
            GENIE_TIMEOUT_SECONDS, GENIE_FETCH_QUERY_RESULT, GENIE_POLL_INTERVAL_MS, GENIE_HTTP_TIMEOUT_SECONDS,
            GENIE_MAX_CONNECTIONS, GENIE_WAREHOUSE_ID, GENIE_LAKEBASE_CLIENT_ID, GENIE_LAKEBASE_CLIENT_SECRET,
            GENIE_LAKEBASE_INSTANCE, GENIE_PG_URL, GENIE_PG_USER, GENIE_PG_PASSWORD, GENIE_PG_BIN, GENIE_LOCAL_PG_DIR,
            GENIE_CACHE_TTL, GENIE_SIMILARITY_THRESHOLD, GENIE_LRU_CAPACITY, GENIE_CACHE_CAPACITY,
            GENIE_CONTEXT_WINDOW_SIZE, GENIE_CONTEXT_SIMILARITY_THRESHOLD, GENIE_EMBEDDING_MODEL, GENIE_CACHE_SCOPE,
            SYSTEM_QUERY_HISTORY_TABLE, GENIE_ENRICH_WAIT_SECONDS, GENIE_ENRICH_RETRY_SECONDS);

    private static final Map<String, Setting<?>> BY_NAME = index();

    private static Map<String, Setting<?>> index() {
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalStateException("setting declared twice: " + s.name());
            }
        }
        return Map.copyOf(byName);
    }

    /** The setting whose variable is {@code name}, if it is in the catalogue. */
    public static Optional<Setting<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The setting read from JMeter property {@code property}, if any. */
    public static Optional<Setting<?>> withProperty(String property) {
        return ALL.stream().filter(s -> s.property().filter(property::equals).isPresent()).findFirst();
    }
}
