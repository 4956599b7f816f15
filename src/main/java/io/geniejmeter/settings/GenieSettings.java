package io.geniejmeter.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The resolved settings of one run: the values of the {@link Settings} catalogue (and any other
 * {@code DATABRICKS_*} / {@code GENIE_*} variable), each with where it came from, read once at an entry point's
 * boundary (command-line parse, JMeter test start) and passed down.
 *
 * <p>A value is taken from the first source that has it, in this order:
 * <ol>
 *   <li><b>overrides</b>: a command-line option, a JMeter property or a field of a JMeter element, each with its own
 *       origin for messages;</li>
 *   <li><b>the environment</b> of the process;</li>
 *   <li><b>the {@code .env} file</b> in the working directory (or the file named by {@code GENIE_ENV_FILE}), read by
 *       {@link DotEnvFile};</li>
 *   <li><b>the default</b> declared in the catalogue.</li>
 * </ol>
 * A blank value counts as not set, so an empty field or {@code GENIE_SAMPLE_SIZE=} falls through to the next source.
 * Values are checked by their setting's one rule ({@link SettingType}) when read: a bad value is an error that names
 * the setting, where it came from (option, property, field, {@code .env} line) and what to write instead. Databricks
 * authentication ({@code ~/.databrickscfg} profiles, OAuth, PAT) is resolved by the SDK from these values.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks every secret; error messages never contain one.
 */
public final class GenieSettings {

    /** Where a value came from, highest precedence first. */
    public enum Source {
        OVERRIDE, ENVIRONMENT, DOTENV, DEFAULT
    }

    /** A value given at the boundary: {@code origin} says where, for messages (e.g. "option --min-wait"). */
    public record Given(String name, String value, String origin) {
    }

    /** Think time bounds in seconds, min at most max: one rule for the pair. */
    public record ThinkTime(double minSeconds, double maxSeconds) {
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

    /** Settings for this process, with {@code overrides} keyed by variable name (origin: "override NAME"). */
    public static GenieSettings load(Map<String, String> overrides) {
        return load(overrides, System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    /** As {@link #load(List, Map, Path)}, overrides keyed by variable name. */
    public static GenieSettings load(Map<String, String> overrides, Map<String, String> environment,
                                     Path workingDirectory) {
        List<Given> list = new ArrayList<>();
        if (overrides != null) {
            overrides.forEach((k, v) -> list.add(new Given(k, v, "override " + k)));
        }
        return load(list, environment, workingDirectory);
    }

    /**
     * Loads settings: {@code overrides} over {@code environment} over the {@code .env} file in
     * {@code workingDirectory} (or the one {@code GENIE_ENV_FILE} names) over defaults. {@code HOME} in
     * {@code environment} locates {@code ~/.databrickscfg}.
     *
     * @throws GenieSettingsException when the {@code .env} file is missing (named by GENIE_ENV_FILE) or malformed
     *                                (naming file and line)
     */
    public static GenieSettings load(List<Given> overrides, Map<String, String> environment,
                                     Path workingDirectory) {
        Map<String, String> env = environment == null ? Map.of() : Map.copyOf(environment);
        Path dir = workingDirectory.toAbsolutePath().normalize();
        Map<String, Value> values = new HashMap<>();
        for (Setting<?> s : Settings.ALL) {
            s.defaultValue().ifPresent(v -> values.put(s.name(), new Value(s.defaultText(), Source.DEFAULT,
                    "the default")));
        }
        Map<String, Value> given = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                given.put(e.getKey(), new Value(e.getValue().strip(), Source.ENVIRONMENT,
                        "environment variable " + e.getKey()));
            }
        }
        for (Given o : overrides == null ? List.<Given>of() : overrides) {
            if (o.name() != null && o.value() != null && !o.value().isBlank()) {
                given.put(o.name(), new Value(o.value().strip(), Source.OVERRIDE, o.origin()));
            }
        }
        Path envFile = envFile(given.get(Settings.GENIE_ENV_FILE.name()), dir);
        if (envFile != null) {
            DotEnvFile dotEnv = DotEnvFile.read(envFile, env::get);
            for (Map.Entry<String, DotEnvFile.Entry> e : dotEnv.entries().entrySet()) {
                if (!e.getValue().value().isBlank()) {
                    values.put(e.getKey(), new Value(e.getValue().value().strip(), Source.DOTENV,
                            envFile + " line " + e.getValue().line()));
                }
            }
        }
        values.putAll(given);
        return new GenieSettings(Map.copyOf(values), env, dir, envFile);
    }

    private static Path envFile(Value explicit, Path dir) {
        if (explicit == null) {
            Path file = dir.resolve(".env");
            return Files.isRegularFile(file) ? file : null;
        }
        Path file;
        try {
            file = dir.resolve(explicit.value()).normalize();
        } catch (InvalidPathException e) {
            throw new GenieSettingsException("GENIE_ENV_FILE (from " + explicit.origin() + ") is not a valid path ("
                    + e.getReason() + "). Name an existing settings file, or unset GENIE_ENV_FILE.");
        }
        if (!Files.isRegularFile(file)) {
            throw new GenieSettingsException("GENIE_ENV_FILE names " + file + " (from " + explicit.origin()
                    + "), which does not exist. Create it (see .env.example) or unset GENIE_ENV_FILE to use .env in "
                    + dir + ".");
        }
        return file;
    }

    /**
     * These settings with {@code setting} given as {@code text} by {@code origin} (a field of a JMeter element, say),
     * over every other source; a blank {@code text} changes nothing. Does not re-read anything.
     */
    public GenieSettings with(Setting<?> setting, String text, String origin) {
        if (text == null || text.isBlank()) {
            return this;
        }
        Map<String, Value> changed = new HashMap<>(values);
        changed.put(setting.name(), new Value(text.strip(), Source.OVERRIDE, origin));
        return new GenieSettings(Map.copyOf(changed), environment, workingDirectory, envFile);
    }

    /**
     * The value of {@code setting}: given, else its default.
     *
     * @throws GenieSettingsException when the value breaks the setting's rule (naming setting, origin and fix)
     * @throws IllegalStateException  when the setting has no default and is not set: use {@link #optional}
     */
    public <T> T value(Setting<T> setting) {
        return optional(setting).orElseThrow(() -> new IllegalStateException(setting.name() + " has no default"));
    }

    /** The value of {@code setting} if given or defaulted; checked as {@link #value} is. */
    public <T> Optional<T> optional(Setting<T> setting) {
        Value v = values.get(setting.name());
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.type().parse(v.value()));
        } catch (IllegalArgumentException e) {
            throw bad(setting, e.getMessage());
        }
    }

    /** {@code setting}'s value, or an error that says how to set it ({@code hint} adds what the value is). */
    public <T> T require(Setting<T> setting, String hint) {
        return optional(setting).orElseThrow(() -> new GenieSettingsException("No " + setting.name() + " set. "
                + setting.option().map(o -> "Pass " + o + ", or set ").orElse("Set ") + setting.name()
                + " in the environment or in " + dotEnvName()
                + setting.property().map(p -> " (in JMeter: -J" + p + "=...)").orElse("") + ". " + hint));
    }

    /** The think time bounds ({@code GENIE_MIN_WAIT}, {@code GENIE_MAX_WAIT}), the minimum at most the maximum. */
    public ThinkTime thinkTime() {
        double min = value(Settings.GENIE_MIN_WAIT);
        double max = value(Settings.GENIE_MAX_WAIT);
        if (min > max) {
            throw new GenieSettingsException("GENIE_MIN_WAIT " + SettingType.formatNumber(min) + " (from "
                    + originOf(Settings.GENIE_MIN_WAIT) + ") is larger than GENIE_MAX_WAIT "
                    + SettingType.formatNumber(max) + " (from " + originOf(Settings.GENIE_MAX_WAIT)
                    + "): make the minimum wait at most the maximum wait.");
        }
        return new ThinkTime(min, max);
    }

    /**
     * Checks every setting of the catalogue that has a value by its rule, and the think-time pair, so that a bad
     * value stops a launcher before anything starts rather than when its first use comes.
     *
     * @return these settings
     * @throws GenieSettingsException for the first bad value, naming the setting, its origin and the fix
     */
    public GenieSettings checkAll() {
        for (Setting<?> setting : Settings.ALL) {
            optional(setting);
        }
        thinkTime();
        return this;
    }

    /** The text of any variable ({@code DATABRICKS_ACCOUNT_ID}, say), default included, unchecked. */
    public Optional<String> raw(String name) {
        Value v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.value());
    }

    /** Whether {@code setting} was given by a user (not just defaulted). */
    public boolean isGiven(Setting<?> setting) {
        Value v = values.get(setting.name());
        return v != null && v.source() != Source.DEFAULT;
    }

    /** Which source the value of {@code name} came from, if it has one. */
    public Optional<Source> sourceOf(String name) {
        Value v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.source());
    }

    /** Where {@code setting}'s value came from, in words (e.g. ".../.env line 4"), for messages. */
    public String originOf(Setting<?> setting) {
        return originOf(setting.name());
    }

    /** Where the value of variable {@code name} came from, in words. */
    public String originOf(String name) {
        Value v = values.get(name);
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

    private String dotEnvName() {
        return envFile().map(Path::toString).orElse(workingDirectory.resolve(".env").toString());
    }

    /**
     * Whether a real Databricks workspace is configured: a host, a config profile, a config file with a
     * {@code [DEFAULT]} profile that has a host, or a Databricks runtime (notebook).
     */
    public boolean workspaceConfigured() {
        if (raw(Settings.DATABRICKS_HOST.name()).isPresent()
                || raw(Settings.DATABRICKS_CONFIG_PROFILE.name()).isPresent()) {
            return true;
        }
        if (environment.containsKey("DATABRICKS_RUNTIME_VERSION")) {
            return true;
        }
        Path cfg = databricksConfigFile();
        return cfg != null && Files.isRegularFile(cfg) && defaultProfileHasHost(cfg);
    }

    /**
     * Where the credentials for the workspace will come from, in words and without any secret, e.g. "personal
     * access token from environment variable DATABRICKS_TOKEN" or "profile DEFAULT of ~/.databrickscfg".
     */
    public String credentialsSource() {
        if (raw(Settings.DATABRICKS_TOKEN.name()).isPresent()) {
            return "personal access token from " + originOf(Settings.DATABRICKS_TOKEN);
        }
        if (raw(Settings.DATABRICKS_CLIENT_SECRET.name()).isPresent()) {
            return "OAuth service principal secret from " + originOf(Settings.DATABRICKS_CLIENT_SECRET);
        }
        Path cfg = databricksConfigFile();
        return "profile " + raw(Settings.DATABRICKS_CONFIG_PROFILE.name()).orElse("DEFAULT") + " of "
                + (cfg == null ? "~/.databrickscfg" : cfg) + " (or the Databricks runtime)";
    }

    /** The Databricks config file the SDK would read: {@code DATABRICKS_CONFIG_FILE}, else ~/.databrickscfg. */
    Path databricksConfigFile() {
        Optional<String> explicit = raw(Settings.DATABRICKS_CONFIG_FILE.name());
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

    private GenieSettingsException bad(Setting<?> setting, String what) {
        // A password written into a URL by mistake is masked too: the message goes to logs and consoles.
        String shown = isSecret(setting.name()) ? "****" : "\"" + SettingType.PASSWORD_IN_URL.matcher(
                raw(setting.name()).orElse("")).replaceAll("$1****") + "\"";
        return new GenieSettingsException(setting.name() + "=" + shown + " (from " + originOf(setting) + ") " + what
                + (setting.defaultValue().isPresent() ? "; e.g. " + setting.name() + "=" + setting.defaultText()
                : "") + ".");
    }

    /** Whether {@code key} holds a secret (declared as one, or named like one): masked in every output. */
    public static boolean isSecret(String key) {
        return Settings.named(key).map(Setting::secret).orElse(false)
                || SECRET_NAME.matcher(key.toUpperCase(Locale.ROOT)).matches();
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b != null && !b.isBlank() ? b.strip() : null;
    }

    /**
     * The catalogue's settings plus any other {@code DATABRICKS_*} / {@code GENIE_*} key that is set, with value
     * (secrets as {@code ****}) and origin. Safe to log.
     */
    @Override
    public String toString() {
        Map<String, Value> shown = new TreeMap<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            if (Settings.named(e.getKey()).isPresent() || e.getKey().startsWith("DATABRICKS_")
                    || e.getKey().startsWith("GENIE_")) {
                shown.put(e.getKey(), e.getValue());
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(".env=" + (envFile == null ? "(none)" : envFile.toString()));
        for (Map.Entry<String, Value> e : shown.entrySet()) {
            String value = isSecret(e.getKey()) ? "****" : e.getValue().value();
            parts.add(e.getKey() + "=" + value + " [" + e.getValue().origin() + "]");
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
