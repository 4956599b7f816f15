package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void shouldReadEveryNamedOptionWhenGivenTheCommandLineNames() {
        SimulatorConfig c = SimulatorConfig.fromOptions(Map.of("time-scale", "0.01", "qpm", "20", "seed", "9",
                "rate-limit-style", "failed-message", "warehouse-slots", "3", "latency-asking-ai", "100-200",
                "fail-rate", "0.25", "fail-error-type", "reply_process_timeout_exception", "conversations",
                "conv.yaml", "port", "8765"));

        assertEquals(0.01, c.timeScale());
        assertEquals(20, c.qpm());
        assertEquals(9, c.seed());
        assertEquals(RateLimitStyle.FAILED_MESSAGE, c.rateLimitStyle());
        assertEquals(3, c.warehouseSlots());
        assertEquals(new LatencyRange(100, 200), c.phaseLatency().get("ASKING_AI"));
        assertEquals(0.25, c.failRate());
        assertEquals("REPLY_PROCESS_TIMEOUT_EXCEPTION", c.failErrorType());
        assertEquals(Path.of("conv.yaml"), c.conversations());
        assertEquals(8765, c.port());
    }

    @Test
    void shouldKeepDocumentedDefaultsWhenNoOptionIsGiven() {
        SimulatorConfig c = SimulatorConfig.fromOptions(Map.of());

        assertEquals(SimulatorConfig.defaults(), c);
        assertEquals(5, c.qpm());
        assertEquals(1.0, c.timeScale());
        assertEquals("127.0.0.1", c.host());
        assertEquals(RateLimitStyle.HTTP_429, c.rateLimitStyle());
        double meanSql = c.phaseLatency().values().stream().mapToDouble(LatencyRange::meanMs).sum();
        assertTrue(meanSql > 5_000 && meanSql < 30_000, "mean answer " + meanSql + " ms");
    }

    @Test
    void shouldNameTheOptionWhenAValueIsInvalid() {
        SimulatorConfigException e = assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("qpm", "lots")));

        assertEquals("qpm", e.option());
        assertTrue(e.getMessage().contains("--qpm"), e.getMessage());
        assertTrue(e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownOptionsAndBadRanges() {
        assertEquals("tme-scale", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("tme-scale", "1"))).option());
        assertEquals("fail-rate", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("fail-rate", "1.5"))).option());
        assertEquals("time-scale", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("time-scale", "0"))).option());
        assertEquals("latency-submitted", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("latency-submitted", "9-3"))).option());
        assertEquals("rate-limit-style", assertThrows(SimulatorConfigException.class,
                () -> SimulatorConfig.fromOptions(Map.of("rate-limit-style", "polite"))).option());
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        SimulatorConfig c = SimulatorConfig.builder().token("dapi-secret-123").clientSecret("very-secret").build();

        assertFalse(c.toString().contains("dapi-secret-123"));
        assertFalse(c.toString().contains("very-secret"));
    }

    @Test
    void shouldDocumentEveryOptionWithADefaultAndADescription() {
        SimulatorConfig.options().values().forEach(o -> {
            assertFalse(o.description().isBlank(), o.name());
            assertFalse(o.defaultText().isBlank(), o.name());
        });
        assertTrue(SimulatorConfig.options().keySet().containsAll(java.util.List.of("time-scale", "qpm", "seed",
                "rate-limit-style", "warehouse-slots", "conversations", "port")));
    }

    @Test
    void shouldListEveryOptionInTheReadmeWhenTheOptionsChange() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("<!-- SECTION: simulator -->"));

        for (String option : SimulatorConfig.options().keySet()) {
            assertTrue(section.contains("| `--" + option + "` |"), "README options table lacks --" + option);
        }
    }
}
