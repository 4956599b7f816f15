package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard plan run by plain {@code jmeter -n -t} (no launcher) in a folder with a {@code .env}: its conversation
 * file, sample size, seed and think times take effect through the same settings as with {@code bin/genie-loadtest}.
 * Runs in the Maven build's integration-test phase, on the JMeter installation the jmeter-maven-plugin configured.
 */
public class PlainJMeterIT {

    @TempDir
    Path work;

    @Test
    void dotEnvInTheWorkingDirectoryDecidesFileSampleSeedAndWaits() throws Exception {
        Path conversations = work.resolve("mine.yaml");
        Files.copy(Path.of("src/test/resources/jmeter/four-conversations.yaml"), conversations);
        Files.writeString(work.resolve(".env"), String.join("\n",
                "GENIE_CONVERSATIONS_FILE=mine.yaml",
                "GENIE_SAMPLE_SIZE=2",
                "GENIE_SAMPLE_SEED=5",
                "# one second between the messages of a conversation, two between conversations",
                "GENIE_MIN_WAIT=2",
                "GENIE_MAX_WAIT=2", ""), StandardCharsets.UTF_8);
        Path jtl = work.resolve("results.jtl");
        Path log = work.resolve("jmeter.log");

        // Only the load shape and the simulator's speed are JMeter properties here; everything under test is in .env.
        Process jmeter = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jmeterHome().resolve("bin/ApacheJMeter-5.6.3.jar").toString(),
                "-n", "-t", Path.of("testplans/genie-standard.jmx").toAbsolutePath().toString(),
                "-l", jtl.toString(), "-j", log.toString(),
                "-Jgenie.users=1", "-Jgenie.rampup=1", "-Jgenie.duration=7", "-Jgenie.target=simulator",
                "-Jgenie.simulator.time-scale=0.01", "-Jjmeter.save.saveservice.output_format=csv"))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile())
                .start();
        assertTrue(jmeter.waitFor(90, TimeUnit.SECONDS), "JMeter did not finish");
        String logText = Files.readString(log, StandardCharsets.UTF_8);

        assertEquals(0, jmeter.exitValue(), logText);
        assertTrue(logText.contains("replaying 2 conversations from " + conversations.toRealPath() + " (seed 5,"),
                "file, sample size and seed from .env: " + logText);

        List<long[]> samples = samples(jtl);
        assertTrue(samples.size() >= 3, "with the default 8-30 s think time a 7 s run has one or two samples: "
                + samples.size());
        for (int i = 1; i < samples.size(); i++) {
            long gap = samples.get(i)[0] - (samples.get(i - 1)[0] + samples.get(i - 1)[1]);
            assertTrue(gap >= 950, "think time from .env (1 s or 2 s) between samples " + i + ": " + gap + " ms");
            assertTrue(samples.get(i)[2] == 1, "every sample succeeded");
        }
    }

    /** Start time, elapsed and success (1/0) of each sample, in start order. */
    private static List<long[]> samples(Path jtl) throws IOException {
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int start = header.indexOf("timeStamp");
        int elapsed = header.indexOf("elapsed");
        int success = header.indexOf("success");
        List<long[]> samples = new ArrayList<>();
        Pattern comma = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = comma.split(line, -1);
            samples.add(new long[] {Long.parseLong(f[start]), Long.parseLong(f[elapsed]),
                    Boolean.parseBoolean(f[success]) ? 1 : 0});
        }
        samples.sort((a, b) -> Long.compare(a[0], b[0]));
        return samples;
    }

    /** Where the jmeter-maven-plugin installed JMeter (recorded in target/config.json). */
    public static Path jmeterHome() throws IOException {
        Matcher m = Pattern.compile("\"jmeterDirectoryPath\":\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("target/config.json"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "target/config.json names no JMeter installation: run mvn verify");
        return Path.of(m.group(1));
    }
}
