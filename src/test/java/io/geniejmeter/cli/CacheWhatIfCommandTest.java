package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/genie-cache-whatif against a simulator as the workspace: hit rates per threshold, and no Genie question. */
class CacheWhatIfCommandTest {

    @TempDir
    Path work;

    @Test
    void reportsHitsPerThresholdFromEmbeddingsAloneAndAsksGenieNothing() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("qpm", "0")))) {
            Map<String, String> env = Map.of("DATABRICKS_HOST", sim.baseUrl(), "DATABRICKS_TOKEN", sim.token(),
                    "DATABRICKS_AUTH_TYPE", "pat", "GENIE_SPACE_ID", sim.spaceId(), "HOME", work.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = CacheWhatIfCommand.run(new String[] {"--target", "workspace", "-c",
                Path.of("testplans/sample-conversations.yaml").toAbsolutePath().toString(), "--thresholds",
                "0.75,0.85,0.99", "--csv", "whatif.csv"}, env, work,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);

            assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
            assertTrue(sim.groundTruth().isEmpty(), "Genie was asked: " + sim.groundTruth());
            List<String> rows = Files.readAllLines(work.resolve("whatif.csv"));
            assertEquals(4, rows.size(), rows.toString());
            int previous = Integer.MAX_VALUE;
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                assertEquals("16", f[1], "questions of the sample: " + row);
                assertEquals(Integer.parseInt(f[1]), Integer.parseInt(f[2]) + Integer.parseInt(f[3])
                        + Integer.parseInt(f[4]), "hits and misses add up: " + row);
                int semantic = Integer.parseInt(f[3]);
                assertTrue(semantic <= previous, "a higher threshold matches no more: " + rows);
                previous = semantic;
            }
            assertTrue(Integer.parseInt(rows.get(1).split(",")[3]) >= 3, "the sample's paraphrases match at 0.75");
            assertTrue(text.contains("matched  \"What is the average departure delay per route last quarter?\""),
                    text);
        }
    }
}
