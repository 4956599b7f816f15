package io.geniejmeter.target;

import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.EmbeddedSimulator;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that decides which Genie the product talks to, and the only door to the embedded simulator: the
 * sampler, the exporter and the launchers ask here. {@code GENIE_TARGET} ({@code genie.target}, {@code --target})
 * chooses: {@code auto} (the configured workspace, else the simulator), {@code workspace} (fail without one) or
 * {@code simulator} (even when a workspace is configured, as the Maven build does so that a developer's
 * {@code ~/.databrickscfg} never turns a build into a load test).
 *
 * <p>Stateless; the shared simulator's lifecycle is {@link EmbeddedSimulator}'s (the last {@link GenieTarget#close()}
 * stops it).
 */
public final class GenieTargets {

    /**
     * Prefix of the JMeter properties that are the embedded simulator's options, e.g. {@code genie.simulator.qpm};
     * {@code bin/genie-loadtest --sim-OPTION} becomes such a property.
     */
    public static final String SIMULATOR_PROPERTY_PREFIX = "genie.simulator.";

    /** The simulator's questions-per-minute limit is off unless asked for, so that a first run succeeds. */
    private static final Map<String, String> SIMULATOR_DEFAULTS = Map.of("qpm", "0");

    private GenieTargets() {
    }

    /**
     * Which Genie {@code settings} lead to, without connecting.
     *
     * @throws GenieSettingsException for {@code GENIE_TARGET=workspace} without a workspace, or a bad value
     */
    public static TargetKind choose(GenieSettings settings) {
        String target = settings.value(Settings.GENIE_TARGET);
        boolean configured = settings.workspaceConfigured();
        if (target.equals("workspace") && !configured) {
            throw new GenieSettingsException("GENIE_TARGET=workspace (from "
                    + settings.originOf(Settings.GENIE_TARGET) + ") but no Databricks workspace is configured: set"
                    + " DATABRICKS_HOST and DATABRICKS_TOKEN (or DATABRICKS_CONFIG_PROFILE) in .env or the"
                    + " environment.");
        }
        return target.equals("simulator") || !configured ? TargetKind.SIMULATOR : TargetKind.WORKSPACE;
    }

    /**
     * Connects to the Genie {@code settings} lead to.
     *
     * @param simulatorOptions options of the embedded simulator by {@code bin/genie-simulator} name (e.g.
     *                         {@code time-scale}); used only when the target is the simulator
     * @param maxConnections   the most concurrent requests expected (the HTTP pool's size per host)
     * @throws GenieSettingsException when the settings do not allow a connection (no space id on a workspace, two
     *                                auth methods, a bad simulator option, a host that cannot be reached)
     */
    public static GenieTarget open(GenieSettings settings, Map<String, String> simulatorOptions, int maxConnections) {
        if (choose(settings) == TargetKind.WORKSPACE) {
            String space = settings.require(Settings.GENIE_SPACE_ID,
                    "It is the last part of the space's URL (.../genie/rooms/<id>).");
            checkReachable(settings);
            String host = settings.raw(Settings.DATABRICKS_HOST.name()).orElse("(from the Databricks config profile)");
            return new GenieTarget(TargetKind.WORKSPACE, settings, WorkspaceClients.create(settings, maxConnections),
                    space, "Genie space " + space + " of workspace " + host + " (credentials: "
                    + settings.credentialsSource() + ")", () -> { });
        }
        SimulatorConfig config = simulatorConfig(simulatorOptions);
        java.util.Optional<String> shared = settings.optional(Settings.GENIE_SIMULATOR_URL);
        if (shared.isPresent()) {
            return sharedSimulator(settings, config, shared.get().strip(), maxConnections);
        }
        GenieSimulator simulator = EmbeddedSimulator.acquire(config);
        try {
            String origin = "the embedded Genie simulator";
            GenieSettings simulated = settings.with(Settings.DATABRICKS_HOST, simulator.baseUrl(), origin)
                    .with(Settings.DATABRICKS_TOKEN, simulator.token(), origin)
                    .with(Settings.DATABRICKS_AUTH_TYPE, "pat", origin)
                    .with(Settings.GENIE_WAREHOUSE_ID, simulator.warehouseId(), origin);
            String why = settings.value(Settings.GENIE_TARGET).equals("simulator")
                    ? "GENIE_TARGET=simulator (from " + settings.originOf(Settings.GENIE_TARGET) + ")"
                    : "no Databricks workspace configured (no DATABRICKS_HOST, DATABRICKS_CONFIG_PROFILE or"
                    + " ~/.databrickscfg)";
            String description = "the embedded Genie simulator at " + simulator.baseUrl() + ", " + why + " ("
                    + summary(config) + ")";
            return new GenieTarget(TargetKind.SIMULATOR, simulated,
                    WorkspaceClients.create(simulated, maxConnections), simulator.spaceId(), description,
                    EmbeddedSimulator::release);
        } catch (RuntimeException e) {
            EmbeddedSimulator.release();
            throw e;
        }
    }

    /**
     * The pre-flight check of a workspace target: {@code DATABRICKS_HOST} follows its rule and accepts a TCP
     * connection within a few seconds (skipped behind a proxy or with a config profile's host). {@link #open} does
     * it; the launchers call it before JMeter starts.
     *
     * @throws GenieSettingsException naming the host, where it was set and why it cannot be reached
     */
    public static void checkReachable(GenieSettings settings) {
        HostCheck.check(settings, HostCheck.TIMEOUT);
    }

    /**
     * A simulator already running elsewhere ({@code GENIE_SIMULATOR_URL}): the one all nodes of a distributed run
     * share, so its questions-per-minute limit and warehouse apply to the fleet as on a real workspace. Its token,
     * space and warehouse are the ones its options give (the same options the nodes receive).
     */
    private static GenieTarget sharedSimulator(GenieSettings settings, SimulatorConfig config, String url,
            int maxConnections) {
        String origin = "the shared Genie simulator (GENIE_SIMULATOR_URL from "
                + settings.originOf(Settings.GENIE_SIMULATOR_URL) + ")";
        GenieSettings simulated = settings.with(Settings.DATABRICKS_HOST, url, origin)
                .with(Settings.DATABRICKS_TOKEN, config.auth().token(), origin)
                .with(Settings.DATABRICKS_AUTH_TYPE, "pat", origin)
                .with(Settings.GENIE_WAREHOUSE_ID, config.warehouse().warehouseId(), origin);
        return new GenieTarget(TargetKind.SIMULATOR, simulated, WorkspaceClients.create(simulated, maxConnections),
                config.data().spaceId(), "the shared Genie simulator at " + url + " (" + summary(config) + ")",
                () -> { });
    }

    /**
     * Starts a simulator for the nodes of a distributed run to share (the controller's launcher does, when no
     * workspace and no {@code GENIE_SIMULATOR_URL} is configured); it runs until the handle is closed.
     *
     * @param simulatorOptions its options by {@code bin/genie-simulator} name, {@code host} and {@code port}
     *                         included; the same options must reach the nodes
     * @param advertisedHost   the name nodes reach this machine by (the simulator's URL carries it)
     * @throws java.io.UncheckedIOException when it cannot listen
     */
    public static SharedSimulator startShared(Map<String, String> simulatorOptions, String advertisedHost) {
        try {
            GenieSimulator simulator = GenieSimulator.start(simulatorConfig(simulatorOptions));
            String url = "http://" + (advertisedHost.contains(":") ? "[" + advertisedHost + "]" : advertisedHost)
                    + ":" + simulator.port();
            return new SharedSimulator(url, summary(simulator.config()), simulator::close);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the shared Genie simulator: " + e.getMessage(), e);
        }
    }

    /**
     * A simulator started for the nodes of a distributed run.
     *
     * @param url     where the nodes reach it ({@code GENIE_SIMULATOR_URL})
     * @param summary its speed and limit, in words
     * @param stop    stops it
     */
    public record SharedSimulator(String url, String summary, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    /**
     * What a run on the embedded simulator with these options will use, in words, e.g. "time scale 1.0, no
     * questions-per-minute limit" (for the launchers' first line, before JMeter starts the simulator).
     *
     * @throws io.geniejmeter.simulator.SimulatorConfigException for a bad option
     */
    public static String simulatorSummary(Map<String, String> simulatorOptions) {
        return summary(simulatorConfig(simulatorOptions));
    }

    private static SimulatorConfig simulatorConfig(Map<String, String> simulatorOptions) {
        Map<String, String> options = new HashMap<>(SIMULATOR_DEFAULTS);
        options.putAll(simulatorOptions);
        return SimulatorConfig.fromOptions(options);
    }

    private static String summary(SimulatorConfig config) {
        int qpm = config.rateLimit().qpm();
        return "time scale " + config.timing().timeScale() + ", "
                + (qpm == 0 ? "no questions-per-minute limit" : qpm + " questions per minute");
    }
}
