package io.geniejmeter.bench;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin's cost as a load generator, beside a baseline measured in the same run: 2,000 concurrent virtual users
 * replay questions against one time-scaled Genie simulator, first with {@code testplans/genie-standard.jmx} (the
 * Genie Conversation Sampler), then with {@code src/test/jmeter/bench/baseline-http-poll.jmx}, the same flow
 * (start a conversation, poll the message until a final status, fetch the query result) built from stock HTTP
 * Request samplers, a JSON Extractor and a While Controller, polling every 50 ms so that it times answers about as
 * accurately as the plugin's client (which polls about once per second and reads Genie's own time stamps).
 *
 * <p>Each plan runs in its own JMeter process (the installation {@code bin/genie-loadtest} builds); measured there:
 * CPU time of the JMeter process (from /proc, user + system) per 1,000 answered questions, the most heap in use
 * (sampled every 2 s with {@code jcmd GC.heap_info}, garbage included), the most heap left right after a garbage
 * collection (from {@code -Xlog:gc}: what the test really holds) and HTTP polls per question. The simulator runs in this JVM, so
 * its CPU is not counted for either plan.
 *
 * <p>Run (Linux, after {@code bin/genie-loadtest --help} or any {@code mvn verify} built JMeter):
 * <pre>
 * mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.geniejmeter.bench.JMeterPluginBenchmark [-Dbench.users=2000 -Dbench.seconds=60]
 * </pre>
 * System properties: {@code bench.users} (2000), {@code bench.seconds} (60 per plan), {@code bench.rampup} (20),
 * {@code bench.timeScale} (0.2: answers in 1-6 s), {@code bench.pollMs} (baseline poll interval, 50).
 */
public final class JMeterPluginBenchmark {

    private static final Pattern TRANSACTION_SAMPLES = Pattern.compile("Number of samples in transaction : (\\d+)");
    private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JMeterPluginBenchmark() {
    }

    record Result(String plan, long messages, long failures, double cpuSeconds, long maxHeapMb, long maxLiveMb,
                  double pollsPerMessage, long medianMs) {
        double cpuMsPer1000() {
            return messages == 0 ? Double.NaN : cpuSeconds * 1000 / messages * 1000;
        }
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.users", 2000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int rampup = Integer.getInteger("bench.rampup", 20);
        String timeScale = System.getProperty("bench.timeScale", "0.2");
        String pollMs = System.getProperty("bench.pollMs", "50");
        Path project = Path.of("").toAbsolutePath();
        Path jmeterHome = jmeterHome(project);
        Path work = Files.createTempDirectory("genie-bench");

        // The same questions for both plans: every message of the sample file as a one-message conversation.
        List<String> questions = new ArrayList<>();
        List<Conversation> single = new ArrayList<>();
        for (Conversation c : ConversationFiles.read(project.resolve("testplans/sample-conversations.yaml"))
                .conversations()) {
            for (ConversationMessage m : c.messages()) {
                questions.add(m.content());
                single.add(new Conversation(m.messageId(), m.content(), c.createdTimestamp(), List.of(m)));
            }
        }
        Files.write(work.resolve("questions.tsv"), questions, StandardCharsets.UTF_8);
        ConversationFiles.write(new ConversationFile(null, null, single, null), work.resolve("questions.yaml"));

        Map<String, String> options = Map.of("time-scale", timeScale, "qpm", "0", "warehouse-slots", "100000",
                "max-connections", String.valueOf(users * 3), "seed", "42", "text-only-rate", "0");
        try (GenieSimulator simulator = GenieSimulator.start(SimulatorConfig.fromOptions(options))) {
            System.out.printf("Simulator %s, time scale %s; %d users, %d s per plan, %d s ramp-up%n",
                    simulator.baseUrl(), timeScale, users, seconds, rampup);

            Map<String, String> env = new HashMap<>();
            env.put("DATABRICKS_HOST", simulator.baseUrl());
            env.put("DATABRICKS_TOKEN", simulator.token());
            env.put("GENIE_SPACE_ID", simulator.spaceId());
            Result plugin = run("Genie Conversation Sampler", jmeterHome, work, "plugin",
                    project.resolve("testplans/genie-standard.jmx"), env, List.of(
                            "-Jgenie.target=workspace", "-Jgenie.users=" + users, "-Jgenie.rampup=" + rampup,
                            "-Jgenie.duration=" + seconds, "-Jgenie.conversations=" + work.resolve("questions.yaml"),
                            "-Jgenie.min_wait=0", "-Jgenie.max_wait=0", "-Jgenie.seed=42",
                            "-Jsample_variables=genie_polls"));
            Result baseline = run("stock HTTP + JSON extractor + While", jmeterHome, work, "baseline",
                    project.resolve("src/test/jmeter/bench/baseline-http-poll.jmx"), Map.of(), List.of(
                            "-Jbench.users=" + users, "-Jbench.rampup=" + rampup, "-Jbench.duration=" + seconds,
                            "-Jbench.questions=" + work.resolve("questions.tsv"), "-Jbench.port=" + simulator.port(),
                            "-Jbench.space=" + simulator.spaceId(), "-Jbench.token=" + simulator.token(),
                            "-Jbench.poll_ms=" + pollMs, "-Jjmeter.save.saveservice.subresults=false"));

            System.out.println();
            System.out.printf("%-38s %10s %9s %14s %12s %15s %13s %11s%n", "plan", "questions", "failures",
                    "CPU ms/1000 q", "max heap MB", "after GC MB", "polls/quest.", "median ms");
            for (Result r : List.of(plugin, baseline)) {
                System.out.printf(Locale.ROOT, "%-38s %10d %9d %14.0f %12d %15d %13.1f %11d%n", r.plan(),
                        r.messages(), r.failures(), r.cpuMsPer1000(), r.maxHeapMb(), r.maxLiveMb(),
                        r.pollsPerMessage(), r.medianMs());
            }
            System.out.printf(Locale.ROOT, "plugin / baseline: CPU per question %.2f, heap after GC %.2f, polls per"
                            + " question %.2f%n", plugin.cpuMsPer1000() / baseline.cpuMsPer1000(),
                    (double) plugin.maxLiveMb() / baseline.maxLiveMb(),
                    plugin.pollsPerMessage() / baseline.pollsPerMessage());
        }
    }

    private static Result run(String name, Path jmeterHome, Path work, String id, Path plan, Map<String, String> env,
                              List<String> props) throws Exception {
        Path jtl = work.resolve(id + ".jtl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms2g", "-Xmx2g", "-Xss256k",
                "-Xlog:gc:file=" + work.resolve(id + "-gc.log"), "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "-jar",
                jmeterHome.resolve("bin/ApacheJMeter-5.6.3.jar").toString(), "-n", "-t", plan.toString(), "-l",
                jtl.toString(), "-j", work.resolve(id + ".log").toString(),
                "-Jjmeter.save.saveservice.output_format=csv", "-Jsummariser.interval=30"));
        command.addAll(props);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(id + ".out").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABRICKS_") || k.startsWith("GENIE_"));
        builder.environment().putAll(env);
        System.out.printf("Running %s (%s)...%n", name, plan.getFileName());
        Process jmeter = builder.start();
        AtomicLong maxHeapKb = new AtomicLong();
        long lastCpuTicks = 0;
        while (!jmeter.waitFor(2, TimeUnit.SECONDS)) {
            maxHeapKb.accumulateAndGet(heapUsedKb(jmeter.pid()), Math::max);
            lastCpuTicks = Math.max(lastCpuTicks, cpuTicks(jmeter.pid()));
        }
        double cpuSeconds = lastCpuTicks / 100.0; // USER_HZ; the last reading before exit (report generation is off)

        long messages = 0;
        long failures = 0;
        long polls = 0;
        List<Long> elapsed = new ArrayList<>();
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        List<String> header = fields(lines.get(0));
        int label = header.indexOf("label");
        int success = header.indexOf("success");
        int time = header.indexOf("elapsed");
        int message = header.indexOf("responseMessage");
        int pollColumn = header.indexOf("genie_polls");
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            if (f.size() < header.size() || !f.get(label).startsWith("GENIE message")) {
                continue;
            }
            long questionPolls;
            String pollValue = pollColumn >= 0 ? f.get(pollColumn) : "";
            if (!pollValue.isEmpty() && !pollValue.equals("null")) {
                questionPolls = Long.parseLong(pollValue);
            } else {
                // Transaction Controller: "Number of samples in transaction : N, ..." = start + polls + result fetch.
                // Without it the row is a transaction cut off by the end of the test (JMeter writes those too).
                Matcher m = TRANSACTION_SAMPLES.matcher(f.get(message));
                if (!m.find()) {
                    continue;
                }
                questionPolls = Math.max(0, Long.parseLong(m.group(1)) - 2);
            }
            messages++;
            polls += questionPolls;
            elapsed.add(Long.parseLong(f.get(time)));
            if (!Boolean.parseBoolean(f.get(success))) {
                failures++;
            }
        }
        elapsed.sort(Long::compare);
        long median = elapsed.isEmpty() ? 0 : elapsed.get(elapsed.size() / 2);
        return new Result(name, messages, failures, cpuSeconds, maxHeapKb.get() / 1024,
                maxAfterGcMb(work.resolve(id + "-gc.log")),
                messages == 0 ? Double.NaN : (double) polls / messages, median);
    }

    /** Splits one CSV line as JMeter writes it (quoted fields may hold commas and doubled quotes). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** The most heap in use right after a collection (what survives: threads' state, queues), from -Xlog:gc. */
    private static long maxAfterGcMb(Path gcLog) throws IOException {
        long max = 0;
        if (Files.isRegularFile(gcLog)) {
            Matcher m = AFTER_GC.matcher(Files.readString(gcLog));
            while (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    /** utime + stime of a process, in clock ticks, from /proc (Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long heapUsedKb(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(jcmd.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = HEAP_USED.matcher(line);
                    if (m.find()) {
                        jcmd.waitFor();
                        return Long.parseLong(m.group(1));
                    }
                }
            }
            jcmd.waitFor();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static Path jmeterHome(Path project) throws IOException {
        Path config = project.resolve("target/config.json");
        if (Files.isRegularFile(config)) {
            Matcher m = Pattern.compile("\"jmeterDirectoryPath\":\"([^\"]*)\"").matcher(Files.readString(config));
            if (m.find() && Files.isDirectory(Path.of(m.group(1)))) {
                return Path.of(m.group(1));
            }
        }
        throw new IllegalStateException("No JMeter installation in target/: run bin/genie-loadtest --headless -t 10s"
                + " once (or mvn verify) to build it");
    }
}
