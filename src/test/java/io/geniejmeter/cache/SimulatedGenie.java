package io.geniejmeter.cache;

import com.databricks.sdk.WorkspaceClient;
import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.LatencyRange;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.time.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one set-up of the cache tests: an embedded simulator on a hand-moved clock (Genie, Statement Execution and
 * embeddings over real HTTP), a real SDK client pointed at it, and chains built from real parts (the plain
 * {@link GenieClient}, {@link ServingEndpointEmbedder}, {@link StatementRunner}). Statements run a fixed 300 ms.
 */
final class SimulatedGenie implements AutoCloseable {

    static final long STATEMENT_MS = 300;
    static final String MODEL = "databricks-gte-large-en";

    final ManualClock clock = new ManualClock();
    final GenieSimulator sim;
    final GenieSettings settings;
    final WorkspaceClient workspace;
    final GenieClient client;

    SimulatedGenie() throws IOException {
        this(b -> b);
    }

    SimulatedGenie(java.util.function.UnaryOperator<SimulatorConfig.Builder> tweak) throws IOException {
        sim = GenieSimulator.start(tweak.apply(SimulatorConfig.builder().clock(clock).qpm(0).seed(7)
                .textOnlyRate(0).statementLatency(LatencyRange.fixed(STATEMENT_MS))).build());
        settings = GenieSettings.load(Map.of(Settings.DATABRICKS_HOST.name(), sim.baseUrl(),
                Settings.DATABRICKS_TOKEN.name(), sim.token(), Settings.GENIE_SPACE_ID.name(), sim.spaceId(),
                Settings.GENIE_TARGET.name(), "workspace"), Map.of("HOME", "target"), Path.of("target"));
        workspace = WorkspaceClients.create(settings, 16);
        client = GenieClient.builder(workspace, sim.spaceId()).settings(settings).clock(clock).build();
    }

    /** The catalogue's defaults, re-running on the simulator's warehouse. */
    CacheSettings defaults() {
        return CacheSettings.from(settings, sim.warehouseId());
    }

    ServingEndpointEmbedder embedder() {
        return new ServingEndpointEmbedder(workspace, MODEL);
    }

    StatementRunner runner(CacheSettings s) {
        return StatementRunner.of(workspace, s.warehouseId(), Duration.ofSeconds(10), s.statementTimeout(),
                s.pollInterval(), clock);
    }

    Supplier<SemanticCache> inMemory(CacheSettings s) {
        return () -> new InMemorySemanticCache(s.semanticCapacity(), s.ttl(), clock);
    }

    /** A chain of real parts with settings {@code s}. */
    CachingGenie chain(CacheSettings s) {
        return new CachingGenie(sim.spaceId(), s, client::ask, embedder(), runner(s), inMemory(s), clock, null);
    }

    CachingGenie chain() {
        return chain(defaults());
    }

    /** Questions the simulator was asked so far (its ground truth). */
    long questionsReceived() {
        return sim.groundTruth().size();
    }

    @Override
    public void close() {
        sim.close();
    }
}
