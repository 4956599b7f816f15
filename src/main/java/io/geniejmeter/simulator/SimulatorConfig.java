package io.geniejmeter.simulator;

import io.geniejmeter.time.Clock;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Immutable settings of the Genie simulator, one value per option of the catalogue {@link SimulatorOptions} (which
 * holds each option's default, range and meaning) plus the clock, and read per concern: {@link #server()},
 * {@link #timing()}, {@link #rateLimit()}, {@link #data()}, {@link #warehouse()}, {@link #messageFaults()},
 * {@link #requestFaults()}, {@link #auth()}, {@link #lakebase()}.
 *
 * <p>Values come in through {@link #fromOptions(Map)} (keyed by the long option names without dashes, as on
 * {@code bin/genie-simulator} and in the JMeter properties {@code genie.simulator.<name>}) or through the
 * {@link Builder}; both pass every value through the same {@link SimulatorOption#check}, so a value is accepted or
 * refused, with the same message, whichever way it comes. Nothing is clamped.
 */
public final class SimulatorConfig {

    /** The Genie lifecycle phases whose latency is configurable, in order. */
    public static final List<String> PHASES = List.copyOf(SimulatorOptions.BY_PHASE.keySet());

    /** Every option's checked value, in catalogue order; null only for an absent optional one. */
    private final Map<SimulatorOption<?>, Object> values;
    private final Clock clock;
    private final ServerSettings server;
    private final TimingSettings timing;
    private final RateLimitSettings rateLimit;
    private final DataSettings data;
    private final WarehouseSettings warehouse;
    private final MessageFaults messageFaults;
    private final RequestFaults requestFaults;
    private final AuthSettings auth;
    private final LakebaseSettings lakebase;

    private SimulatorConfig(Builder b) {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        clock = b.clock;
        server = new ServerSettings(get(SimulatorOptions.HOST), get(SimulatorOptions.PORT),
                get(SimulatorOptions.MAX_CONNECTIONS), get(SimulatorOptions.ADMIN_FROM_ANYWHERE));
        Map<String, LatencyRange> phases = new LinkedHashMap<>();
        SimulatorOptions.BY_PHASE.forEach((phase, option) -> phases.put(phase, get(option)));
        timing = new TimingSettings(get(SimulatorOptions.TIME_SCALE), phases);
        rateLimit = new RateLimitSettings(get(SimulatorOptions.QPM), get(SimulatorOptions.RATE_LIMIT_STYLE));
        data = new DataSettings(get(SimulatorOptions.SEED), get(SimulatorOptions.CONVERSATIONS),
                get(SimulatorOptions.SPACE_ID), get(SimulatorOptions.SPACE_TITLE),
                get(SimulatorOptions.TEXT_ONLY_RATE), get(SimulatorOptions.EMBEDDING_DIMENSIONS));
        warehouse = new WarehouseSettings(get(SimulatorOptions.WAREHOUSE_ID), get(SimulatorOptions.WAREHOUSE_SLOTS),
                get(SimulatorOptions.STATEMENT_LATENCY), get(SimulatorOptions.QUERY_HISTORY_TABLE),
                get(SimulatorOptions.QUERY_HISTORY_LAG_MS), get(SimulatorOptions.QUERY_HISTORY_FILE));
        messageFaults = new MessageFaults(get(SimulatorOptions.FAIL_RATE), get(SimulatorOptions.FAIL_ERROR_TYPE),
                get(SimulatorOptions.CANCEL_RATE), get(SimulatorOptions.EXPIRE_RATE),
                get(SimulatorOptions.EXPIRE_AFTER_MS), get(SimulatorOptions.STUCK_RATE));
        requestFaults = new RequestFaults(get(SimulatorOptions.HTTP_500_RATE), get(SimulatorOptions.HTTP_503_RATE),
                get(SimulatorOptions.SLOW_RATE), get(SimulatorOptions.SLOW_MS), get(SimulatorOptions.HANG_RATE),
                get(SimulatorOptions.HANG_MS), get(SimulatorOptions.DROP_RATE),
                get(SimulatorOptions.STATEMENT_FAIL_RATE), get(SimulatorOptions.EMBEDDING_FAIL_RATE));
        auth = new AuthSettings(get(SimulatorOptions.TOKEN), get(SimulatorOptions.FORBIDDEN_TOKEN),
                get(SimulatorOptions.CLIENT_ID), get(SimulatorOptions.CLIENT_SECRET));
        lakebase = new LakebaseSettings(get(SimulatorOptions.LAKEBASE_HOST), get(SimulatorOptions.LAKEBASE_PORT),
                get(SimulatorOptions.LAKEBASE_TOKEN_SECONDS));
    }

    /** All defaults: ephemeral port on 127.0.0.1, time scale 1, seed 42, 5 questions per minute. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    /** A builder holding every option's default and the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.clock = clock;
        return b;
    }

    /**
     * Reads settings keyed by the command-line long option names without dashes (a leading {@code --} is
     * tolerated); options not given keep their defaults.
     *
     * @throws SimulatorConfigException naming the option when a key is unknown or a value is blank, unreadable or
     *     out of range
     */
    public static SimulatorConfig fromOptions(Map<String, String> options) {
        Builder b = builder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey().startsWith("--") ? e.getKey().substring(2) : e.getKey();
            SimulatorOption<?> option = SimulatorOptions.BY_NAME.get(key);
            if (option == null) {
                throw new SimulatorConfigException(key, "unknown option --" + key
                        + " (run bin/genie-simulator --help for the list)");
            }
            b.setText(option, e.getValue());
        }
        return b.build();
    }

    /** The options understood by {@link #fromOptions(Map)}, in help order, keyed by long name without dashes. */
    public static Map<String, SimulatorOption<?>> options() {
        return SimulatorOptions.BY_NAME;
    }

    /** The value of one option. */
    @SuppressWarnings("unchecked") // values holds, for each option, a value its check returned
    public <T> T get(SimulatorOption<T> option) {
        return (T) values.get(Objects.requireNonNull(option));
    }

    /** Where it listens and how many connections it serves. */
    public ServerSettings server() {
        return server;
    }

    /** Phase latencies and the time scale. */
    public TimingSettings timing() {
        return timing;
    }

    /** The questions-per-minute limit. */
    public RateLimitSettings rateLimit() {
        return rateLimit;
    }

    /** The space, the seed and the preloaded history. */
    public DataSettings data() {
        return data;
    }

    /** The SQL warehouse. */
    public WarehouseSettings warehouse() {
        return warehouse;
    }

    /** Injected FAILED, CANCELLED and expired messages. */
    public MessageFaults messageFaults() {
        return messageFaults;
    }

    /** Injected HTTP errors, slow, hanging and dropped requests. */
    public RequestFaults requestFaults() {
        return requestFaults;
    }

    /** Accepted tokens and OAuth client. */
    public AuthSettings auth() {
        return auth;
    }

    /** The PostgreSQL server behind the simulated Lakebase instance. */
    public LakebaseSettings lakebase() {
        return lakebase;
    }

    /** Source of time, {@link Clock#SYSTEM} unless a test set another. */
    public Clock clock() {
        return clock;
    }

    /** Every option as {@code name=value} in catalogue order; tokens and the client secret as {@code ****}. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "SimulatorConfig{", "}");
        values.forEach((option, value) -> s.add(option.name() + "=" + option.showUnchecked(value)));
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulatorConfig c && values.equals(c.values) && clock.equals(c.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, clock);
    }

    /**
     * Builder starting from every option's default. Each setter passes its value through the option's
     * {@link SimulatorOption#check}, as {@link SimulatorConfig#fromOptions} does, and throws
     * {@link SimulatorConfigException} at once for a value out of range. Not thread-safe.
     */
    public static final class Builder {
        private final Map<SimulatorOption<?>, Object> values = new LinkedHashMap<>();
        private Clock clock = Clock.SYSTEM;

        private Builder() {
            SimulatorOptions.BY_NAME.values().forEach(o -> values.put(o, o.defaultValue()));
        }

        /** Sets any option of {@link SimulatorOptions}; the typed methods below are shorthands for this. */
        public <T> Builder set(SimulatorOption<T> option, T value) {
            values.put(option, option.check(value));
            return this;
        }

        private <T> void setText(SimulatorOption<T> option, String text) {
            values.put(option, option.parse(text));
        }

        public Builder port(int v) {
            return set(SimulatorOptions.PORT, v);
        }

        public Builder host(String v) {
            return set(SimulatorOptions.HOST, v);
        }

        public Builder maxConnections(int v) {
            return set(SimulatorOptions.MAX_CONNECTIONS, v);
        }

        public Builder adminFromAnywhere(boolean v) {
            return set(SimulatorOptions.ADMIN_FROM_ANYWHERE, v);
        }

        public Builder timeScale(double v) {
            return set(SimulatorOptions.TIME_SCALE, v);
        }

        /** Latency of one phase; {@code phase} is one of {@link #PHASES}. */
        public Builder phaseLatency(String phase, LatencyRange v) {
            SimulatorOption<LatencyRange> option = SimulatorOptions.BY_PHASE.get(phase);
            if (option == null) {
                throw new IllegalArgumentException("unknown phase " + phase + ", expected one of " + PHASES);
            }
            return set(option, v);
        }

        /** The same latency for every phase: handy in tests. */
        public Builder allPhases(LatencyRange v) {
            SimulatorOptions.BY_PHASE.values().forEach(option -> set(option, v));
            return this;
        }

        public Builder qpm(int v) {
            return set(SimulatorOptions.QPM, v);
        }

        public Builder rateLimitStyle(RateLimitStyle v) {
            return set(SimulatorOptions.RATE_LIMIT_STYLE, v);
        }

        public Builder seed(long v) {
            return set(SimulatorOptions.SEED, v);
        }

        /** Conversations YAML to preload, or null for none. */
        public Builder conversations(Path v) {
            return set(SimulatorOptions.CONVERSATIONS, v);
        }

        public Builder spaceId(String v) {
            return set(SimulatorOptions.SPACE_ID, v);
        }

        public Builder spaceTitle(String v) {
            return set(SimulatorOptions.SPACE_TITLE, v);
        }

        public Builder textOnlyRate(double v) {
            return set(SimulatorOptions.TEXT_ONLY_RATE, v);
        }

        public Builder embeddingDimensions(int v) {
            return set(SimulatorOptions.EMBEDDING_DIMENSIONS, v);
        }

        public Builder warehouseId(String v) {
            return set(SimulatorOptions.WAREHOUSE_ID, v);
        }

        public Builder warehouseSlots(int v) {
            return set(SimulatorOptions.WAREHOUSE_SLOTS, v);
        }

        public Builder statementLatency(LatencyRange v) {
            return set(SimulatorOptions.STATEMENT_LATENCY, v);
        }

        public Builder queryHistoryTable(String v) {
            return set(SimulatorOptions.QUERY_HISTORY_TABLE, v);
        }

        public Builder queryHistoryLagMs(long v) {
            return set(SimulatorOptions.QUERY_HISTORY_LAG_MS, v);
        }

        public Builder queryHistoryFile(Path v) {
            return set(SimulatorOptions.QUERY_HISTORY_FILE, v);
        }

        public Builder failRate(double v) {
            return set(SimulatorOptions.FAIL_RATE, v);
        }

        public Builder failErrorType(String v) {
            return set(SimulatorOptions.FAIL_ERROR_TYPE, v);
        }

        public Builder cancelRate(double v) {
            return set(SimulatorOptions.CANCEL_RATE, v);
        }

        public Builder expireRate(double v) {
            return set(SimulatorOptions.EXPIRE_RATE, v);
        }

        public Builder expireAfterMs(long v) {
            return set(SimulatorOptions.EXPIRE_AFTER_MS, v);
        }

        public Builder stuckRate(double v) {
            return set(SimulatorOptions.STUCK_RATE, v);
        }

        public Builder http500Rate(double v) {
            return set(SimulatorOptions.HTTP_500_RATE, v);
        }

        public Builder http503Rate(double v) {
            return set(SimulatorOptions.HTTP_503_RATE, v);
        }

        public Builder slowRate(double v) {
            return set(SimulatorOptions.SLOW_RATE, v);
        }

        public Builder slowMs(long v) {
            return set(SimulatorOptions.SLOW_MS, v);
        }

        public Builder hangRate(double v) {
            return set(SimulatorOptions.HANG_RATE, v);
        }

        public Builder hangMs(long v) {
            return set(SimulatorOptions.HANG_MS, v);
        }

        public Builder dropRate(double v) {
            return set(SimulatorOptions.DROP_RATE, v);
        }

        public Builder statementFailRate(double v) {
            return set(SimulatorOptions.STATEMENT_FAIL_RATE, v);
        }

        public Builder embeddingFailRate(double v) {
            return set(SimulatorOptions.EMBEDDING_FAIL_RATE, v);
        }

        public Builder token(String v) {
            return set(SimulatorOptions.TOKEN, v);
        }

        public Builder forbiddenToken(String v) {
            return set(SimulatorOptions.FORBIDDEN_TOKEN, v);
        }

        public Builder clientId(String v) {
            return set(SimulatorOptions.CLIENT_ID, v);
        }

        public Builder clientSecret(String v) {
            return set(SimulatorOptions.CLIENT_SECRET, v);
        }

        public Builder lakebaseHost(String v) {
            return set(SimulatorOptions.LAKEBASE_HOST, v);
        }

        public Builder lakebasePort(int v) {
            return set(SimulatorOptions.LAKEBASE_PORT, v);
        }

        public Builder lakebaseTokenSeconds(int v) {
            return set(SimulatorOptions.LAKEBASE_TOKEN_SECONDS, v);
        }

        /** Source of time; tests pass a hand-moved clock. Default {@link Clock#SYSTEM}. */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The configuration; the one rule spanning two options is checked here.
         *
         * @throws SimulatorConfigException when --forbidden-token equals --token
         */
        public SimulatorConfig build() {
            if (values.get(SimulatorOptions.TOKEN).equals(values.get(SimulatorOptions.FORBIDDEN_TOKEN))) {
                throw new SimulatorConfigException("forbidden-token",
                        "option --forbidden-token must differ from --token");
            }
            return new SimulatorConfig(this);
        }
    }
}
