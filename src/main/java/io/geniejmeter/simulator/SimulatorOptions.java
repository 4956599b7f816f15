package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.OptionType.integer;
import static io.geniejmeter.simulator.OptionType.millis;
import static io.geniejmeter.simulator.OptionType.rate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of simulator options: each declared once, here, with its name, type and allowed range, default, value
 * hint and description, grouped by the concern (record) it feeds. The order of declaration is the order of
 * {@code bin/genie-simulator --help}. The defaults need no workspace and model a free-tier one: answers in about
 * 5-30 s, 5 questions per minute, a 10-slot SQL warehouse, no injected faults.
 *
 * <p>Adding an option: declare it here, add a component of the same name (camel case) to its concern record, pass it
 * in {@link SimulatorConfig}'s constructor and add a typed method to {@link SimulatorConfig.Builder}; the command
 * lines, the JMeter properties, equals and toString follow by themselves, and {@code SimulatorConfigTest} fails until
 * the record and the builder have it.
 */
public final class SimulatorOptions {

    /** In declaration order; filled by {@link #option} as the constants below are initialised. */
    private static final List<SimulatorOption<?>> DECLARED = new ArrayList<>();
    private static final Map<String, SimulatorOption<LatencyRange>> PHASE_OPTIONS = new LinkedHashMap<>();

    // ---- server ({@link ServerSettings}) ----------------------------------------------------------------------

    public static final SimulatorOption<Integer> PORT = option("port", integer(0, 65535), 0, "PORT",
            "TCP port to listen on", "0 (ephemeral; bin/genie-simulator uses 8765)");
    public static final SimulatorOption<String> HOST = option("host", OptionType.text(), "127.0.0.1", "ADDRESS",
            "address to bind; keep 127.0.0.1 unless other machines must reach it");
    public static final SimulatorOption<Integer> MAX_CONNECTIONS = option("max-connections", integer(1, 100_000),
            10_000, "N", "HTTP connections served at once, one thread each; more wait until one closes");
    public static final SimulatorOption<Boolean> ADMIN_FROM_ANYWHERE = option("admin-from-anywhere",
            OptionType.bool(), false, "BOOL", "let other machines use /_simulator/ (ground truth, stats, reset);"
                    + " false: loopback only, even when --host lets them reach the Genie API");

    // ---- time ({@link TimingSettings}) ------------------------------------------------------------------------

    public static final SimulatorOption<Double> TIME_SCALE = option("time-scale", OptionType.positiveFactor(1000),
            1.0, "X", "multiplies every simulated duration and limit window (0.01 = 100x faster)");
    // Defaults sum to about 5 s (all minimums) .. 30 s (all maximums) for an answer with SQL.
    public static final SimulatorOption<LatencyRange> LATENCY_SUBMITTED = phase("SUBMITTED", 300, 800, "");
    public static final SimulatorOption<LatencyRange> LATENCY_FETCHING_METADATA =
            phase("FETCHING_METADATA", 700, 2_000, "");
    public static final SimulatorOption<LatencyRange> LATENCY_FILTERING_CONTEXT =
            phase("FILTERING_CONTEXT", 500, 2_500, "");
    public static final SimulatorOption<LatencyRange> LATENCY_ASKING_AI = phase("ASKING_AI", 2_500, 14_000, "");
    public static final SimulatorOption<LatencyRange> LATENCY_PENDING_WAREHOUSE = phase("PENDING_WAREHOUSE", 0, 500,
            " (plus any wait for a free warehouse slot)");
    public static final SimulatorOption<LatencyRange> LATENCY_EXECUTING_QUERY =
            phase("EXECUTING_QUERY", 1_000, 10_000, "");

    // ---- rate limiting ({@link RateLimitSettings}) ------------------------------------------------------------

    public static final SimulatorOption<Integer> QPM = option("qpm", integer(0, Integer.MAX_VALUE), 5, "N",
            "workspace-wide questions per minute (start-conversation + follow-up POSTs); 0 = no limit");
    public static final SimulatorOption<RateLimitStyle> RATE_LIMIT_STYLE = option("rate-limit-style",
            OptionType.rateLimitStyle(), RateLimitStyle.HTTP_429, "http-429|failed-message",
            "how an excess question is refused: HTTP 429 REQUEST_LIMIT_EXCEEDED with Retry-After, or a message that"
                    + " ends FAILED with RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION");

    // ---- data and seed ({@link DataSettings}) -----------------------------------------------------------------

    public static final SimulatorOption<Long> SEED = option("seed", OptionType.anyLong(), 42L, "N",
            "seed of every random choice: same seed and inputs, same answers");
    public static final SimulatorOption<Path> CONVERSATIONS = option("conversations", OptionType.file(), null, "FILE",
            "conversations YAML (export format) whose history is preloaded, so listing/export has content");
    public static final SimulatorOption<String> SPACE_ID = option("space-id", OptionType.text(),
            "01f0a1b2c3d4e5f60718293a4b5c6d7e", "ID", "id of the one Genie space served (others get 404)");
    public static final SimulatorOption<String> SPACE_TITLE = option("space-title", OptionType.text(),
            "Simulated Genie space", "TEXT", "title of the Genie space");
    public static final SimulatorOption<Double> TEXT_ONLY_RATE = option("text-only-rate", rate(), 0.1, "0..1",
            "share of questions answered with text only (no SQL, no warehouse); chosen per question text");
    public static final SimulatorOption<Integer> EMBEDDING_DIMENSIONS = option("embedding-dimensions",
            integer(8, 65_536), 1024, "N", "length of the vectors served by /serving-endpoints/{name}/invocations");

    // ---- SQL warehouse ({@link WarehouseSettings}) ------------------------------------------------------------

    public static final SimulatorOption<String> WAREHOUSE_ID = option("warehouse-id", OptionType.text(),
            "5e1a1a7ed0c0ffee", "ID", "id of the SQL warehouse of the space");
    public static final SimulatorOption<Integer> WAREHOUSE_SLOTS = option("warehouse-slots", integer(1, 100_000), 10,
            "N", "queries the SQL warehouse runs at once; more wait in PENDING_WAREHOUSE");
    public static final SimulatorOption<LatencyRange> STATEMENT_LATENCY = option("statement-latency",
            OptionType.latency(), new LatencyRange(200, 2_000), "MIN-MAX",
            "run time of a Statement Execution API statement, milliseconds, uniform");
    public static final SimulatorOption<String> QUERY_HISTORY_TABLE = option("query-history-table",
            OptionType.text(), "system.query.history", "TABLE",
            "table name under which the warehouse's statements are served to SQL (as Databricks' system table)");
    public static final SimulatorOption<Long> QUERY_HISTORY_LAG_MS = option("query-history-lag-ms", millis(), 0L,
            "MS", "ingestion lag: a statement's row appears in the query history this long after it ends,"
                    + " milliseconds (time-scaled)");
    public static final SimulatorOption<Path> QUERY_HISTORY_FILE = option("query-history-file", OptionType.file(),
            null, "FILE", "JSON-lines file that keeps the query history across simulator runs: read at start,"
                    + " appended to as statements are scheduled (a results folder's simulator-query-history.jsonl)");

    // ---- faults in a message's outcome ({@link MessageFaults}) ------------------------------------------------

    public static final SimulatorOption<Double> FAIL_RATE = option("fail-rate", rate(), 0.0, "0..1",
            "share of messages that end FAILED with --fail-error-type");
    public static final SimulatorOption<String> FAIL_ERROR_TYPE = option("fail-error-type",
            OptionType.upperCaseText(), "SQL_EXECUTION_EXCEPTION", "TYPE",
            "error type of injected failures (a MessageErrorType name)");
    public static final SimulatorOption<Double> CANCEL_RATE = option("cancel-rate", rate(), 0.0, "0..1",
            "share of messages that end CANCELLED");
    public static final SimulatorOption<Double> EXPIRE_RATE = option("expire-rate", rate(), 0.0, "0..1",
            "share of completed messages that turn QUERY_RESULT_EXPIRED after --expire-after-ms");
    public static final SimulatorOption<Long> EXPIRE_AFTER_MS = option("expire-after-ms", millis(), 60_000L, "MS",
            "how long after completion an expiring result expires, milliseconds");
    public static final SimulatorOption<Double> STUCK_RATE = option("stuck-rate", rate(), 0.0, "0..1",
            "share of messages that stay in ASKING_AI for ever (never answered)");

    // ---- faults of single HTTP requests ({@link RequestFaults}) -----------------------------------------------

    public static final SimulatorOption<Double> HTTP_500_RATE = option("http-500-rate", rate(), 0.0, "0..1",
            "share of Genie API requests answered HTTP 500 INTERNAL_ERROR");
    public static final SimulatorOption<Double> HTTP_503_RATE = option("http-503-rate", rate(), 0.0, "0..1",
            "share of Genie API requests answered HTTP 503 TEMPORARILY_UNAVAILABLE");
    public static final SimulatorOption<Double> SLOW_RATE = option("slow-rate", rate(), 0.0, "0..1",
            "share of Genie API requests delayed by --slow-ms before the answer");
    public static final SimulatorOption<Long> SLOW_MS = option("slow-ms", millis(), 5_000L, "MS",
            "delay of a slow response, milliseconds");
    public static final SimulatorOption<Double> HANG_RATE = option("hang-rate", rate(), 0.0, "0..1",
            "share of Genie API requests that get no answer for --hang-ms, then a dropped connection");
    public static final SimulatorOption<Long> HANG_MS = option("hang-ms", millis(), 600_000L, "MS",
            "how long a hanging response hangs, milliseconds");
    public static final SimulatorOption<Double> DROP_RATE = option("drop-rate", rate(), 0.0, "0..1",
            "share of Genie API requests whose connection is closed without an answer");
    public static final SimulatorOption<Double> STATEMENT_FAIL_RATE = option("statement-fail-rate", rate(), 0.0,
            "0..1", "share of Statement Execution API statements that end FAILED (a cached query's re-run fails)");
    public static final SimulatorOption<Double> EMBEDDING_FAIL_RATE = option("embedding-fail-rate", rate(), 0.0,
            "0..1", "share of embedding requests answered HTTP 503 TEMPORARILY_UNAVAILABLE");

    // ---- authentication ({@link AuthSettings}) ----------------------------------------------------------------

    public static final SimulatorOption<String> TOKEN = option("token", OptionType.secret(),
            "dapi-genie-simulator-token", "TOKEN", "the one bearer token accepted (others get HTTP 401)",
            "(built-in simulator token)");
    public static final SimulatorOption<String> FORBIDDEN_TOKEN = option("forbidden-token", OptionType.secret(),
            "dapi-genie-simulator-no-permission", "TOKEN",
            "a bearer token that authenticates but lacks permission (HTTP 403 PERMISSION_DENIED)");
    public static final SimulatorOption<String> CLIENT_ID = option("client-id", OptionType.text(),
            "genie-simulator-client", "ID", "OAuth M2M client id accepted by the token endpoint");
    public static final SimulatorOption<String> CLIENT_SECRET = option("client-secret", OptionType.secret(),
            "genie-simulator-secret", "SECRET", "OAuth M2M client secret accepted by the token endpoint");

    // ---- Lakebase ({@link LakebaseSettings}) ------------------------------------------------------------------

    public static final SimulatorOption<String> LAKEBASE_HOST = option("lakebase-host", OptionType.text(),
            "127.0.0.1", "HOST", "PostgreSQL host returned as a database instance's read_write_dns");
    public static final SimulatorOption<Integer> LAKEBASE_PORT = option("lakebase-port", integer(1, 65535), 5432,
            "PORT", "PostgreSQL port of the Lakebase instance");
    public static final SimulatorOption<Integer> LAKEBASE_TOKEN_SECONDS = option("lakebase-token-seconds",
            integer(1, 86_400), 3600, "SECONDS",
            "lifetime of a minted Lakebase database credential token, seconds (not time-scaled)");

    /** Every option by name, in help order. */
    static final Map<String, SimulatorOption<?>> BY_NAME;

    /** The Genie lifecycle phases whose latency is configurable, in order, each with its option. */
    static final Map<String, SimulatorOption<LatencyRange>> BY_PHASE = Collections.unmodifiableMap(PHASE_OPTIONS);

    static {
        Map<String, SimulatorOption<?>> byName = new LinkedHashMap<>();
        for (SimulatorOption<?> o : DECLARED) {
            if (byName.put(o.name(), o) != null) {
                throw new IllegalStateException("simulator option --" + o.name() + " is declared twice");
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private SimulatorOptions() {
    }

    private static <T> SimulatorOption<T> option(String name, OptionType<T> type, T defaultValue, String hint,
                                                 String description) {
        return option(name, type, defaultValue, hint, description, null);
    }

    private static <T> SimulatorOption<T> option(String name, OptionType<T> type, T defaultValue, String hint,
                                                 String description, String shownDefault) {
        SimulatorOption<T> o = new SimulatorOption<>(name, type, defaultValue, hint, description, shownDefault);
        DECLARED.add(o);
        return o;
    }

    /** The latency option of one Genie phase: {@code --latency-asking-ai} for ASKING_AI. */
    private static SimulatorOption<LatencyRange> phase(String phase, long minMs, long maxMs, String note) {
        SimulatorOption<LatencyRange> o = option("latency-" + phase.toLowerCase(Locale.ROOT).replace('_', '-'),
                OptionType.latency(), new LatencyRange(minMs, maxMs), "MIN-MAX",
                "time in " + phase + " in milliseconds, uniform" + note);
        PHASE_OPTIONS.put(phase, o);
        return o;
    }
}
