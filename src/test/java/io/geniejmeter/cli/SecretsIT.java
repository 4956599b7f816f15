package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted in every place a user can put one never come out: a token, an OAuth client secret, a Lakebase
 * client secret and a PostgreSQL password, in {@code .env} and in the environment, plus a secret typed as an option.
 * The real commands run as a user runs them (separate processes, as bin/ starts them) against a simulator on
 * loopback that accepts only the planted token, so the token is really used on every request; some answers fail on
 * purpose so that error messages are written too. Then every file under the run's folder (JTL, jmeter.log, the HTML
 * dashboard, summary.csv, the export) and everything printed on the console is searched for each secret, as it is
 * and base64-encoded (as HTTP Basic auth would carry it).
 */
class SecretsIT {

    private static final String TOKEN = "dapi-PLANTED-token-5c1f9e27a4";
    private static final String CLIENT_SECRET = "PLANTED-oauth-client-secret-83b1";
    private static final String LAKEBASE_SECRET = "PLANTED-lakebase-client-secret-42d6";
    private static final String PG_PASSWORD = "PLANTED-pg-password-9e07";
    private static final String OPTION_SECRET = "PLANTED-typed-on-the-command-line-31aa";
    private static final List<String> SECRETS = List.of(TOKEN, CLIENT_SECRET, LAKEBASE_SECRET, PG_PASSWORD,
            OPTION_SECRET);

    @TempDir
    Path work;

    private final List<Path> consoles = new ArrayList<>();

    static Path jmeterHome() throws IOException {
        Matcher m = Pattern.compile("\"jmeterDirectoryPath\":\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("target/config.json"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "target/config.json names no JMeter installation: run mvn verify");
        return Path.of(m.group(1));
    }

    /** Runs {@code mainClass} as bin/ does, in the work folder; returns its exit status, console kept. */
    private int run(String mainClass, Map<String, String> extraEnv, String... args) throws Exception {
        String jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.map(Path::toString).filter(n -> n.matches(".*genie-jmeter-[^/]*[0-9T](-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no genie-jmeter jar in target/"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", Path.of(jar).toAbsolutePath() + File.pathSeparator
                + Path.of("target/lib").toAbsolutePath() + File.separator + "*", mainClass));
        command.addAll(List.of(args));
        Path console = work.resolve("console-" + consoles.size() + ".txt");
        consoles.add(console);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DATABRICKS_") || k.startsWith("GENIE_"));
        env.put("HOME", work.toString());
        env.put("DATABRICKS_CLIENT_SECRET", CLIENT_SECRET);
        env.put("GENIE_PG_PASSWORD", PG_PASSWORD);
        env.put(LoadTestLauncher.JMETER_HOME_ENV, jmeterHome().toString());
        env.put(LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString());
        env.putAll(extraEnv);
        Process process = pb.start();
        assertTrue(process.waitFor(150, TimeUnit.SECONDS), mainClass + " did not finish");
        return process.exitValue();
    }

    @Test
    void noPlantedSecretReachesAnyResultFileLogOrTheConsole() throws Exception {
        Files.copy(Path.of("src/test/resources/jmeter/four-conversations.yaml"), work.resolve("conversations.yaml"));
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("token", TOKEN, "time-scale", "0.01", "qpm", "0",
                "fail-rate", "0.2", "http-500-rate", "0.05"));
        // The export reads a space with history and no injected faults (the exporter does not retry HTTP 500).
        SimulatorConfig history = SimulatorConfig.fromOptions(Map.of("token", TOKEN, "conversations",
                Path.of("src/test/resources/conversation/original-export.yaml").toAbsolutePath().toString()));
        try (GenieSimulator sim = GenieSimulator.start(config); GenieSimulator space = GenieSimulator.start(history)) {
            Files.writeString(work.resolve(".env"), String.join("\n",
                    "DATABRICKS_HOST=" + sim.baseUrl(),
                    "DATABRICKS_TOKEN=" + TOKEN,
                    "DATABRICKS_AUTH_TYPE=pat",
                    "DATABRICKS_CLIENT_ID=00000000-0000-0000-0000-000000000001",
                    "GENIE_SPACE_ID=" + sim.spaceId(),
                    "GENIE_LAKEBASE_CLIENT_ID=lakebase-sp",
                    "GENIE_LAKEBASE_CLIENT_SECRET='" + LAKEBASE_SECRET + "'",
                    "GENIE_PG_USER=cache", ""), StandardCharsets.UTF_8);

            int loadTest = run("io.geniejmeter.cli.LoadTestLauncher", Map.of(), "--headless", "-u", "3", "-r", "3",
                    "-t", "6s", "--min-wait", "0", "--max-wait", "0.2", "--results-dir", "results");
            int typedSecret = run("io.geniejmeter.cli.LoadTestLauncher", Map.of(), "--headless", "-t", "2s",
                    "-J", "DATABRICKS_TOKEN=" + OPTION_SECRET, "--results-dir", "refused");
            Map<String, String> toSpace = Map.of("DATABRICKS_HOST", space.baseUrl(), "GENIE_SPACE_ID", space.spaceId());
            int export = run("io.geniejmeter.cli.ExportConversationsCommand", toSpace, "--include-all", "-o",
                    "exported.yaml");
            Map<String, String> wrongToken = new java.util.HashMap<>(toSpace);
            wrongToken.put("DATABRICKS_TOKEN", "dapi-wrong-" + OPTION_SECRET);
            int refusedExport = run("io.geniejmeter.cli.ExportConversationsCommand", wrongToken, "-o",
                    "not-written.yaml");

            String console = Files.readString(consoles.get(0), StandardCharsets.UTF_8);
            assertTrue(loadTest == 0 || loadTest == 1, "ran (1: some answers failed on purpose): " + console);
            assertTrue(Files.readAllLines(work.resolve("results/results.jtl")).size() > 5, "samples recorded");
            assertTrue(Files.isRegularFile(work.resolve("results/dashboard/index.html")), "dashboard written");
            assertTrue(sim.groundTruth().size() > 5, "the planted token was accepted on the wire");
            assertEquals(2, typedSecret, "a secret typed as -J is refused");
            assertEquals(0, export, Files.readString(consoles.get(2), StandardCharsets.UTF_8));
            assertTrue(refusedExport != 0, "the wrong token was refused");
        }

        List<Path> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(work.resolve(".env")) || f.equals(work.resolve("conversations.yaml"))) {
                    continue; // the inputs the user wrote
                }
                searched.add(f);
                byte[] bytes = Files.readAllBytes(f);
                for (String secret : SECRETS) {
                    for (String form : List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(
                            StandardCharsets.UTF_8)))) {
                        assertTrue(indexOf(bytes, form.getBytes(StandardCharsets.UTF_8)) < 0,
                                "'" + form + "' found in " + work.relativize(f));
                    }
                }
            }
        }
        assertTrue(searched.contains(work.resolve("results/jmeter.log")), searched.toString());
        assertTrue(searched.contains(work.resolve("results/summary.csv")), searched.toString());
        assertTrue(searched.contains(work.resolve("exported.yaml")), searched.toString());
        assertTrue(searched.stream().filter(p -> p.startsWith(work.resolve("results/dashboard"))).count() > 10,
                "the dashboard's files: " + searched);
        String jmeterLog = Files.readString(work.resolve("results/jmeter.log"), StandardCharsets.UTF_8);
        assertTrue(jmeterLog.contains("credentials: personal access token from "), "credentials used, named");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
