package io.geniejmeter.genie;

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

        assertEquals(Optional.of("1"), s.get("GENIE_MIN_WAIT"));
        assertEquals(Optional.of(GenieSettings.Source.OVERRIDE), s.sourceOf("GENIE_MIN_WAIT"));
        assertEquals(Optional.of("20"), s.get("GENIE_MAX_WAIT"));
        assertEquals(Optional.of(GenieSettings.Source.ENVIRONMENT), s.sourceOf("GENIE_MAX_WAIT"));
        assertEquals(Optional.of("01f0c482e842191587af6a40ad4044d8"), s.spaceId());
        assertEquals(Optional.of(GenieSettings.Source.DOTENV), s.sourceOf("GENIE_SPACE_ID"));
        assertEquals(Optional.of("1000"), s.get("GENIE_CACHE_CAPACITY"));
        assertEquals(Optional.of(GenieSettings.Source.DEFAULT), s.sourceOf("GENIE_CACHE_CAPACITY"));
        assertEquals(1.0, s.minWaitSeconds());
        assertEquals(20.0, s.maxWaitSeconds());
    }

    @Test
    void shouldReadEveryDotEnvStyleOfTheOriginalTool() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        assertEquals(3.0, s.minWaitSeconds(), "spaces around '=' and trailing comment");
        assertEquals(15.0, s.maxWaitSeconds(), "double quotes");
        assertEquals(Optional.of("https://example.cloud.databricks.com"), s.get("DATABRICKS_HOST"), "single quotes");
        assertEquals("model#with-hash", s.embeddingModel(), "'#' without a space before it is not a comment");
        assertEquals(Optional.of("wh \"quoted\" # not a comment"), s.warehouseId(), "escapes inside quotes");
        assertEquals(Optional.of("inst-01"), s.lakebaseInstance(), "${NAME:-fallback}");
        assertEquals(Optional.of("01f0c482e842191587af6a40ad4044d8"), s.lakebaseClientId(), "${NAME} of a line above");
        assertTrue(s.sampleSize().isEmpty(), "an empty value counts as unset");
        assertEquals(42L, s.sampleSeed().getAsLong(), "the last of a repeated key wins");
        assertEquals(Optional.of(dir.resolve(".env")), s.envFile());
        assertTrue(s.originOf("GENIE_SAMPLE_SEED").endsWith(".env line 14"), s.originOf("GENIE_SAMPLE_SEED"));
    }

    @Test
    void shouldInterpolateFromTheEnvironmentFirst() throws IOException {
        dotEnv("full.env");
        GenieSettings s = GenieSettings.load(Map.of(), env("INSTANCE_PREFIX", "prod"), dir);

        assertEquals(Optional.of("prod-01"), s.lakebaseInstance());
    }

    @Test
    void shouldUseDefaultsWhenNothingIsSet() {
        GenieSettings s = GenieSettings.load(Map.of(), env(), dir);

        assertTrue(s.envFile().isEmpty());
        assertTrue(s.spaceId().isEmpty());
        assertEquals(8.0, s.minWaitSeconds());
        assertEquals(30.0, s.maxWaitSeconds());
        assertTrue(s.sampleSize().isEmpty());
        assertTrue(s.sampleSeed().isEmpty());
        assertEquals(dir.resolve("conversations.yaml"), s.conversationsFile());
        assertEquals(Duration.ofMinutes(10), s.clientTimeout());
        assertTrue(s.fetchQueryResult());
        assertEquals(Duration.ofSeconds(1), s.pollInterval());
        assertEquals(60, s.httpTimeoutSeconds());
        assertEquals(Duration.ofSeconds(86_400), s.cacheTtl());
        assertEquals(0.85, s.similarityThreshold());
        assertEquals(0.80, s.contextSimilarityThreshold());
        assertEquals(100, s.lruCapacity());
        assertEquals(1000, s.cacheCapacity());
        assertEquals(3, s.contextWindowSize());
        assertEquals("databricks-gte-large-en", s.embeddingModel());
    }

    @Test
    void shouldTreatBlankOverridesAsUnset() {
        GenieSettings s = GenieSettings.load(Map.of("GENIE_SPACE_ID", "  "), env("GENIE_SPACE_ID", "from-env"), dir);

        assertEquals(Optional.of("from-env"), s.spaceId());
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

        GenieSettingsException e = assertThrows(GenieSettingsException.class, s::minWaitSeconds);

        assertTrue(e.getMessage().startsWith("GENIE_MIN_WAIT=\"eight\""), e.getMessage());
        assertTrue(e.getMessage().contains(".env line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("GENIE_MIN_WAIT=8"), "says what to write: " + e.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeAndContradictoryValues() {
        GenieSettings minAboveMax = GenieSettings.load(Map.of("GENIE_MIN_WAIT", "40"), env(), dir);
        GenieSettings zeroSample = GenieSettings.load(Map.of("GENIE_SAMPLE_SIZE", "0"), env(), dir);
        GenieSettings threshold = GenieSettings.load(Map.of(), env("GENIE_SIMILARITY_THRESHOLD", "1.5"), dir);
        GenieSettings notBoolean = GenieSettings.load(Map.of("GENIE_FETCH_QUERY_RESULT", "maybe"), env(), dir);
        GenieSettings fraction = GenieSettings.load(Map.of("GENIE_LRU_CAPACITY", "1.5"), env(), dir);

        assertTrue(assertThrows(GenieSettingsException.class, minAboveMax::maxWaitSeconds).getMessage()
                .contains("larger than GENIE_MAX_WAIT"));
        assertTrue(assertThrows(GenieSettingsException.class, zeroSample::sampleSize).getMessage()
                .contains("1 or more"));
        assertTrue(assertThrows(GenieSettingsException.class, threshold::similarityThreshold).getMessage()
                .contains("environment variable GENIE_SIMILARITY_THRESHOLD"));
        assertTrue(assertThrows(GenieSettingsException.class, notBoolean::fetchQueryResult).getMessage()
                .contains("GENIE_FETCH_QUERY_RESULT=false"));
        assertTrue(assertThrows(GenieSettingsException.class, fraction::lruCapacity).getMessage()
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
        assertTrue(text.contains("DATABRICKS_TOKEN=**** [.env file]"), text);
        assertTrue(text.contains("DATABRICKS_HOST=https://example.cloud.databricks.com [.env file]"), text);
        assertTrue(text.contains("GENIE_MIN_WAIT=3 [.env file]"), text);
        GenieSettings badSecret = GenieSettings.load(Map.of("GENIE_TOKEN_COUNT", "secret-ish"), env(), dir);
        assertFalse(assertThrows(GenieSettingsException.class, () -> badSecret.getInt("GENIE_TOKEN_COUNT", 1))
                .getMessage().contains("secret-ish"));
    }

    @Test
    void shouldReadTheFileNamedByGenieEnvFile() throws IOException {
        Path other = dir.resolve("conf/settings.env");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "GENIE_SPACE_ID=from-other-file\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".env"), "GENIE_SPACE_ID=from-dot-env\n", StandardCharsets.UTF_8);

        GenieSettings s = GenieSettings.load(Map.of("GENIE_ENV_FILE", "conf/settings.env"), env(), dir);

        assertEquals(Optional.of("from-other-file"), s.spaceId());
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

        GenieSettingsException e = assertThrows(GenieSettingsException.class, () -> s.requireSpaceId("--space-id"));

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
    void shouldListEveryVariableWithItsDefaultInEnvExample() throws IOException {
        Path example = Path.of(".env.example");
        String text = Files.readString(example, StandardCharsets.UTF_8);
        DotEnvFile parsed = DotEnvFile.parse(example, Files.readAllLines(example), name -> null);

        assertTrue(parsed.entries().isEmpty(), "copying .env.example to .env must change nothing by itself");
        for (GenieVariable v : GenieSettings.VARIABLES) {
            assertTrue(text.contains("# " + v.name() + "="), ".env.example lacks " + v.name());
            if (v.defaultValue() != null) {
                assertTrue(text.contains("# " + v.name() + "=" + v.defaultValue() + "\n"),
                        ".env.example shows another value than the default " + v.defaultValue() + " of " + v.name());
            }
        }
    }

    @Test
    void shouldKnowWhichVariablesAreSecret() {
        List<String> secrets = GenieSettings.VARIABLES.stream().filter(GenieVariable::secret)
                .map(GenieVariable::name).toList();

        assertEquals(List.of("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "GENIE_LAKEBASE_CLIENT_SECRET"), secrets);
        assertTrue(GenieSettings.isSecret("SOME_PASSWORD"));
        assertFalse(GenieSettings.isSecret("GENIE_SPACE_ID"));
    }
}
