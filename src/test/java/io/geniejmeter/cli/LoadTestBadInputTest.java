package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless input to the launchers: every mistake stops {@code bin/genie-loadtest} before JMeter starts, with exit
 * status 2 and one message that names the option or variable, where it was set and what to write. "Before anything
 * starts" is checked by the results folder: it is made only once JMeter is about to start.
 */
class LoadTestBadInputTest {

    @TempDir
    Path work;
    Path jmeterHome;
    Path projectDir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeInstallation() throws IOException {
        jmeterHome = Files.createDirectories(work.resolve("jmeter/bin")).getParent();
        Files.writeString(jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar"), "");
        projectDir = Files.createDirectories(work.resolve("project"));
        Files.createDirectories(projectDir.resolve("testplans"));
        for (Scenario s : Scenario.values()) {
            Files.writeString(projectDir.resolve(s.plan()), "<jmeterTestPlan/>");
        }
        Files.writeString(work.resolve("conversations.yaml"), LoadTestLauncherTest.ONE_QUESTION);
        env.put("HOME", work.toString());
        env.put(LoadTestLauncher.JMETER_HOME_ENV, jmeterHome.toString());
        env.put(LoadTestLauncher.PROJECT_DIR_ENV, projectDir.toString());
    }

    /** Runs {@code scenario}'s command, expecting it to refuse; returns what it printed on stderr. */
    private String refused(Scenario scenario, String... args) {
        LoadTestLauncher launcher = new LoadTestLauncher(scenario, env, work,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> all = new java.util.ArrayList<>(List.of("--headless", "--results-dir", "res"));
        all.addAll(List.of(args));

        int status = launcher.run(all);

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, message);
        assertTrue(message.startsWith(scenario.command() + ": "), message);
        assertFalse(Files.exists(work.resolve("res")), "nothing started: " + message);
        err.reset();
        return message;
    }

    private String refused(String... args) {
        return refused(Scenario.STANDARD, args);
    }

    private void dotEnv(String... lines) throws IOException {
        Files.writeString(work.resolve(".env"), String.join("\n", lines) + "\n");
    }

    private static void contains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void refusesBadLoadShapesNamingTheOption() {
        contains(refused("-u", "-3"), "-u '-3' is not a whole number of 1 or more");
        contains(refused("-u", "0"), "-u must be at least 1");
        contains(refused("-t", "0"), "-t '0' must be longer than 0 seconds");
        contains(refused("-t", "5x"), "-t '5x' is not a duration: use e.g. 30s, 5m, 1h or 1h30m");
        contains(refused("-r", "0"), "-r '0' is not a number above 0");
        contains(refused("--users-per-second", "3"), "unknown option --users-per-second");
    }

    @Test
    void refusesBadSettingsGivenAsOptionsNamingOptionAndRule() {
        contains(refused("--target", "cloud"), "--target 'cloud' is not one of auto, workspace, simulator");
        contains(refused("--min-wait", "5", "--max-wait", "2"), "GENIE_MIN_WAIT 5 (from option --min-wait) is"
                + " larger than GENIE_MAX_WAIT 2 (from option --max-wait)");
        contains(refused("--min-wait", "-1"), "--min-wait '-1' is out of range: expected a number of seconds");
        contains(refused(Scenario.IN_MEMORY_SEMANTIC, "--similarity-threshold", "1.5"),
                "--similarity-threshold '1.5' is out of range: expected a number of similarity from 0 to 1");
        contains(refused(Scenario.IN_MEMORY_SEMANTIC, "--capacity", "0"), "--capacity '0' is out of range");
        contains(refused(Scenario.IN_MEMORY_SEMANTIC, "--cache-scope", "everyone"),
                "--cache-scope 'everyone' is not one of shared, per-user");
        contains(refused("-J", "genie.max_wait=soon"), "GENIE_MAX_WAIT=\"soon\" (from option -J genie.max_wait)");
    }

    @Test
    void refusesBadSettingsInDotEnvAndTheEnvironmentNamingFileAndLine() throws IOException {
        dotEnv("# workspace", "DATABRICKS_HOST=adb-1234.azuredatabricks.net", "DATABRICKS_TOKEN=dapi-not-shown");
        String noScheme = refused();
        contains(noScheme, "DATABRICKS_HOST=\"adb-1234.azuredatabricks.net\" (from " + work.resolve(".env")
                + " line 2) has no http:// or https:// in front: write https://adb-1234.azuredatabricks.net");
        assertFalse(noScheme.contains("dapi-not-shown"), noScheme);

        dotEnv("GENIE_SPACE_ID=https://adb-1.azuredatabricks.net/genie/rooms/01f0c482e842191587af6a40ad4044d8/chats");
        contains(refused(), "GENIE_SPACE_ID", ".env line 1) is a URL, not a Genie space id: write only the id,"
                + " 01f0c482e842191587af6a40ad4044d8");

        dotEnv("GENIE_SPACE_ID=my space");
        contains(refused(), "GENIE_SPACE_ID=\"my space\"", "is not a Genie space id (letters, digits, - and _");

        dotEnv("GENIE_CACHE_CAPACITY=0");
        contains(refused(), "GENIE_CACHE_CAPACITY=\"0\" (from " + work.resolve(".env") + " line 1) is out of range");

        dotEnv("GENIE_SAMPLE_SIZE=ten");
        contains(refused(), "GENIE_SAMPLE_SIZE=\"ten\" (from " + work.resolve(".env") + " line 1) is not a whole");

        dotEnv("GENIE_MIN_WAIT 3");
        contains(refused(), work.resolve(".env") + " line 1: expected KEY=VALUE");

        Files.delete(work.resolve(".env"));
        env.put("GENIE_SIMILARITY_THRESHOLD", "85");
        contains(refused(), "GENIE_SIMILARITY_THRESHOLD=\"85\" (from environment variable"
                + " GENIE_SIMILARITY_THRESHOLD) is out of range");
    }

    @Test
    void refusesAnUnreachableWorkspaceBeforeJMeterStarts() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        dotEnv("DATABRICKS_HOST=http://127.0.0.1:" + closedPort, "DATABRICKS_TOKEN=dapi-planted-token",
                "GENIE_SPACE_ID=01f0c482e842191587af6a40ad4044d8");
        long start = System.nanoTime();

        String message = refused();

        contains(message, "Cannot reach DATABRICKS_HOST http://127.0.0.1:" + closedPort + " (from "
                + work.resolve(".env") + " line 1): nothing accepts connections on port " + closedPort);
        assertFalse(message.contains("dapi-planted-token"), message);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "fails fast");
    }

    @Test
    void refusesABadConversationFileWithItsLineBeforeJMeterStarts() throws IOException {
        Files.writeString(work.resolve("conversations.yaml"), "conversations:\n- messages:\n  - content: [a, b]\n");
        contains(refused(), "Conversation file " + work.resolve("conversations.yaml") + ", line 3, field"
                + " 'conversations[0].messages[0].content': expected the question as text");

        Files.createDirectories(work.resolve("exports"));
        contains(refused("-c", "exports"), "Conversations file exports (from option -c) is a directory");
    }
}
