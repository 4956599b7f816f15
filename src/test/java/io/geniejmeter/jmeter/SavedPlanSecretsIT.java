package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan saved from the GUI after a run holds no secret: the elements run in a real engine with a token, an OAuth
 * client secret, a Lakebase client secret and a PostgreSQL password in the {@code .env} the test reads (the token
 * the only one the simulator accepts, so it is used on every request), then the plan, with a Genie Connection
 * element that was part of the run, is saved the way JMeter's GUI saves it ({@link SaveService#saveTree}) and
 * searched. Runs as an integration test because SaveService needs the JMeter installation's saveservice.properties.
 */
class SavedPlanSecretsIT {

    private static final String TOKEN = "dapi-PLANTED-plan-token-0b7e51";
    private static final List<String> SECRETS = List.of(TOKEN, "PLANTED-plan-client-secret-77",
            "PLANTED-plan-lakebase-secret-19", "PLANTED-plan-pg-password-64");
    private static final List<String> PROPERTIES = List.of("genie.env_file", "genie.target");

    @TempDir
    Path work;

    @AfterEach
    void cleanUp() {
        Properties props = JMeterUtils.getJMeterProperties();
        PROPERTIES.forEach(props::remove);
        SampleEvent.initSampleVariables();
        SharedGenie.close();
        TestSettings.clear();
    }

    @Test
    void aPlanSavedAfterARunHoldsNoSecret() throws Exception {
        JMeterTestProperties.init();
        JMeterUtils.setJMeterHome(PlainJMeterIT.jmeterHome().toString());
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("token", TOKEN, "time-scale", "0.01", "qpm", "0",
                "fail-rate", "0.3"));
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            Path env = work.resolve("planted.env");
            Files.writeString(env, String.join("\n", "DATABRICKS_HOST=" + sim.baseUrl(),
                    "DATABRICKS_TOKEN=" + TOKEN, "DATABRICKS_AUTH_TYPE=pat",
                    "DATABRICKS_CLIENT_SECRET=" + SECRETS.get(1), "GENIE_SPACE_ID=" + sim.spaceId(),
                    "GENIE_LAKEBASE_CLIENT_SECRET=" + SECRETS.get(2), "GENIE_PG_PASSWORD=" + SECRETS.get(3), ""));
            JMeterUtils.setProperty("genie.env_file", env.toString());
            JMeterUtils.setProperty("genie.target", "workspace");
            GenieEngineTest.Collector collector = new GenieEngineTest.Collector();
            HashTree tree = GenieEngineTest.plan(2, 3, ConversationYamlConfigElementTest.fixture(
                    "six-conversations.yaml").toString(), collector, "0", "0.1");
            GenieConnectionConfig connection = new GenieConnectionConfig();
            connection.setName("Genie Connection");
            connection.setProperty("timeoutSeconds", "30");
            tree.getTree(tree.list().iterator().next()).add(connection);

            StandardJMeterEngine engine = GenieEngineTest.start(tree);
            GenieEngineTest.waitForEnd(engine, 30_000);

            assertFalse(engine.isActive());
            assertFalse(collector.events.isEmpty(), "the test ran");
            assertFalse(sim.groundTruth().isEmpty(), "with the planted token: the simulator took its questions");
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            SaveService.saveTree(tree, saved);
            String plan = saved.toString(StandardCharsets.UTF_8);
            assertTrue(plan.contains("Genie Connection") && plan.contains("GenieConversationSampler"), plan);
            for (String secret : SECRETS) {
                assertFalse(plan.contains(secret), secret + " in the saved plan");
            }
            for (var e : collector.events) {
                String all = e.getResult().getResponseMessage() + e.getResult().getSamplerData()
                        + e.getResult().getResponseDataAsString();
                SECRETS.forEach(s -> assertFalse(all.contains(s), s + " in a sample"));
            }
        }
    }
}
