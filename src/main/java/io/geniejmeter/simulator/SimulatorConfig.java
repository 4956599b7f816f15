package io.geniejmeter.simulator;

import io.geniejmeter.time.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Immutable settings of the Genie simulator. Every setting has a default that needs no workspace; the defaults model a
 * free-tier workspace: answers in about 5-30 s, 5 questions per minute, a 10-slot SQL warehouse, no injected faults.
 *
 * <p>{@link #fromOptions(Map)} reads the same settings from a map keyed by the command-line long option names without
 * dashes ({@code "time-scale"}, {@code "qpm"}, ...), so {@code bin/genie-simulator} options and JMeter properties map
 * one to one. {@link #options()} lists them with their defaults and meaning (used by {@code --help} and the README).
 */
public final class SimulatorConfig {

    /** The Genie lifecycle phases whose latency is configurable, in order. */
    public static final List<String> PHASES = List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT",
            "ASKING_AI", "PENDING_WAREHOUSE", "EXECUTING_QUERY");

    private final String host;
    private final int port;
    private final String token;
    private final String forbiddenToken;
    private final String spaceId;
    private final String spaceTitle;
    private final String warehouseId;
    private final long userId;
    private final double timeScale;
    private final long seed;
    private final int qpm;
    private final RateLimitStyle rateLimitStyle;
    private final int warehouseSlots;
    private final double textOnlyRate;
    private final Map<String, LatencyRange> phaseLatency;
    private final double failRate;
    private final String failErrorType;
    private final double cancelRate;
    private final double expireRate;
    private final long expireAfterMs;
    private final double http500Rate;
    private final double http503Rate;
    private final double slowRate;
    private final long slowMs;
    private final double hangRate;
    private final long hangMs;
    private final double dropRate;
    private final Path conversations;
    private final int maxConnections;
    private final int embeddingDimensions;
    private final LatencyRange statementLatency;
    private final String lakebaseHost;
    private final int lakebasePort;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;

    private SimulatorConfig(Builder b) {
        host = b.host;
        port = b.port;
        token = b.token;
        forbiddenToken = b.forbiddenToken;
        spaceId = b.spaceId;
        spaceTitle = b.spaceTitle;
        warehouseId = b.warehouseId;
        userId = b.userId;
        timeScale = b.timeScale;
        seed = b.seed;
        qpm = b.qpm;
        rateLimitStyle = b.rateLimitStyle;
        warehouseSlots = b.warehouseSlots;
        textOnlyRate = b.textOnlyRate;
        phaseLatency = Collections.unmodifiableMap(new LinkedHashMap<>(b.phaseLatency));
        failRate = b.failRate;
        failErrorType = b.failErrorType;
        cancelRate = b.cancelRate;
        expireRate = b.expireRate;
        expireAfterMs = b.expireAfterMs;
        http500Rate = b.http500Rate;
        http503Rate = b.http503Rate;
        slowRate = b.slowRate;
        slowMs = b.slowMs;
        hangRate = b.hangRate;
        hangMs = b.hangMs;
        dropRate = b.dropRate;
        conversations = b.conversations;
        maxConnections = b.maxConnections;
        embeddingDimensions = b.embeddingDimensions;
        statementLatency = b.statementLatency;
        lakebaseHost = b.lakebaseHost;
        lakebasePort = b.lakebasePort;
        clientId = b.clientId;
        clientSecret = b.clientSecret;
        clock = b.clock;
    }

    /** All defaults: ephemeral port on 127.0.0.1, time scale 1, seed 42, 5 questions per minute. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.token = token;
        b.forbiddenToken = forbiddenToken;
        b.spaceId = spaceId;
        b.spaceTitle = spaceTitle;
        b.warehouseId = warehouseId;
        b.userId = userId;
        b.timeScale = timeScale;
        b.seed = seed;
        b.qpm = qpm;
        b.rateLimitStyle = rateLimitStyle;
        b.warehouseSlots = warehouseSlots;
        b.textOnlyRate = textOnlyRate;
        b.phaseLatency.putAll(phaseLatency);
        b.failRate = failRate;
        b.failErrorType = failErrorType;
        b.cancelRate = cancelRate;
        b.expireRate = expireRate;
        b.expireAfterMs = expireAfterMs;
        b.http500Rate = http500Rate;
        b.http503Rate = http503Rate;
        b.slowRate = slowRate;
        b.slowMs = slowMs;
        b.hangRate = hangRate;
        b.hangMs = hangMs;
        b.dropRate = dropRate;
        b.conversations = conversations;
        b.maxConnections = maxConnections;
        b.embeddingDimensions = embeddingDimensions;
        b.statementLatency = statementLatency;
        b.lakebaseHost = lakebaseHost;
        b.lakebasePort = lakebasePort;
        b.clientId = clientId;
        b.clientSecret = clientSecret;
        b.clock = clock;
        return b;
    }

    /**
     * Reads settings keyed by the command-line long option names without dashes; keys not given keep their defaults.
     *
     * @throws SimulatorConfigException naming the option when a key is unknown or a value is invalid
     */
    public static SimulatorConfig fromOptions(Map<String, String> options) {
        Builder b = builder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey().startsWith("--") ? e.getKey().substring(2) : e.getKey();
            OptionSpec spec = OPTIONS.get(key);
            if (spec == null) {
                throw new SimulatorConfigException(key, "unknown option --" + key
                        + " (run bin/genie-simulator --help for the list)");
            }
            String value = e.getValue();
            if (value == null || value.isBlank()) {
                throw new SimulatorConfigException(key, "option --" + key + " needs a value (" + spec.valueHint + ")");
            }
            try {
                spec.apply.accept(b, value.trim());
            } catch (SimulatorConfigException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) {
                throw new SimulatorConfigException(key, "option --" + key + ": " + ex.getMessage());
            }
        }
        return b.build();
    }

    /** The options understood by {@link #fromOptions(Map)}, in help order, keyed by long name without dashes. */
    public static Map<String, OptionSpec> options() {
        return OPTIONS;
    }

    /**
     * One option: its long name, a hint of its value, its default as text and what it does.
     *
     * @param name long option name without dashes
     * @param valueHint what the value looks like, for the help text
     * @param defaultText the default as text
     * @param description what it does, with unit
     */
    public record OptionSpec(String name, String valueHint, String defaultText, String description,
                             BiConsumer<Builder, String> apply) {
    }

    private static final Map<String, OptionSpec> OPTIONS = new LinkedHashMap<>();

    private static void opt(String name, String hint, String def, String description, BiConsumer<Builder, String> a) {
        OPTIONS.put(name, new OptionSpec(name, hint, def, description, a));
    }

    static {
        Builder d = new Builder();
        opt("port", "PORT", "0 (ephemeral; bin/genie-simulator uses 8765)",
                "TCP port to listen on", (b, v) -> b.port(parseInt(v, 0, 65535)));
        opt("host", "ADDRESS", d.host, "address to bind; keep 127.0.0.1 unless other machines must reach it",
                (b, v) -> b.host(v));
        opt("token", "TOKEN", "(built-in simulator token)", "the one bearer token accepted (others get HTTP 401)",
                (b, v) -> b.token(v));
        opt("forbidden-token", "TOKEN", "(built-in)",
                "a bearer token that authenticates but lacks permission (HTTP 403 PERMISSION_DENIED)",
                (b, v) -> b.forbiddenToken(v));
        opt("space-id", "ID", d.spaceId, "id of the one Genie space served (others get 404)", (b, v) -> b.spaceId(v));
        opt("space-title", "TEXT", d.spaceTitle, "title of the Genie space", (b, v) -> b.spaceTitle(v));
        opt("warehouse-id", "ID", d.warehouseId, "id of the SQL warehouse of the space", (b, v) -> b.warehouseId(v));
        opt("time-scale", "X", "1", "multiplies every simulated duration and limit window (0.01 = 100x faster)",
                (b, v) -> b.timeScale(parseDouble(v, Double.MIN_VALUE, 1000)));
        opt("seed", "N", Long.toString(d.seed), "seed of every random choice: same seed and inputs, same answers",
                (b, v) -> b.seed(parseLong(v)));
        opt("qpm", "N", Integer.toString(d.qpm),
                "workspace-wide questions per minute (start-conversation + follow-up POSTs); 0 = no limit",
                (b, v) -> b.qpm(parseInt(v, 0, Integer.MAX_VALUE)));
        opt("rate-limit-style", "http-429|failed-message", d.rateLimitStyle.optionValue(),
                "how an excess question is refused: HTTP 429 REQUEST_LIMIT_EXCEEDED with Retry-After, or a message "
                        + "that ends FAILED with RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
                (b, v) -> b.rateLimitStyle(RateLimitStyle.parse(v)));
        opt("warehouse-slots", "N", Integer.toString(d.warehouseSlots),
                "queries the SQL warehouse runs at once; more wait in PENDING_WAREHOUSE",
                (b, v) -> b.warehouseSlots(parseInt(v, 1, 100_000)));
        opt("text-only-rate", "0..1", Double.toString(d.textOnlyRate),
                "share of questions answered with text only (no SQL, no warehouse); chosen per question text",
                (b, v) -> b.textOnlyRate(parseRate(v)));
        for (String phase : PHASES) {
            String name = "latency-" + phase.toLowerCase(Locale.ROOT).replace('_', '-');
            opt(name, "MIN-MAX", d.phaseLatency.get(phase).toString(),
                    "time in " + phase + " in milliseconds, uniform"
                            + (phase.equals("PENDING_WAREHOUSE") ? " (plus any wait for a free warehouse slot)" : ""),
                    (b, v) -> b.phaseLatency(phase, LatencyRange.parse(v)));
        }
        opt("fail-rate", "0..1", "0", "share of messages that end FAILED with --fail-error-type",
                (b, v) -> b.failRate(parseRate(v)));
        opt("fail-error-type", "TYPE", d.failErrorType,
                "error type of injected failures (a MessageErrorType name)", (b, v) -> b.failErrorType(v));
        opt("cancel-rate", "0..1", "0", "share of messages that end CANCELLED", (b, v) -> b.cancelRate(parseRate(v)));
        opt("expire-rate", "0..1", "0",
                "share of completed messages that turn QUERY_RESULT_EXPIRED after --expire-after-ms",
                (b, v) -> b.expireRate(parseRate(v)));
        opt("expire-after-ms", "MS", Long.toString(d.expireAfterMs),
                "how long after completion an expiring result expires, milliseconds",
                (b, v) -> b.expireAfterMs(parseLong(v, 0)));
        opt("http-500-rate", "0..1", "0", "share of Genie API requests answered HTTP 500 INTERNAL_ERROR",
                (b, v) -> b.http500Rate(parseRate(v)));
        opt("http-503-rate", "0..1", "0", "share of Genie API requests answered HTTP 503 TEMPORARILY_UNAVAILABLE",
                (b, v) -> b.http503Rate(parseRate(v)));
        opt("slow-rate", "0..1", "0", "share of Genie API requests delayed by --slow-ms before the answer",
                (b, v) -> b.slowRate(parseRate(v)));
        opt("slow-ms", "MS", Long.toString(d.slowMs), "delay of a slow response, milliseconds",
                (b, v) -> b.slowMs(parseLong(v, 0)));
        opt("hang-rate", "0..1", "0",
                "share of Genie API requests that get no answer for --hang-ms, then a dropped connection",
                (b, v) -> b.hangRate(parseRate(v)));
        opt("hang-ms", "MS", Long.toString(d.hangMs), "how long a hanging response hangs, milliseconds",
                (b, v) -> b.hangMs(parseLong(v, 0)));
        opt("drop-rate", "0..1", "0", "share of Genie API requests whose connection is closed without an answer",
                (b, v) -> b.dropRate(parseRate(v)));
        opt("conversations", "FILE", "(none)",
                "conversations YAML (export format) whose history is preloaded, so listing/export has content",
                (b, v) -> b.conversations(Path.of(v)));
        opt("max-connections", "N", Integer.toString(d.maxConnections),
                "HTTP connections served at once, one thread each; more wait until one closes",
                (b, v) -> b.maxConnections(parseInt(v, 1, 100_000)));
        opt("embedding-dimensions", "N", Integer.toString(d.embeddingDimensions),
                "length of the vectors served by /serving-endpoints/{name}/invocations",
                (b, v) -> b.embeddingDimensions(parseInt(v, 8, 65_536)));
        opt("statement-latency", "MIN-MAX", d.statementLatency.toString(),
                "run time of a Statement Execution API statement, milliseconds, uniform",
                (b, v) -> b.statementLatency(LatencyRange.parse(v)));
        opt("lakebase-host", "HOST", d.lakebaseHost, "PostgreSQL host returned as a database instance's read_write_dns",
                (b, v) -> b.lakebaseHost(v));
        opt("lakebase-port", "PORT", Integer.toString(d.lakebasePort), "PostgreSQL port of the Lakebase instance",
                (b, v) -> b.lakebasePort(parseInt(v, 1, 65535)));
        opt("client-id", "ID", d.clientId, "OAuth M2M client id accepted by the token endpoint",
                (b, v) -> b.clientId(v));
        opt("client-secret", "SECRET", "(built-in)", "OAuth M2M client secret accepted by the token endpoint",
                (b, v) -> b.clientSecret(v));
    }

    static int parseInt(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    static long parseLong(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
    }

    static long parseLong(String v, long min) {
        long n = parseLong(v);
        if (n < min) {
            throw new IllegalArgumentException(n + " must be at least " + min);
        }
        return n;
    }

    static double parseDouble(String v, double minExclusive, double max) {
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number");
        }
        if (!(x > 0) || x > max || Double.isNaN(x)) {
            throw new IllegalArgumentException(v + " must be greater than 0 and at most " + max);
        }
        return x;
    }

    static double parseRate(String v) {
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a rate between 0 and 1");
        }
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException(v + " is not a rate between 0 and 1");
        }
        return x;
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    /** Bind address, default 127.0.0.1 (loopback only). */
    public String host() {
        return host;
    }

    /** TCP port, default 0 (ephemeral: the OS picks a free port). */
    public int port() {
        return port;
    }

    /** The one accepted bearer token. */
    public String token() {
        return token;
    }

    /** A bearer token that authenticates but is denied (HTTP 403). */
    public String forbiddenToken() {
        return forbiddenToken;
    }

    public String spaceId() {
        return spaceId;
    }

    public String spaceTitle() {
        return spaceTitle;
    }

    public String warehouseId() {
        return warehouseId;
    }

    /** The numeric user id that owns conversations started through the API. */
    public long userId() {
        return userId;
    }

    /** Factor applied to every simulated duration and limit window, default 1; 0.01 runs 100 times faster. */
    public double timeScale() {
        return timeScale;
    }

    public long seed() {
        return seed;
    }

    /** Questions per minute across the workspace, default 5; 0 means unlimited. */
    public int qpm() {
        return qpm;
    }

    public RateLimitStyle rateLimitStyle() {
        return rateLimitStyle;
    }

    /** Concurrent query slots of the SQL warehouse, default 10. */
    public int warehouseSlots() {
        return warehouseSlots;
    }

    /** Share of questions answered with text only, default 0.1. */
    public double textOnlyRate() {
        return textOnlyRate;
    }

    /** Nominal latency per phase (keys: {@link #PHASES}). */
    public Map<String, LatencyRange> phaseLatency() {
        return phaseLatency;
    }

    public double failRate() {
        return failRate;
    }

    public String failErrorType() {
        return failErrorType;
    }

    public double cancelRate() {
        return cancelRate;
    }

    public double expireRate() {
        return expireRate;
    }

    /** Nominal milliseconds after completion at which an expiring result expires, default 60000. */
    public long expireAfterMs() {
        return expireAfterMs;
    }

    public double http500Rate() {
        return http500Rate;
    }

    public double http503Rate() {
        return http503Rate;
    }

    public double slowRate() {
        return slowRate;
    }

    /** Nominal delay of a slow response, milliseconds, default 5000. */
    public long slowMs() {
        return slowMs;
    }

    public double hangRate() {
        return hangRate;
    }

    /** Nominal duration of a hanging response before its connection is dropped, milliseconds, default 600000. */
    public long hangMs() {
        return hangMs;
    }

    public double dropRate() {
        return dropRate;
    }

    /** Conversations YAML to preload, or null. */
    public Path conversations() {
        return conversations;
    }

    /** HTTP connections served at once (one thread each), default 10,000 (JMeter's own connection default). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Embedding length, default 1024 (as databricks-gte-large-en). */
    public int embeddingDimensions() {
        return embeddingDimensions;
    }

    public LatencyRange statementLatency() {
        return statementLatency;
    }

    public String lakebaseHost() {
        return lakebaseHost;
    }

    public int lakebasePort() {
        return lakebasePort;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public Clock clock() {
        return clock;
    }

    /** True when any per-request fault (HTTP 500/503, slow, hang, drop) is configured. */
    boolean hasRequestFaults() {
        return http500Rate > 0 || http503Rate > 0 || slowRate > 0 || hangRate > 0 || dropRate > 0;
    }

    /** Masks tokens and the client secret: they must never reach logs. */
    @Override
    public String toString() {
        return "SimulatorConfig{host=" + host + ", port=" + port + ", token=****, spaceId=" + spaceId
                + ", warehouseId=" + warehouseId + ", timeScale=" + timeScale + ", seed=" + seed + ", qpm=" + qpm
                + ", rateLimitStyle=" + rateLimitStyle + ", warehouseSlots=" + warehouseSlots
                + ", textOnlyRate=" + textOnlyRate + ", phaseLatency=" + phaseLatency + ", failRate=" + failRate
                + ", failErrorType=" + failErrorType + ", cancelRate=" + cancelRate + ", expireRate=" + expireRate
                + ", http500Rate=" + http500Rate + ", http503Rate=" + http503Rate + ", slowRate=" + slowRate
                + ", hangRate=" + hangRate + ", dropRate=" + dropRate + ", conversations=" + conversations
                + ", clientId=" + clientId + ", clientSecret=****}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulatorConfig c && toComparable().equals(c.toComparable());
    }

    @Override
    public int hashCode() {
        return toComparable().hashCode();
    }

    private List<Object> toComparable() {
        List<Object> l = new ArrayList<>(List.of(host, port, token, forbiddenToken, spaceId, spaceTitle, warehouseId,
                userId, timeScale, seed, qpm, rateLimitStyle, warehouseSlots, textOnlyRate, phaseLatency, failRate,
                failErrorType, cancelRate, expireRate, expireAfterMs, http500Rate, http503Rate, slowRate, slowMs,
                hangRate, hangMs, dropRate, maxConnections, embeddingDimensions, statementLatency, lakebaseHost,
                lakebasePort, clientId, clientSecret, clock));
        l.add(conversations);
        return l;
    }

    /** Builder with every default documented on {@link SimulatorConfig}'s accessors. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String token = "dapi-genie-simulator-token";
        private String forbiddenToken = "dapi-genie-simulator-no-permission";
        private String spaceId = "01f0a1b2c3d4e5f60718293a4b5c6d7e";
        private String spaceTitle = "Simulated Genie space";
        private String warehouseId = "5e1a1a7ed0c0ffee";
        private long userId = 4242424242424242L;
        private double timeScale = 1.0;
        private long seed = 42;
        private int qpm = 5;
        private RateLimitStyle rateLimitStyle = RateLimitStyle.HTTP_429;
        private int warehouseSlots = 10;
        private double textOnlyRate = 0.1;
        private final Map<String, LatencyRange> phaseLatency = new LinkedHashMap<>();
        private double failRate;
        private String failErrorType = "SQL_EXECUTION_EXCEPTION";
        private double cancelRate;
        private double expireRate;
        private long expireAfterMs = 60_000;
        private double http500Rate;
        private double http503Rate;
        private double slowRate;
        private long slowMs = 5_000;
        private double hangRate;
        private long hangMs = 600_000;
        private double dropRate;
        private Path conversations;
        private int maxConnections = 10_000;
        private int embeddingDimensions = 1024;
        private LatencyRange statementLatency = new LatencyRange(200, 2_000);
        private String lakebaseHost = "127.0.0.1";
        private int lakebasePort = 5432;
        private String clientId = "genie-simulator-client";
        private String clientSecret = "genie-simulator-secret";
        private Clock clock = Clock.SYSTEM;

        private Builder() {
            // Defaults sum to about 5 s (all minimums) .. 30 s (all maximums) for an answer with SQL.
            phaseLatency.put("SUBMITTED", new LatencyRange(300, 800));
            phaseLatency.put("FETCHING_METADATA", new LatencyRange(700, 2_000));
            phaseLatency.put("FILTERING_CONTEXT", new LatencyRange(500, 2_500));
            phaseLatency.put("ASKING_AI", new LatencyRange(2_500, 14_000));
            phaseLatency.put("PENDING_WAREHOUSE", new LatencyRange(0, 500));
            phaseLatency.put("EXECUTING_QUERY", new LatencyRange(1_000, 10_000));
        }

        public Builder host(String v) {
            host = requireText("host", v);
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder token(String v) {
            token = requireText("token", v);
            return this;
        }

        public Builder forbiddenToken(String v) {
            forbiddenToken = requireText("forbidden-token", v);
            return this;
        }

        public Builder spaceId(String v) {
            spaceId = requireText("space-id", v);
            return this;
        }

        public Builder spaceTitle(String v) {
            spaceTitle = requireText("space-title", v);
            return this;
        }

        public Builder warehouseId(String v) {
            warehouseId = requireText("warehouse-id", v);
            return this;
        }

        public Builder userId(long v) {
            userId = v;
            return this;
        }

        public Builder timeScale(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new SimulatorConfigException("time-scale", "option --time-scale must be greater than 0");
            }
            timeScale = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder qpm(int v) {
            qpm = Math.max(0, v);
            return this;
        }

        public Builder rateLimitStyle(RateLimitStyle v) {
            rateLimitStyle = Objects.requireNonNull(v);
            return this;
        }

        public Builder warehouseSlots(int v) {
            if (v < 1) {
                throw new SimulatorConfigException("warehouse-slots", "option --warehouse-slots must be at least 1");
            }
            warehouseSlots = v;
            return this;
        }

        public Builder textOnlyRate(double v) {
            textOnlyRate = rate("text-only-rate", v);
            return this;
        }

        /** Latency of one phase; {@code phase} is one of {@link #PHASES}. */
        public Builder phaseLatency(String phase, LatencyRange v) {
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException("unknown phase " + phase + ", expected one of " + PHASES);
            }
            phaseLatency.put(phase, Objects.requireNonNull(v));
            return this;
        }

        /** The same latency for every phase: handy in tests. */
        public Builder allPhases(LatencyRange v) {
            for (String p : PHASES) {
                phaseLatency.put(p, v);
            }
            return this;
        }

        public Builder failRate(double v) {
            failRate = rate("fail-rate", v);
            return this;
        }

        public Builder failErrorType(String v) {
            failErrorType = requireText("fail-error-type", v).toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder cancelRate(double v) {
            cancelRate = rate("cancel-rate", v);
            return this;
        }

        public Builder expireRate(double v) {
            expireRate = rate("expire-rate", v);
            return this;
        }

        public Builder expireAfterMs(long v) {
            expireAfterMs = Math.max(0, v);
            return this;
        }

        public Builder http500Rate(double v) {
            http500Rate = rate("http-500-rate", v);
            return this;
        }

        public Builder http503Rate(double v) {
            http503Rate = rate("http-503-rate", v);
            return this;
        }

        public Builder slowRate(double v) {
            slowRate = rate("slow-rate", v);
            return this;
        }

        public Builder slowMs(long v) {
            slowMs = Math.max(0, v);
            return this;
        }

        public Builder hangRate(double v) {
            hangRate = rate("hang-rate", v);
            return this;
        }

        public Builder hangMs(long v) {
            hangMs = Math.max(0, v);
            return this;
        }

        public Builder dropRate(double v) {
            dropRate = rate("drop-rate", v);
            return this;
        }

        public Builder conversations(Path v) {
            conversations = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = Math.max(1, v);
            return this;
        }

        public Builder embeddingDimensions(int v) {
            embeddingDimensions = Math.max(8, v);
            return this;
        }

        public Builder statementLatency(LatencyRange v) {
            statementLatency = Objects.requireNonNull(v);
            return this;
        }

        public Builder lakebaseHost(String v) {
            lakebaseHost = requireText("lakebase-host", v);
            return this;
        }

        public Builder lakebasePort(int v) {
            lakebasePort = v;
            return this;
        }

        public Builder clientId(String v) {
            clientId = requireText("client-id", v);
            return this;
        }

        public Builder clientSecret(String v) {
            clientSecret = requireText("client-secret", v);
            return this;
        }

        /** Source of time; tests pass a hand-moved clock. Default {@link Clock#SYSTEM}. */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        public SimulatorConfig build() {
            if (token.equals(forbiddenToken)) {
                throw new SimulatorConfigException("forbidden-token",
                        "option --forbidden-token must differ from --token");
            }
            return new SimulatorConfig(this);
        }

        private static double rate(String option, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new SimulatorConfigException(option, "option --" + option + " must be between 0 and 1");
            }
            return v;
        }

        private static String requireText(String option, String v) {
            if (v == null || v.isBlank()) {
                throw new SimulatorConfigException(option, "option --" + option + " must not be empty");
            }
            return v.trim();
        }
    }
}
