package io.geniejmeter.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenieSettingsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/settings");

    @TempDir
    Path dir;

    /** A HOME without ~/.databrickscfg, so the machine's own config never leaks into a test. */
    private Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    private void dotEnv(String fixture) throws IOException {
        Files.copy(FIXTURES.resolve(fixture), dir.resolve(".env"));
    }

    @Test
    void shouldTakeOverrideOverEnvironmentOverDotEnvOverDefault() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(
                Map.of("GENIE_MIN_WAIT", "1"),
                env("GENIE_MIN_WAIT", "2", "GENIE_MAX_WAIT", "20"),
                dir);

        assertEquals(Optional.of("1"), s.raw("GENIE_MIN_WAIT"));
        assertEquals(Optional.of(GenieSettings.Source.OVERRIDE), s.sourceOf("GENIE_MIN_WAIT"));
        assertEquals(Optional.of("20"), s.raw("GENIE_MAX_WAIT"));
        assertEquals(Optional.of(GenieSettings.Source.ENVIRONMENT), s.sourceOf("GENIE_MAX_WAIT"));
        assertEquals(Optional.of("01f0c482e842191587af6a40ad4044d8"), s.optional(Settings.GENIE_SPACE_ID));
        assertEquals(Optional.of(GenieSettings.Source.DOTENV), s.sourceOf("GENIE_SPACE_ID"));
        assertEquals(Optional.of("1000"), s.raw("GENIE_CACHE_CAPACITY"));
        assertEquals(Optional.of(GenieSettings.Source.DEFAULT), s.sourceOf("GENIE_CACHE_CAPACITY"));
        assertEquals(1.0, s.thinkTime().minSeconds());
        assertEquals(20.0, s.thinkTime().maxSeconds());
    }

    @Test
    void shouldReadEveryDotEnvStyleOfTheOriginalTool() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        assertEquals(3.0, s.thinkTime().minSeconds(), "spaces around '=' and trailing comment");
        assertEquals(15.0, s.thinkTime().maxSeconds(), "double quotes");
        assertEquals(Optional.of("https://example.cloud.databricks.com"), s.raw("DATABRICKS_HOST"), "single quotes");
        assertEquals("model#with-hash", s.value(Settings.GENIE_EMBEDDING_MODEL),
                "'#' without a space before it is not a comment");
        assertEquals(Optional.of("wh \"quoted\" # not a comment"), s.optional(Settings.GENIE_WAREHOUSE_ID),
                "escapes inside quotes");
        assertEquals(Optional.of("inst-01"), s.optional(Settings.GENIE_LAKEBASE_INSTANCE), "${NAME:-fallback}");
        assertEquals(Optional.of("01f0c482e842191587af6a40ad4044d8"), s.optional(Settings.GENIE_LAKEBASE_CLIENT_ID),
                "${NAME} of a line above");
        assertTrue(s.optional(Settings.GENIE_SAMPLE_SIZE).isEmpty(), "an empty value counts as unset");
        assertEquals(42L, s.value(Settings.GENIE_SAMPLE_SEED), "the last of a repeated key wins");
        assertEquals(Optional.of(dir.resolve(".env")), s.envFile());
        assertTrue(s.originOf("GENIE_SAMPLE_SEED").endsWith(".env line 14"), s.originOf("GENIE_SAMPLE_SEED"));
    }

    @Test
    void shouldRefuseAPasswordInsideThePostgresUrlWithoutShowingIt() {
        GenieSettings s = GenieSettings.load(Map.of(),
                env("GENIE_PG_URL", "jdbc:postgresql://db:5432/cache?user=app&Password=hunter2-secret&ssl=true"), dir);

        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> s.optional(Settings.GENIE_PG_URL));
        assertTrue(e.getMessage().contains("GENIE_PG_PASSWORD"), e.getMessage());
        assertTrue(e.getMessage().contains("Password=****&ssl=true"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        GenieSettings plain = GenieSettings.load(Map.of(), env("GENIE_PG_URL", "jdbc:postgresql://db:5432/c?user=a"),
                dir);
        assertEquals(Optional.of("jdbc:postgresql://db:5432/c?user=a"), plain.optional(Settings.GENIE_PG_URL));
        GenieSettings mysql = GenieSettings.load(Map.of(), env("GENIE_PG_URL", "jdbc:mysql://db/c"), dir);
        assertTrue(assertThrows(GenieSettingsException.class, () -> mysql.optional(Settings.GENIE_PG_URL))
                .getMessage().contains("PostgreSQL JDBC URL"));
    }

    @Test
    void shouldInterpolateFromTheEnvironmentFirst() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(Map.of(), env("INSTANCE_PREFIX", "prod"), dir);

        assertEquals(Optional.of("prod-01"), s.optional(Settings.GENIE_LAKEBASE_INSTANCE));
    }

    @Test
    void shouldUseDefaultsWhenNothingIsSet() {
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        assertTrue(s.envFile().isEmpty());
        assertTrue(s.optional(Settings.GENIE_SPACE_ID).isEmpty());
        assertEquals(8.0, s.thinkTime().minSeconds());
        assertEquals(30.0, s.thinkTime().maxSeconds());
        assertTrue(s.optional(Settings.GENIE_SAMPLE_SIZE).isEmpty());
        assertTrue(s.optional(Settings.GENIE_SAMPLE_SEED).isEmpty());
        assertEquals("conversations.yaml", s.value(Settings.GENIE_CONVERSATIONS_FILE));
        assertEquals(Duration.ofMinutes(10), s.value(Settings.GENIE_TIMEOUT_SECONDS));
        assertTrue(s.value(Settings.GENIE_FETCH_QUERY_RESULT));
        assertEquals(1000, s.value(Settings.GENIE_POLL_INTERVAL_MS));
        assertEquals(60, s.value(Settings.GENIE_HTTP_TIMEOUT_SECONDS));
        assertEquals(86_400, s.value(Settings.GENIE_CACHE_TTL));
        assertEquals(0.85, s.value(Settings.GENIE_SIMILARITY_THRESHOLD));
        assertEquals(0.80, s.value(Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD));
        assertEquals(100, s.value(Settings.GENIE_LRU_CAPACITY));
        assertEquals(1000, s.value(Settings.GENIE_CACHE_CAPACITY));
        assertEquals(3, s.value(Settings.GENIE_CONTEXT_WINDOW_SIZE));
        assertEquals("databricks-gte-large-en", s.value(Settings.GENIE_EMBEDDING_MODEL));
    }

    @Test
    void shouldTreatBlankOverridesAsUnset() {
        GenieSettings s = GenieSettings.load(Map.of("GENIE_SPACE_ID", "  "), env("GENIE_SPACE_ID", "from-env"), dir);

        assertEquals(Optional.of("from-env"), s.optional(Settings.GENIE_SPACE_ID));
    }

    @Test
    void shouldNameFileAndLineWhenALineHasNoEquals() throws IOException {
        dotEnv("no-equals.env");

        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> GenieSettings.load(Map.of(), env(), dir));

        assertTrue(e.getMessage().contains(dir.resolve(".env") + " line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("KEY=VALUE"), e.getMessage());
        assertFalse(e.getMessage().contains("dapi-oops"), "a malformed line may hold a secret: " + e.getMessage());
    }

    @Test
    void shouldNameFileAndLineWhenAQuoteIsNeverClosed() throws IOException {
        dotEnv("unterminated.env");

        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> GenieSettings.load(Map.of(), env(), dir));

        assertTrue(e.getMessage().contains(".env line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
    }

    @Test
    void shouldNameVariableSourceAndFixWhenANumberIsBad() throws IOException {
        dotEnv("bad-number.env");
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        GenieSettingsException e = assertThrows(GenieSettingsException.class, s::thinkTime);

        assertTrue(e.getMessage().startsWith("GENIE_MIN_WAIT=\"eight\""), e.getMessage());
        assertTrue(e.getMessage().contains(".env line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("GENIE_MIN_WAIT=8"), "says what to write: " + e.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeAndContradictoryValues() {
        GenieSettings minAboveMax = GenieSettings.load(Map.of("GENIE_MIN_WAIT", "40"), env(), dir);
        GenieSettings negativeSample = GenieSettings.load(Map.of("GENIE_SAMPLE_SIZE", "-1"), env(), dir);
        GenieSettings threshold = GenieSettings.load(Map.of(), env("GENIE_SIMILARITY_THRESHOLD", "1.5"), dir);
        GenieSettings notBoolean = GenieSettings.load(Map.of("GENIE_FETCH_QUERY_RESULT", "maybe"), env(), dir);
        GenieSettings fraction = GenieSettings.load(Map.of("GENIE_LRU_CAPACITY", "1.5"), env(), dir);

        assertTrue(assertThrows(GenieSettingsException.class, minAboveMax::thinkTime).getMessage()
                .contains("larger than GENIE_MAX_WAIT"));
        assertTrue(assertThrows(GenieSettingsException.class, () -> negativeSample.optional(Settings.GENIE_SAMPLE_SIZE))
                .getMessage().contains("0 or more"));
        assertTrue(assertThrows(GenieSettingsException.class,
                () -> threshold.value(Settings.GENIE_SIMILARITY_THRESHOLD)).getMessage()
                .contains("environment variable GENIE_SIMILARITY_THRESHOLD"));
        assertTrue(assertThrows(GenieSettingsException.class,
                () -> notBoolean.value(Settings.GENIE_FETCH_QUERY_RESULT)).getMessage()
                .contains("true or false"));
        assertTrue(assertThrows(GenieSettingsException.class,
                () -> fraction.value(Settings.GENIE_LRU_CAPACITY)).getMessage()
                .contains("not a whole number"));
    }

    @Test
    void shouldMaskEverySecretInToStringAndErrors() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(
                Map.of("DATABRICKS_CLIENT_SECRET", "override-secret", "MY_API_TOKEN", "x"),
                env("GENIE_LAKEBASE_CLIENT_SECRET", "env-secret", "GENIE_EXTRA_PASSWORD", "pw-secret"),
                dir);

        String text = s.toString();

        assertFalse(text.contains("dapi-secret-from-dotenv"), text);
        assertFalse(text.contains("override-secret"), text);
        assertFalse(text.contains("env-secret"), text);
        assertFalse(text.contains("pw-secret"), text);
        assertTrue(text.contains("DATABRICKS_TOKEN=**** [" + dir.resolve(".env") + " line"), text);
        assertTrue(text.contains("DATABRICKS_HOST=https://example.cloud.databricks.com [" + dir.resolve(".env")), text);
        assertTrue(text.contains("GENIE_MIN_WAIT=3 [" + dir.resolve(".env")), text);
        GenieSettings badSecret = GenieSettings.load(Map.of("GENIE_LAKEBASE_CLIENT_SECRET", "secret-ish"), env(), dir)
                .with(Settings.GENIE_LRU_CAPACITY, "1", "test");
        assertFalse(badSecret.toString().contains("secret-ish"));
    }

    @Test
    void shouldReadTheFileNamedByGenieEnvFile() throws IOException {
        Path other = dir.resolve("conf/settings.env");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "GENIE_SPACE_ID=from-other-file\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".env"), "GENIE_SPACE_ID=from-dot-env\n", StandardCharsets.UTF_8);

        GenieSettings s = GenieSettings.load(Map.of("GENIE_ENV_FILE", "conf/settings.env"), env(), dir);

        assertEquals(Optional.of("from-other-file"), s.optional(Settings.GENIE_SPACE_ID));
    }

    @Test
    void shouldFailClearlyWhenGenieEnvFileIsMissing() {
        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> GenieSettings.load(Map.of(), env("GENIE_ENV_FILE", "nope.env"), dir));

        assertTrue(e.getMessage().contains("nope.env"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void shouldTellHowToSetASpaceIdWhenItIsMissing() {
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> s.require(Settings.GENIE_SPACE_ID, "It is in the URL."));

        assertTrue(e.getMessage().contains("--space-id"), e.getMessage());
        assertTrue(e.getMessage().contains("GENIE_SPACE_ID"), e.getMessage());
    }

    @Test
    void shouldSeeAWorkspaceWhenHostOrProfileOrDefaultProfileIsThere() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home);

        assertFalse(GenieSettings.load(Map.of(), env(), dir).workspaceConfigured(), "nothing set");
        assertTrue(GenieSettings.load(Map.of("DATABRICKS_HOST", "http://127.0.0.1:1"), env(), dir)
                .workspaceConfigured(), "host");
        assertTrue(GenieSettings.load(Map.of(), env("DATABRICKS_CONFIG_PROFILE", "dev"), dir)
                .workspaceConfigured(), "profile");

        Files.copy(FIXTURES.resolve("no-default.databrickscfg"), home.resolve(".databrickscfg"));
        assertFalse(GenieSettings.load(Map.of(), env(), dir).workspaceConfigured(), "config without DEFAULT");

        Files.copy(FIXTURES.resolve("default-profile.databrickscfg"), dir.resolve("custom.cfg"));
        assertTrue(GenieSettings.load(Map.of("DATABRICKS_CONFIG_FILE", "custom.cfg"), env(), dir)
                .workspaceConfigured(), "DATABRICKS_CONFIG_FILE with DEFAULT");

        Files.delete(home.resolve(".databrickscfg"));
        Files.copy(FIXTURES.resolve("default-profile.databrickscfg"), home.resolve(".databrickscfg"));
        assertTrue(GenieSettings.load(Map.of(), env(), dir).workspaceConfigured(), "~/.databrickscfg DEFAULT");
    }

    @Test
    void shouldKnowWhichVariablesAreSecret() {
        List<String> secrets = Settings.ALL.stream().filter(Setting::secret).map(Setting::name).toList();

        assertEquals(List.of("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "GENIE_LAKEBASE_CLIENT_SECRET",
                "GENIE_PG_PASSWORD"), secrets);
        assertTrue(GenieSettings.isSecret("SOME_PASSWORD"));
        assertFalse(GenieSettings.isSecret("GENIE_SPACE_ID"));
    }
}
