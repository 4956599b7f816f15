package io.geniejmeter.bench;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Soak (issue 9): {@code bench.users} users (500) replay the sample conversations with the standard plan in a real
 * JMeter process for {@code bench.minutes} (30) against a time-scaled simulator in this JVM. Every
 * {@code bench.probeSeconds} (60) it reads the JMeter process's live heap (after a full collection forced with jcmd),
 * threads and open sockets, and the samples written so far; at the end it compares the first and the last third of
 * the readings after the ramp-up (heap, threads and sockets should stay flat) and checks the JTL against the
 * simulator's ground truth (p99 timing error, failures). Not a test.
 *
 * <p>Run (Linux, after {@code mvn verify} built JMeter in target/):
 * <pre>
 * mvn -q -o -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.geniejmeter.bench.SoakBenchmark -Dbench.users=500 -Dbench.minutes=30
 * </pre>
 * Other properties: {@code bench.rampup} (60 s), {@code bench.timeScale} (0.1: answers in 0.5-3 s),
 * {@code bench.minWait}/{@code bench.maxWait} (think time, 2/6 s), {@code bench.heap} (1g).
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    /** One reading of the JMeter process. */
    private record Probe(long atS, long samples, long received, long heapMb, int threads, int sockets) {
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.users", 500);
        int minutes = Integer.getInteger("bench.minutes", 30);
        int rampup = Integer.getInteger("bench.rampup", 60);
        int probeSeconds = Integer.getInteger("bench.probeSeconds", 60);
        String timeScale = System.getProperty("bench.timeScale", "0.1");
        Path work = Files.createTempDirectory("genie-soak");
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("time-scale", timeScale, "qpm", "0",
                "warehouse-slots", "100000", "max-connections", Integer.toString(users * 2), "seed", "42"));
        System.out.printf(Locale.ROOT, "%d users for %d min (%d s ramp-up), time scale %s, a reading every %d s,"
                + " %d cores%n", users, minutes, rampup, timeScale, probeSeconds,
                Runtime.getRuntime().availableProcessors());
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            StandardPlanProcess jmeter = StandardPlanProcess.start(sim, work, System.getProperty("bench.heap", "1g"),
                    List.of("-Jgenie.users=" + users, "-Jgenie.rampup=" + rampup,
                            "-Jgenie.duration=" + minutes * 60,
                            "-Jgenie.min_wait=" + System.getProperty("bench.minWait", "2"),
                            "-Jgenie.max_wait=" + System.getProperty("bench.maxWait", "6"), "-Jgenie.seed=42"));
            long start = System.nanoTime();
            List<Probe> probes = new ArrayList<>();
            System.out.println("| at | samples | questions received | live heap | threads | sockets |");
            System.out.println("|---|---|---|---|---|---|");
            while (!jmeter.process.waitFor(probeSeconds, TimeUnit.SECONDS)) {
                Probe p = new Probe(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), jmeter.samplesSoFar(),
                        sim.receivedQuestions(), jmeter.liveHeapMb(), jmeter.threads(), jmeter.sockets());
                if (p.threads() < 0) {
                    break; // ended between the wait and the reading
                }
                probes.add(p);
                System.out.printf(Locale.ROOT, "| %d s | %d | %d | %d MB | %d | %d |%n", p.atS(), p.samples(),
                        p.received(), p.heapMb(), p.threads(), p.sockets());
            }
            jmeter.process.waitFor();
            List<Probe> steady = probes.stream().filter(p -> p.atS() > rampup + probeSeconds).toList();
            if (steady.size() >= 3) {
                int third = Math.max(1, steady.size() / 3);
                List<Probe> first = steady.subList(0, third);
                List<Probe> last = steady.subList(steady.size() - third, steady.size());
                System.out.printf(Locale.ROOT, "steady state, first third -> last third of the readings: live heap"
                        + " %.0f -> %.0f MB, threads %.0f -> %.0f, sockets %.0f -> %.0f%n",
                        mean(first, Probe::heapMb), mean(last, Probe::heapMb),
                        mean(first, p -> p.threads()), mean(last, p -> p.threads()),
                        mean(first, p -> p.sockets()), mean(last, p -> p.sockets()));
            }
            StandardPlanProcess.Accuracy a = jmeter.accuracy(sim.groundTruth());
            System.out.printf(Locale.ROOT, "JMeter exit %d; %d samples, %d failed, %d matched with the ground truth;"
                    + " timing error p50 %d ms, p99 %d ms, max %d ms; questions received %d%n",
                    jmeter.process.exitValue(), a.samples(), a.failures(), a.matched(), a.p50AbsMs(), a.p99AbsMs(),
                    a.maxAbsMs(), sim.receivedQuestions());
            java.util.regex.Matcher cut = java.util.regex.Pattern.compile("questions_cut_off=(\\d+)")
                    .matcher(Files.readString(work.resolve("jmeter.log")));
            long cutOff = cut.find() ? Long.parseLong(cut.group(1)) : -1;
            System.out.printf(Locale.ROOT, "accounting: %d samples + %d cut off %s %d questions received%n",
                    a.samples(), cutOff, a.samples() + cutOff == sim.receivedQuestions() ? "=" : "!=",
                    sim.receivedQuestions());
            System.out.println("JTL and logs: " + work);
        }
    }

    private static double mean(List<Probe> probes, java.util.function.ToLongFunction<Probe> value) {
        return probes.stream().mapToLong(value).average().orElse(Double.NaN);
    }
}
