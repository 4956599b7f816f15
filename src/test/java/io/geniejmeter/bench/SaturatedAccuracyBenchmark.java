package io.geniejmeter.bench;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Timing stays honest under stress (issue 9): {@code bench.users} users (2,000) replay the sample conversations with
 * the standard plan in a real JMeter process while a competing process keeps every core busy
 * ({@link BusyLoop}, {@code bench.busyThreads} threads, default one per core), against a time-scaled simulator in
 * this JVM. Each answered sample's time to the final status (the JTL's Latency column) is compared with the
 * simulator's ground truth for its message; the p99 of the absolute error must stay within 50 ms. Not a test: it
 * loads the machine for {@code bench.seconds} (60) plus the ramp-up.
 *
 * <p>Run (Linux, after {@code mvn verify} built JMeter in target/):
 * <pre>
 * mvn -q -o -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.geniejmeter.bench.SaturatedAccuracyBenchmark -Dbench.users=2000 -Dbench.seconds=60
 * </pre>
 * Other properties: {@code bench.rampup} (20 s), {@code bench.timeScale} (0.2: answers in 1-6 s),
 * {@code bench.minWait}/{@code bench.maxWait} (think time, 2/6 s), {@code bench.heap} (2g).
 */
public final class SaturatedAccuracyBenchmark {

    private SaturatedAccuracyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.users", 2000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int rampup = Integer.getInteger("bench.rampup", 20);
        int busyThreads = Integer.getInteger("bench.busyThreads", Runtime.getRuntime().availableProcessors());
        String timeScale = System.getProperty("bench.timeScale", "0.2");
        Path work = Files.createTempDirectory("genie-saturated");
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("time-scale", timeScale, "qpm", "0",
                "warehouse-slots", "100000", "max-connections", Integer.toString(users * 2), "seed", "42"));
        System.out.printf(Locale.ROOT, "%d users, %d s + %d s ramp-up, time scale %s, competing process with %d busy"
                + " threads, %d cores, load average before: %s%n", users, seconds, rampup, timeScale, busyThreads,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        Process busy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BusyLoop.class.getName(), Integer.toString(busyThreads))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            long[] cpuBefore = StandardPlanProcess.cpuTimes();
            StandardPlanProcess jmeter = StandardPlanProcess.start(sim, work, System.getProperty("bench.heap", "2g"),
                    List.of("-Jgenie.users=" + users, "-Jgenie.rampup=" + rampup, "-Jgenie.duration=" + seconds,
                            "-Jgenie.min_wait=" + System.getProperty("bench.minWait", "2"),
                            "-Jgenie.max_wait=" + System.getProperty("bench.maxWait", "6"), "-Jgenie.seed=42"));
            int maxThreads = 0;
            while (!jmeter.process.waitFor(2, TimeUnit.SECONDS)) {
                maxThreads = Math.max(maxThreads, jmeter.threads());
            }
            long[] cpuAfter = StandardPlanProcess.cpuTimes();
            double idle = 100.0 * (cpuAfter[1] - cpuBefore[1]) / Math.max(1, cpuAfter[0] - cpuBefore[0]);
            StandardPlanProcess.Accuracy a = jmeter.accuracy(sim.groundTruth());
            System.out.printf(Locale.ROOT, "JMeter exit %d, up to %d threads; CPU idle during the run %.1f %%,"
                    + " load average after: %s%n", jmeter.process.exitValue(), maxThreads, idle,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf(Locale.ROOT, "| users | samples | failed | matched with ground truth | abs. error p50 |"
                    + " p99 | max | mean signed | CPU idle |%n|---|---|---|---|---|---|---|---|---|%n"
                    + "| %d | %d | %d | %d | %d ms | %d ms | %d ms | %+.1f ms | %.1f %% |%n", users, a.samples(),
                    a.failures(), a.matched(), a.p50AbsMs(), a.p99AbsMs(), a.maxAbsMs(), a.meanSignedMs(), idle);
            System.out.println(a.p99AbsMs() <= 50 ? "p99 error within 50 ms" : "p99 error ABOVE 50 ms");
            System.out.println("JTL and logs: " + work);
        } finally {
            busy.destroyForcibly();
        }
    }
}
