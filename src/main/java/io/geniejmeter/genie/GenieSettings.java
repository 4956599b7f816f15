package io.geniejmeter.genie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one settings loader used by every entry point (command-line tools, JMeter elements, benchmarks, notebooks).
 *
 * <p>Keys are the original tool's environment variable names ({@code DATABRICKS_HOST}, {@code GENIE_SPACE_ID}, ...;
 * see {@link #VARIABLES}). A value is taken from the first source that has it, in this order:
 * <ol>
 *   <li><b>explicit overrides</b>: a command-line option or a JMeter property, passed to {@link #load(Map)};</li>
 *   <li><b>the environment</b> of the process;</li>
 *   <li><b>the {@code .env} file</b> in the working directory (or the file named by {@code GENIE_ENV_FILE}), read by
 *       {@link DotEnvFile};</li>
 *   <li><b>the documented default</b> of the variable, if it has one.</li>
 * </ol>
 * A blank value counts as not set, so an empty JMeter property or {@code GENIE_SAMPLE_SIZE=} falls through to the
 * next source. Databricks authentication ({@code ~/.databrickscfg} profiles, OAuth, PAT) is resolved by the SDK from
 * the values this loader feeds it: see {@link WorkspaceClients}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks every secret; error messages never contain one.
 */
public final class GenieSettings {

    /** Where a value came from, highest precedence first. */
    public enum Source {
        OVERRIDE("command-line option or JMeter property"),
        ENVIRONMENT("environment variable"),
        DOTENV(".env file"),
        DEFAULT("default");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** Words for error messages, e.g. "environment variable". */
        public String description() {
            return description;
        }
    }

    public static final String DATABRICKS_HOST = "DATABRICKS_HOST";
    public static final String DATABRICKS_TOKEN = "DATABRICKS_TOKEN";
    public static final String DATABRICKS_CLIENT_ID = "DATABRICKS_CLIENT_ID";
    public static final String DATABRICKS_CLIENT_SECRET = "DATABRICKS_CLIENT_SECRET";
    public static final String DATABRICKS_CONFIG_PROFILE = "DATABRICKS_CONFIG_PROFILE";
    public static final String DATABRICKS_CONFIG_FILE = "DATABRICKS_CONFIG_FILE";
    public static final String DATABRICKS_AUTH_TYPE = "DATABRICKS_AUTH_TYPE";
    public static final String GENIE_ENV_FILE = "GENIE_ENV_FILE";
    public static final String GENIE_SPACE_ID = "GENIE_SPACE_ID";
    public static final String GENIE_CONVERSATIONS_FILE = "GENIE_CONVERSATIONS_FILE";
    public static final String GENIE_MIN_WAIT = "GENIE_MIN_WAIT";
    public static final String GENIE_MAX_WAIT = "GENIE_MAX_WAIT";
    public static final String GENIE_SAMPLE_SIZE = "GENIE_SAMPLE_SIZE";
    public static final String GENIE_SAMPLE_SEED = "GENIE_SAMPLE_SEED";
    public static final String GENIE_TIMEOUT_SECONDS = "GENIE_TIMEOUT_SECONDS";
    public static final String GENIE_FETCH_QUERY_RESULT = "GENIE_FETCH_QUERY_RESULT";
    public static final String GENIE_POLL_INTERVAL_MS = "GENIE_POLL_INTERVAL_MS";
    public static final String GENIE_HTTP_TIMEOUT_SECONDS = "GENIE_HTTP_TIMEOUT_SECONDS";
    public static final String GENIE_WAREHOUSE_ID = "GENIE_WAREHOUSE_ID";
    public static final String GENIE_LAKEBASE_CLIENT_ID = "GENIE_LAKEBASE_CLIENT_ID";
    public static final String GENIE_LAKEBASE_CLIENT_SECRET = "GENIE_LAKEBASE_CLIENT_SECRET";
    public static final String GENIE_LAKEBASE_INSTANCE = "GENIE_LAKEBASE_INSTANCE";
    public static final String GENIE_CACHE_TTL = "GENIE_CACHE_TTL";
    public static final String GENIE_SIMILARITY_THRESHOLD = "GENIE_SIMILARITY_THRESHOLD";
    public static final String GENIE_LRU_CAPACITY = "GENIE_LRU_CAPACITY";
    public static final String GENIE_CACHE_CAPACITY = "GENIE_CACHE_CAPACITY";
    public static final String GENIE_CONTEXT_WINDOW_SIZE = "GENIE_CONTEXT_WINDOW_SIZE";
    public static final String GENIE_CONTEXT_SIMILARITY_THRESHOLD = "GENIE_CONTEXT_SIMILARITY_THRESHOLD";
    public static final String GENIE_EMBEDDING_MODEL = "GENIE_EMBEDDING_MODEL";

    private static final String AUTH = "Databricks workspace and authentication";
    private static final String TEST = "Genie space and load test";
    private static final String CLIENT = "Genie client (measurement)";
    private static final String CACHE = "Caches (cached load tests)";

    /** Every documented variable, in {@code .env.example} order. */
    public static final List<GenieVariable> VARIABLES = List.of(
            new GenieVariable(DATABRICKS_HOST, null, false, AUTH,
                    "Workspace URL, e.g. https://your-workspace.cloud.databricks.com."
                            + " Unset (and no profile): every command targets the embedded Genie simulator"),
            new GenieVariable(DATABRICKS_TOKEN, null, true, AUTH,
                    "Personal access token (PAT auth); use either this or the client id/secret pair"),
            new GenieVariable(DATABRICKS_CLIENT_ID, null, false, AUTH,
                    "OAuth M2M: application id of a service principal"),
            new GenieVariable(DATABRICKS_CLIENT_SECRET, null, true, AUTH,
                    "OAuth M2M: secret of that service principal"),
            new GenieVariable(DATABRICKS_CONFIG_PROFILE, null, false, AUTH,
                    "Profile of ~/.databrickscfg to use (host + credentials); DEFAULT is used when nothing else is"
                            + " set"),
            new GenieVariable(DATABRICKS_CONFIG_FILE, null, false, AUTH,
                    "Path of the Databricks config file (default ~/.databrickscfg)"),
            new GenieVariable(DATABRICKS_AUTH_TYPE, null, false, AUTH,
                    "Force one auth method (pat, oauth-m2m, databricks-cli, ...) when several are configured"),
            new GenieVariable(GENIE_ENV_FILE, null, false, AUTH,
                    "Settings file to read instead of .env in the working directory (command line or environment"
                            + " only)"),
            new GenieVariable(GENIE_SPACE_ID, null, false, TEST,
                    "Genie space to export from / load test (the last part of the space's URL)"),
            new GenieVariable(GENIE_CONVERSATIONS_FILE, "conversations.yaml", false, TEST,
                    "Conversation file to replay, as written by bin/export-conversations"),
            new GenieVariable(GENIE_MIN_WAIT, "8", false, TEST,
                    "Shortest think time between conversations of one user, seconds (between the messages of one"
                            + " conversation: half of it)"),
            new GenieVariable(GENIE_MAX_WAIT, "30", false, TEST,
                    "Longest think time between conversations of one user, seconds (between messages: half)"),
            new GenieVariable(GENIE_SAMPLE_SIZE, null, false, TEST,
                    "Replay only this many conversations, sampled once (unset: all of them)"),
            new GenieVariable(GENIE_SAMPLE_SEED, null, false, TEST,
                    "Seed of the sample and of the replay order, for reproducible runs (unset: random)"),
            new GenieVariable(GENIE_TIMEOUT_SECONDS, "600", false, CLIENT,
                    "Give up on a message that has not reached a final status after this many seconds (outcome"
                            + " TIMEOUT)"),
            new GenieVariable(GENIE_FETCH_QUERY_RESULT, "true", false, CLIENT,
                    "After COMPLETED, also fetch the query result as the Genie UI does (true/false)"),
            new GenieVariable(GENIE_POLL_INTERVAL_MS, "1000", false, CLIENT,
                    "Average time between two polls of one message, milliseconds (polls are sparse early and"
                            + " dense near the expected end, within this budget)"),
            new GenieVariable(GENIE_HTTP_TIMEOUT_SECONDS, "60", false, CLIENT,
                    "Connect and read timeout of a single HTTP request, seconds (outcome TIMEOUT)"),
            new GenieVariable(GENIE_WAREHOUSE_ID, null, false, CACHE,
                    "SQL warehouse that re-runs cached SQL on a cache hit"),
            new GenieVariable(GENIE_LAKEBASE_CLIENT_ID, null, false, CACHE,
                    "Service principal application id used to log in to Lakebase"),
            new GenieVariable(GENIE_LAKEBASE_CLIENT_SECRET, null, true, CACHE,
                    "Secret of that service principal"),
            new GenieVariable(GENIE_LAKEBASE_INSTANCE, null, false, CACHE,
                    "Lakebase database instance name holding the semantic cache"),
            new GenieVariable(GENIE_CACHE_TTL, "86400", false, CACHE,
                    "Lifetime of a cache entry, seconds"),
            new GenieVariable(GENIE_SIMILARITY_THRESHOLD, "0.85", false, CACHE,
                    "Semantic cache: least question similarity for a hit (0..1)"),
            new GenieVariable(GENIE_LRU_CAPACITY, "100", false, CACHE,
                    "Exact-match (LRU) cache: most entries kept"),
            new GenieVariable(GENIE_CACHE_CAPACITY, "1000", false, CACHE,
                    "In-memory semantic cache: most entries kept"),
            new GenieVariable(GENIE_CONTEXT_WINDOW_SIZE, "3", false, CACHE,
                    "Semantic cache: how many previous messages form the conversation context"),
            new GenieVariable(GENIE_CONTEXT_SIMILARITY_THRESHOLD, "0.80", false, CACHE,
                    "Semantic cache: least context similarity for a hit (0..1)"),
            new GenieVariable(GENIE_EMBEDDING_MODEL, "databricks-gte-large-en", false, CACHE,
                    "Model serving endpoint that embeds questions for the semantic cache"));

    private static final Map<String, GenieVariable> BY_NAME;

    static {
        Map<String, GenieVariable> byName = new LinkedHashMap<>();
        for (GenieVariable v : VARIABLES) {
            byName.put(v.name(), v);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_KEY|PRIVATE_KEY).*");

    /** A resolved value and where it came from. */
    private record Value(String value, Source source, String origin) {
    }

    private final Map<String, Value> values;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path envFile;

    private GenieSettings(Map<String, Value> values, Map<String, String> environment, Path workingDirectory,
                          Path envFile) {
        this.values = values;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.envFile = envFile;
    }

    /**
     * Loads settings for this process: {@code overrides} (command-line options or JMeter properties, keyed by
     * variable name; may be empty) over the process environment over {@code .env} in the working directory over
     * defaults.
     *
     * @throws GenieSettingsException when the {@code .env} file is malformed (naming file and line)
     */
    public static GenieSettings load(Map<String, String> overrides) {
        return load(overrides, System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    /**
     * As {@link #load(Map)}, with the environment and working directory given (for tests, and for entry points that
     * run elsewhere, such as notebooks). {@code HOME} in {@code environment} locates {@code ~/.databrickscfg}.
     */
    public static GenieSettings load(Map<String, String> overrides, Map<String, String> environment,
                                     Path workingDirectory) {
        Map<String, String> over = overrides == null ? Map.of() : overrides;
        Map<String, String> env = environment == null ? Map.of() : Map.copyOf(environment);
        Path dir = workingDirectory.toAbsolutePath().normalize();

        Path envFile = null;
        String explicitEnvFile = firstNonBlank(over.get(GENIE_ENV_FILE), env.get(GENIE_ENV_FILE));
        if (explicitEnvFile != null) {
            envFile = dir.resolve(explicitEnvFile).normalize();
            if (!Files.isRegularFile(envFile)) {
                throw new GenieSettingsException("GENIE_ENV_FILE names " + envFile + ", which does not exist."
                        + " Create it (see .env.example) or unset GENIE_ENV_FILE to use .env in " + dir + ".");
            }
        } else if (Files.isRegularFile(dir.resolve(".env"))) {
            envFile = dir.resolve(".env");
        }

        Map<String, Value> values = new HashMap<>();
        for (GenieVariable v : VARIABLES) {
            if (v.defaultValue() != null) {
                values.put(v.name(), new Value(v.defaultValue(), Source.DEFAULT, "default"));
            }
        }
        if (envFile != null) {
            DotEnvFile dotEnv = DotEnvFile.read(envFile, env::get);
            for (Map.Entry<String, DotEnvFile.Entry> e : dotEnv.entries().entrySet()) {
                if (!e.getValue().value().isBlank()) {
                    values.put(e.getKey(), new Value(e.getValue().value().strip(), Source.DOTENV,
                            envFile + " line " + e.getValue().line()));
                }
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                values.put(e.getKey(), new Value(e.getValue().strip(), Source.ENVIRONMENT,
                        "environment variable " + e.getKey()));
            }
        }
        for (Map.Entry<String, String> e : over.entrySet()) {
            if (e.getKey() != null && e.getValue() != null && !e.getValue().isBlank()) {
                values.put(e.getKey(), new Value(e.getValue().strip(), Source.OVERRIDE,
                        "command-line option or JMeter property " + e.getKey()));
            }
        }
        return new GenieSettings(Collections.unmodifiableMap(values), env, dir, envFile);
    }

    /** The effective value of {@code key} (any variable name, documented or not), default included. */
    public Optional<String> get(String key) {
        Value v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.value());
    }

    /** Which source the effective value of {@code key} came from, if it has one. */
    public Optional<Source> sourceOf(String key) {
        Value v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.source());
    }

    /** Where {@code key}'s value came from, in words (e.g. ".env line 4"), for messages. */
    public String originOf(String key) {
        Value v = values.get(key);
        return v == null ? "not set" : v.origin();
    }

    /** The {@code .env} file that was read, if any. */
    public Optional<Path> envFile() {
        return Optional.ofNullable(envFile);
    }

    /** The directory relative paths (conversation file, {@code .env}) are resolved against. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * Whether a real Databricks workspace is configured: a host, a config profile, a config file with a
     * {@code [DEFAULT]} profile that has a host, or a Databricks runtime (notebook). When false, entry points use
     * the embedded Genie simulator.
     */
    public boolean workspaceConfigured() {
        if (get(DATABRICKS_HOST).isPresent() || get(DATABRICKS_CONFIG_PROFILE).isPresent()) {
            return true;
        }
        if (environment.containsKey("DATABRICKS_RUNTIME_VERSION")) {
            return true;
        }
        Path cfg = databricksConfigFile();
        return cfg != null && Files.isRegularFile(cfg) && defaultProfileHasHost(cfg);
    }

    /** The Databricks config file the SDK would read: {@code DATABRICKS_CONFIG_FILE}, else ~/.databrickscfg. */
    Path databricksConfigFile() {
        Optional<String> explicit = get(DATABRICKS_CONFIG_FILE);
        String home = firstNonBlank(environment.get("HOME"), System.getProperty("user.home"));
        if (explicit.isPresent()) {
            String path = explicit.get();
            if (path.startsWith("~") && home != null) {
                path = home + path.substring(1);
            }
            return workingDirectory.resolve(path);
        }
        return home == null ? null : Path.of(home, ".databrickscfg");
    }

    private static boolean defaultProfileHasHost(Path cfg) {
        try {
            boolean inDefault = false;
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("[") && t.endsWith("]")) {
                    inDefault = t.substring(1, t.length() - 1).strip().equals("DEFAULT");
                } else if (inDefault && t.matches("host\\s*[=:].*")) {
                    return !t.replaceFirst("host\\s*[=:]", "").isBlank();
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Typed accessors for the original tool's variables. Each validates and names the source on a bad value.

    /** {@code GENIE_SPACE_ID}, if set. */
    public Optional<String> spaceId() {
        return get(GENIE_SPACE_ID);
    }

    /**
     * {@code GENIE_SPACE_ID}, or a clear error telling the user how to set it.
     *
     * @param option the command-line option that also sets it (e.g. {@code --space-id}), named in the message
     */
    public String requireSpaceId(String option) {
        return spaceId().orElseThrow(() -> new GenieSettingsException("No Genie space id. Pass " + option
                + " <id>, or set GENIE_SPACE_ID in the environment or in "
                + envFile().map(Path::toString).orElse(workingDirectory.resolve(".env").toString())
                + ". The id is the last part of the space's URL (.../genie/rooms/<id>)."));
    }

    /** {@code GENIE_CONVERSATIONS_FILE} (default {@code conversations.yaml}), resolved against the working dir. */
    public Path conversationsFile() {
        return workingDirectory.resolve(get(GENIE_CONVERSATIONS_FILE).orElse("conversations.yaml"));
    }

    /** {@code GENIE_MIN_WAIT}: shortest think time between conversations, seconds (default 8, at least 0). */
    public double minWaitSeconds() {
        double min = getDouble(GENIE_MIN_WAIT, 8);
        requireRange(GENIE_MIN_WAIT, min, 0, Double.MAX_VALUE, "seconds, 0 or more");
        double max = getDouble(GENIE_MAX_WAIT, 30);
        if (min > max) {
            throw new GenieSettingsException("GENIE_MIN_WAIT (" + fmt(min) + ", from " + originOf(GENIE_MIN_WAIT)
                    + ") is larger than GENIE_MAX_WAIT (" + fmt(max) + ", from " + originOf(GENIE_MAX_WAIT)
                    + "). Make the minimum wait at most the maximum wait.");
        }
        return min;
    }

    /** {@code GENIE_MAX_WAIT}: longest think time between conversations, seconds (default 30, at least the min). */
    public double maxWaitSeconds() {
        minWaitSeconds();
        return getDouble(GENIE_MAX_WAIT, 30);
    }

    /** {@code GENIE_SAMPLE_SIZE}: how many conversations to sample (at least 1); empty means all. */
    public OptionalInt sampleSize() {
        if (get(GENIE_SAMPLE_SIZE).isEmpty()) {
            return OptionalInt.empty();
        }
        int n = getInt(GENIE_SAMPLE_SIZE, 0);
        requireRange(GENIE_SAMPLE_SIZE, n, 1, Integer.MAX_VALUE, "a whole number of conversations, 1 or more");
        return OptionalInt.of(n);
    }

    /** {@code GENIE_SAMPLE_SEED}: seed for sampling and replay order; empty means random. */
    public OptionalLong sampleSeed() {
        return get(GENIE_SAMPLE_SEED).isEmpty() ? OptionalLong.empty() : OptionalLong.of(getLong(GENIE_SAMPLE_SEED, 0));
    }

    /** {@code GENIE_TIMEOUT_SECONDS}: client-side limit for one question (default 600 s = 10 minutes). */
    public Duration clientTimeout() {
        double s = getDouble(GENIE_TIMEOUT_SECONDS, 600);
        requireRange(GENIE_TIMEOUT_SECONDS, s, 0.001, 86_400, "seconds, more than 0 and at most 86400");
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** {@code GENIE_FETCH_QUERY_RESULT}: fetch the query result after COMPLETED, as the UI does (default true). */
    public boolean fetchQueryResult() {
        return getBoolean(GENIE_FETCH_QUERY_RESULT, true);
    }

    /** {@code GENIE_POLL_INTERVAL_MS}: average poll interval budget of one message (default 1000 ms, 50..60000). */
    public Duration pollInterval() {
        long ms = getLong(GENIE_POLL_INTERVAL_MS, 1000);
        requireRange(GENIE_POLL_INTERVAL_MS, ms, 50, 60_000, "milliseconds between 50 and 60000");
        return Duration.ofMillis(ms);
    }

    /** {@code GENIE_HTTP_TIMEOUT_SECONDS}: connect/read timeout of one HTTP request (default 60 s, 1..3600). */
    public int httpTimeoutSeconds() {
        int s = getInt(GENIE_HTTP_TIMEOUT_SECONDS, 60);
        requireRange(GENIE_HTTP_TIMEOUT_SECONDS, s, 1, 3600, "whole seconds between 1 and 3600");
        return s;
    }

    /** {@code GENIE_WAREHOUSE_ID}, if set. */
    public Optional<String> warehouseId() {
        return get(GENIE_WAREHOUSE_ID);
    }

    /** {@code GENIE_LAKEBASE_CLIENT_ID}, if set. */
    public Optional<String> lakebaseClientId() {
        return get(GENIE_LAKEBASE_CLIENT_ID);
    }

    /** {@code GENIE_LAKEBASE_CLIENT_SECRET}, if set. A secret: never log it. */
    public Optional<String> lakebaseClientSecret() {
        return get(GENIE_LAKEBASE_CLIENT_SECRET);
    }

    /** {@code GENIE_LAKEBASE_INSTANCE}, if set. */
    public Optional<String> lakebaseInstance() {
        return get(GENIE_LAKEBASE_INSTANCE);
    }

    /** {@code GENIE_CACHE_TTL}: cache entry lifetime (default 86400 s; more than 0). */
    public Duration cacheTtl() {
        long s = getLong(GENIE_CACHE_TTL, 86_400);
        requireRange(GENIE_CACHE_TTL, s, 1, Long.MAX_VALUE / 1000, "whole seconds, 1 or more");
        return Duration.ofSeconds(s);
    }

    /** {@code GENIE_SIMILARITY_THRESHOLD}: least question similarity for a semantic hit (default 0.85, 0..1). */
    public double similarityThreshold() {
        double t = getDouble(GENIE_SIMILARITY_THRESHOLD, 0.85);
        requireRange(GENIE_SIMILARITY_THRESHOLD, t, 0, 1, "a number between 0 and 1");
        return t;
    }

    /** {@code GENIE_CONTEXT_SIMILARITY_THRESHOLD}: least context similarity for a hit (default 0.80, 0..1). */
    public double contextSimilarityThreshold() {
        double t = getDouble(GENIE_CONTEXT_SIMILARITY_THRESHOLD, 0.80);
        requireRange(GENIE_CONTEXT_SIMILARITY_THRESHOLD, t, 0, 1, "a number between 0 and 1");
        return t;
    }

    /** {@code GENIE_LRU_CAPACITY}: most entries of the exact-match cache (default 100, 1 or more). */
    public int lruCapacity() {
        int n = getInt(GENIE_LRU_CAPACITY, 100);
        requireRange(GENIE_LRU_CAPACITY, n, 1, Integer.MAX_VALUE, "a whole number of entries, 1 or more");
        return n;
    }

    /** {@code GENIE_CACHE_CAPACITY}: most entries of the in-memory semantic cache (default 1000, 1 or more). */
    public int cacheCapacity() {
        int n = getInt(GENIE_CACHE_CAPACITY, 1000);
        requireRange(GENIE_CACHE_CAPACITY, n, 1, Integer.MAX_VALUE, "a whole number of entries, 1 or more");
        return n;
    }

    /** {@code GENIE_CONTEXT_WINDOW_SIZE}: previous messages forming the context (default 3, 0 or more). */
    public int contextWindowSize() {
        int n = getInt(GENIE_CONTEXT_WINDOW_SIZE, 3);
        requireRange(GENIE_CONTEXT_WINDOW_SIZE, n, 0, 1000, "a whole number of messages between 0 and 1000");
        return n;
    }

    /** {@code GENIE_EMBEDDING_MODEL}: embedding endpoint name (default databricks-gte-large-en). */
    public String embeddingModel() {
        return get(GENIE_EMBEDDING_MODEL).orElse("databricks-gte-large-en");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generic typed getters, for variables owned by other packages.

    /** {@code key} as a whole number, or {@code defaultValue} when unset; a clear error when not a number. */
    public int getInt(String key, int defaultValue) {
        long v = getLong(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(key, "is too large; use a whole number below " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** {@code key} as a whole number, or {@code defaultValue} when unset; a clear error when not a number. */
    public long getLong(String key, long defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String s = raw.get().replace("_", "");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(key, "is not a whole number; write digits only, e.g. " + key + "=" + defaultValue);
        }
    }

    /** {@code key} as a decimal number, or {@code defaultValue} when unset; a clear error when not a number. */
    public double getDouble(String key, double defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(raw.get());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, "is not a number; write a whole or decimal number with a '.', e.g. " + key + "="
                    + fmt(defaultValue));
        }
    }

    /**
     * {@code key} as a boolean ({@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case), or
     * {@code defaultValue} when unset.
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw bad(key, "is not true or false; write " + key + "=true or " + key + "=false");
        }
    }

    private void requireRange(String key, double value, double min, double max, String expected) {
        if (value < min || value > max) {
            throw bad(key, "is out of range; expected " + expected);
        }
    }

    private GenieSettingsException bad(String key, String what) {
        String shown = isSecret(key) ? "****" : "\"" + get(key).orElse("") + "\"";
        return new GenieSettingsException(key + "=" + shown + " (from " + originOf(key) + ") " + what + ".");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Whether {@code key} holds a secret (documented as one, or named like one): masked in every output. */
    public static boolean isSecret(String key) {
        GenieVariable v = BY_NAME.get(key);
        return (v != null && v.secret()) || SECRET_NAME.matcher(key.toUpperCase(Locale.ROOT)).matches();
    }

    /** The documented variable called {@code name}, if there is one. */
    public static Optional<GenieVariable> variable(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b != null && !b.isBlank() ? b.strip() : null;
    }

    /**
     * The documented variables plus any other {@code DATABRICKS_*} / {@code GENIE_*} key that is set, with value
     * (secrets as {@code ****}) and source. Safe to log.
     */
    @Override
    public String toString() {
        Map<String, Value> shown = new TreeMap<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            if (BY_NAME.containsKey(e.getKey()) || e.getKey().startsWith("DATABRICKS_")
                    || e.getKey().startsWith("GENIE_")) {
                shown.put(e.getKey(), e.getValue());
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(".env=" + (envFile == null ? "(none)" : envFile.toString()));
        for (Map.Entry<String, Value> e : shown.entrySet()) {
            String value = isSecret(e.getKey()) ? "****" : e.getValue().value();
            parts.add(e.getKey() + "=" + value + " [" + e.getValue().source().description() + "]");
        }
        return "GenieSettings{" + String.join(", ", parts) + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenieSettings other && values.equals(other.values)
                && Objects.equals(envFile, other.envFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, envFile);
    }
}
