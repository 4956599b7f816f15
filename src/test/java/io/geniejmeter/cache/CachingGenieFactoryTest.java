package io.geniejmeter.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.RequestType;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.target.GenieTargets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory builds a working chain from the settings and the target, as the sampler will. */
class CachingGenieFactoryTest {

    private static GenieSettings settings(Map<String, String> given) {
        return GenieSettings.load(given, Map.of("HOME", "target"), Path.of("target"));
    }

    @Test
    void shouldBuildAChainOnTheSimulatorTargetThatUsesItsWarehouse() {
        GenieTarget target = GenieTargets.open(settings(Map.of(Settings.GENIE_TARGET.name(), "simulator",
                Settings.GENIE_POLL_INTERVAL_MS.name(), "50")), Map.of("time-scale", "0.001"), 4);
        try (CachingGenie chain = CachingGenieFactory.inMemory(target)) {
            assertEquals(target.warehouseId(), chain.settings().warehouseId());
            assertEquals(CacheScope.SHARED, chain.settings().scope(), "shared by default");

            assertEquals(RequestType.GENIE_LIVE, chain.ask(CachingGenieTest.REPAIRS, null).requestType());
            var hit = chain.ask(CachingGenieTest.REPAIRS, null);
            assertEquals(RequestType.GENIE_LRU_HIT, hit.requestType());
            assertTrue(hit.success(), hit.responseMessage());
            var semantic = chain.ask(CachingGenieTest.REPAIRS_CLOSE, null);
            assertEquals(RequestType.GENIE_SEMANTIC_HIT, semantic.requestType());
            assertTrue(semantic.success(), semantic.responseMessage());
        }
    }

    @Test
    void shouldRefuseAWorkspaceWithoutAWarehouse() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().qpm(0).build())) {
            GenieTarget target = GenieTargets.open(settings(Map.of(Settings.GENIE_TARGET.name(), "workspace",
                    Settings.DATABRICKS_HOST.name(), sim.baseUrl(), Settings.DATABRICKS_TOKEN.name(), sim.token(),
                    Settings.GENIE_SPACE_ID.name(), sim.spaceId())), Map.of(), 2);
            GenieSettingsException e = assertThrows(GenieSettingsException.class,
                    () -> CachingGenieFactory.inMemory(target));
            assertTrue(e.getMessage().contains("GENIE_WAREHOUSE_ID"), e.getMessage());
        }
    }

    @Test
    void shouldReadTheScopeFromTheSettings() {
        assertEquals(CacheScope.PER_USER, CacheSettings.from(settings(Map.of(Settings.GENIE_CACHE_SCOPE.name(),
                "per-user")), "wh").scope());
        assertThrows(GenieSettingsException.class, () -> CacheSettings.from(settings(Map.of(
                Settings.GENIE_CACHE_SCOPE.name(), "everybody")), "wh"));
    }
}
