package io.geniejmeter.bench;

import io.geniejmeter.settings.Settings;
import io.geniejmeter.genie.GenieClient;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.genie.SimulatorAccuracy;
import io.geniejmeter.genie.SimulatorAccuracy.Asker;
import io.geniejmeter.genie.SimulatorAccuracy.Measured;
import io.geniejmeter.genie.SimulatorAccuracy.Summary;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How exactly {@link GenieClient} measures Genie's response time, and how often it polls, beside the original tool's
 * method and the SDK's own waiter measured in the same run; not a test.
 *
 * <p>Run: {@code mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.geniejmeter.bench.ClientAccuracyBenchmark} (optional {@code -Dbench.conversations=50},
 * {@code -Dbench.messages=2}, {@code -Dbench.timeScale=1.0}, {@code -Dbench.seed=42}).
 *
 * <p>Load: the embedded Genie simulator with its default latency model (answers in about 5-30 s at time scale 1),
 * no rate limit and a warehouse large enough not to queue. Each method runs {@code bench.conversations} concurrent
 * conversations of {@code bench.messages} questions (start + follow-ups), all methods at the same time against the
 * same simulator, so they see the same conditions. Every measured latency is compared with the simulator's ground
 * truth for that message ({@code completed_ms - created_ms}). Methods:
 * <ul>
 *   <li><b>GenieClient</b>: this project (server time stamps + one-way delay, adaptive polls, 1 s poll budget);</li>
 *   <li><b>original (0.5 s sleep)</b>: the Python tool's loop: sleep 0.5 s, poll, until final; timed around it;</li>
 *   <li><b>SDK waiter</b>: {@code startConversation(...).get()}: sleeps 1, 2, 3 ... 10 s between polls.</li>
 * </ul>
 * With {@code bench.timeScale} below 1 every simulated duration shrinks, and the poll budget and the 0.5 s sleep
 * shrink with it (the SDK waiter's sleeps cannot be scaled, so it is left out).
 */
public final class ClientAccuracyBenchmark {

    private ClientAccuracyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int conversations = Integer.getInteger("bench.conversations", 50);
        int messages = Integer.getInteger("bench.messages", 2);
        double timeScale = Double.parseDouble(System.getProperty("bench.timeScale", "1.0"));
        long seed = Long.getLong("bench.seed", 42L);
        boolean withSdkWaiter = timeScale == 1.0;
        System.out.printf(Locale.ROOT, "ClientAccuracyBenchmark: %d concurrent conversations x %d messages per method,"
                        + " time scale %s, seed %d, %d cores%n", conversations, messages, timeScale, seed,
                Runtime.getRuntime().availableProcessors());

        int methods = withSdkWaiter ? 3 : 2;
        SimulatorConfig config = SimulatorConfig.builder().timeScale(timeScale).qpm(0).seed(seed)
                .warehouseSlots(10_000).maxConnections(Math.max(64, conversations * methods + 16)).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            long pollMs = Math.max(1, Math.round(1000 * timeScale));
            GenieSettings settings = SimulatorAccuracy.settingsFor(sim,
                    Map.of(Settings.GENIE_POLL_INTERVAL_MS.name(), Long.toString(Math.max(50, pollMs))));
            Map<String, Asker> askers = new LinkedHashMap<>();
            askers.put("GenieClient", SimulatorAccuracy.genieClient(
                    GenieClient.create(WorkspaceClients.create(settings, conversations), settings)));
            askers.put("original (0.5 s sleep)", SimulatorAccuracy.fixedSleepPolling(
                    WorkspaceClients.create(settings, conversations), sim.spaceId(),
                    Duration.ofMillis(Math.max(1, Math.round(500 * timeScale)))));
            if (withSdkWaiter) {
                askers.put("SDK waiter", SimulatorAccuracy.sdkWaiter(settings, conversations));
            }
            for (Asker asker : askers.values()) {
                asker.ask("warm-up", null); // class loading and JIT outside the measured run
            }
            sim.resetGroundTruth();

            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(askers.size());
            Map<String, Future<List<Measured>>> runs = new LinkedHashMap<>();
            for (Map.Entry<String, Asker> e : askers.entrySet()) {
                runs.put(e.getKey(), pool.submit(() -> SimulatorAccuracy.run(conversations, messages, e.getValue())));
            }
            Map<String, Summary> summaries = new LinkedHashMap<>();
            for (Map.Entry<String, Future<List<Measured>>> e : runs.entrySet()) {
                List<Measured> measured = e.getValue().get();
                summaries.put(e.getKey(), SimulatorAccuracy.summarise(
                        SimulatorAccuracy.join(measured, sim.groundTruth()), timeScale));
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "run took %.0f s%n", (System.nanoTime() - start) / 1e9);
            print(summaries);
        }
    }

    private static void print(Map<String, Summary> summaries) {
        Summary ours = summaries.get("GenieClient");
        List<String> lines = new ArrayList<>();
        lines.add("| method | messages | abs. error p50 | abs. error p99 | max | mean error | polls per message"
                + " | polls per second of answer | p99 error vs GenieClient |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Summary> e : summaries.entrySet()) {
            Summary s = e.getValue();
            lines.add(String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms | %+.0f ms | %.1f | %.2f | %s |",
                    e.getKey(), s.messages(), s.p50AbsErrorMs(), s.p99AbsErrorMs(), s.maxAbsErrorMs(),
                    s.meanErrorMs(), s.meanPolls(), s.meanPollsPerSecond(),
                    s == ours ? "1x" : String.format(Locale.ROOT, "%.0fx",
                            s.p99AbsErrorMs() / (double) Math.max(1, ours.p99AbsErrorMs()))));
        }
        lines.forEach(System.out::println);
    }
}
