package io.geniejmeter.bench;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
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
 * The plugin's cost as a load generator, beside two stock JMeter plans measured in the same run and at the same poll
 * rate (about one poll per second): concurrent virtual users replay one-message conversations against one
 * time-scaled Genie simulator, in turn with
 * <ol>
 *   <li>{@code testplans/genie-standard.jmx}: the Genie Conversation Sampler;</li>
 *   <li>{@code src/test/jmeter/bench/baseline-http-poll.jmx}, <b>the baseline</b>: the same flow (start a
 *       conversation, poll the message until a final status, fetch the query result) from stock HTTP Request
 *       samplers, JSON Extractors, a While Controller with a Constant Timer of {@code bench.pollMs} and a Transaction
 *       Controller, whose sample times the question as polling sees it (late by up to one poll interval);</li>
 *   <li>{@code src/test/jmeter/bench/baseline-server-times.jmx}: the baseline whose JSON Extractor also reads the
 *       message's server time stamps ({@code created_timestamp}, {@code last_updated_timestamp}) on every poll and
 *       saves them as sample variables: a stock plan that times answers from Genie's clock, as the plugin does.</li>
 * </ol>
 *
 * <p>Each plan runs in its own JMeter process (the installation {@code bin/genie-loadtest} or {@code mvn verify}
 * builds in target/); measured there: CPU time of the JMeter process (from /proc, user + system) per answered question
 * and per HTTP request, the most heap in use (sampled every 2 s with {@code jcmd GC.heap_info}, garbage included), the
 * most heap left right after a garbage collection (from {@code -Xlog:gc}: what the test really holds), polls and HTTP
 * requests per question, and accuracy: each question's time to its final status as the plan reports it (the plugin's
 * Latency column, the baseline's transaction time, the server time stamps' difference) against the simulator's ground
 * truth for that message (completed minus created), as the mean and 99th percentile of the absolute error. HTTP
 * requests are counted from the results: the plugin's start + {@code genie_polls} + one query-result fetch per answer
 * with a statement; the stock plans' samples in the transaction + the query-result samples. Every figure is also shown
 * as a ratio to the baseline's. The simulator runs in this JVM, so its CPU is not counted for any plan; questions
 * still running when a plan's duration ends are left out (their cost is not).
 *
 * <p>Run (Linux, after {@code bin/genie-loadtest --help} or any {@code mvn verify} built JMeter):
 * <pre>
 * mvn -q -o -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.geniejmeter.bench.JMeterPluginBenchmark -Dbench.users=300 -Dbench.seconds=60
 * </pre>
 * System properties: {@code bench.users} (2000), {@code bench.seconds} (60 per plan), {@code bench.rampup} (20),
 * {@code bench.timeScale} (0.2: answers in 1-6 s), {@code bench.pollMs} (the stock plans' poll interval, 1000, the
 * plugin's average budget), {@code bench.heap} (JMeter's -Xms/-Xmx, 2g).
 */
public final class JMeterPluginBenchmark {

    private static final Pattern TRANSACTION_SAMPLES = Pattern.compile("Number of samples in transaction : (\\d+)");
    private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JMeterPluginBenchmark() {
    }

    /** How a plan reports a question's time to its final status, and where its HTTP requests show in the results. */
    enum Timing {
        /** Genie Conversation Sampler: Latency column (elapsed minus the result fetch), genie_* variables. */
        PLUGIN,
        /** Stock plan: the Transaction Controller's time, timers included. */
        POLLING,
        /** Stock plan: last_updated_timestamp - created_timestamp of the final poll, from sample variables. */
        SERVER_TIME_STAMPS
    }

    /** Mean and 99th percentile of |reported - true| time to the final status, over questions with a ground truth. */
    record Accuracy(int matched, double meanAbsMs, long p99AbsMs, double meanSignedMs) {
    }

    record Result(String plan, long questions, long failures, long httpRequests, long polls, double cpuSeconds,
                  long maxHeapMb, long maxLiveMb, Accuracy accuracy) {
        double cpuMsPerQuestion() {
            return questions == 0 ? Double.NaN : cpuSeconds * 1000 / questions;
        }

        double cpuMsPerRequest() {
            return httpRequests == 0 ? Double.NaN : cpuSeconds * 1000 / httpRequests;
        }

        double pollsPerQuestion() {
            return questions == 0 ? Double.NaN : (double) polls / questions;
        }

        double requestsPerQuestion() {
            return questions == 0 ? Double.NaN : (double) httpRequests / questions;
        }
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.users", 2000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int rampup = Integer.getInteger("bench.rampup", 20);
        String timeScale = System.getProperty("bench.timeScale", "0.2");
        String pollMs = System.getProperty("bench.pollMs", "1000");
        String heap = System.getProperty("bench.heap", "2g");
        Path project = Path.of("").toAbsolutePath();
        Path jmeterHome = jmeterHome(project);
        Path work = Files.createTempDirectory("genie-bench");

        // The same questions for every plan: every message of the sample file as a one-message conversation.
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
            System.out.printf("Simulator %s, time scale %s; %d users, %d s per plan, %d s ramp-up, stock plans poll"
                    + " every %s ms, %d cores%n", simulator.baseUrl(), timeScale, users, seconds, rampup, pollMs,
                    Runtime.getRuntime().availableProcessors());

            Map<String, String> env = new HashMap<>();
            env.put("DATABRICKS_HOST", simulator.baseUrl());
            env.put("DATABRICKS_TOKEN", simulator.token());
            env.put("GENIE_SPACE_ID", simulator.spaceId());
            Result plugin = run("Genie Conversation Sampler", Timing.PLUGIN, simulator, jmeterHome, work, "plugin",
                    project.resolve("testplans/genie-standard.jmx"), heap, env, List.of(
                            "-Jgenie.target=workspace", "-Jgenie.users=" + users, "-Jgenie.rampup=" + rampup,
                            "-Jgenie.duration=" + seconds, "-Jgenie.conversations=" + work.resolve("questions.yaml"),
                            "-Jgenie.min_wait=0", "-Jgenie.max_wait=0", "-Jgenie.seed=42",
                            "-Jsample_variables=genie_message_id,genie_polls,genie_statement_id"));
            List<String> stock = List.of("-Jbench.users=" + users, "-Jbench.rampup=" + rampup,
                    "-Jbench.duration=" + seconds, "-Jbench.questions=" + work.resolve("questions.tsv"),
                    "-Jbench.port=" + simulator.port(), "-Jbench.space=" + simulator.spaceId(),
                    "-Jbench.token=" + simulator.token(), "-Jbench.poll_ms=" + pollMs,
                    "-Jjmeter.save.saveservice.subresults=false");
            Result baseline = run("stock HTTP, polling (baseline)", Timing.POLLING, simulator, jmeterHome, work,
                    "baseline", project.resolve("src/test/jmeter/bench/baseline-http-poll.jmx"), heap, Map.of(),
                    with(stock, "-Jsample_variables=mid"));
            Result serverTimes = run("stock HTTP, server time stamps", Timing.SERVER_TIME_STAMPS, simulator,
                    jmeterHome, work, "server-times",
                    project.resolve("src/test/jmeter/bench/baseline-server-times.jmx"), heap, Map.of(),
                    with(stock, "-Jsample_variables=mid,created_ms,updated_ms"));

            List<Result> all = List.of(plugin, baseline, serverTimes);
            System.out.println();
            System.out.printf("%-32s %9s %8s %9s %8s %9s %9s %9s %9s %10s %9s%n", "plan", "questions", "failures",
                    "req/quest", "polls/q", "CPU ms/q", "CPU ms/r", "max heap", "after GC", "|err| mean",
                    "|err| p99");
            for (Result r : all) {
                System.out.printf(Locale.ROOT, "%-32s %9d %8d %9.2f %8.2f %9.2f %9.3f %7dMB %7dMB %8.0fms %7dms%n",
                        r.plan(), r.questions(), r.failures(), r.requestsPerQuestion(), r.pollsPerQuestion(),
                        r.cpuMsPerQuestion(), r.cpuMsPerRequest(), r.maxHeapMb(), r.maxLiveMb(),
                        r.accuracy().meanAbsMs(), r.accuracy().p99AbsMs());
            }
            System.out.println();
            System.out.printf("%-32s %9s %9s %9s %9s %9s %10s%n", "ratio to the baseline", "CPU/q", "CPU/req",
                    "polls/q", "max heap", "after GC", "|err| mean");
            for (Result r : all) {
                System.out.printf(Locale.ROOT, "%-32s %9.2f %9.2f %9.2f %9.2f %9.2f %10.3f%n", r.plan(),
                        r.cpuMsPerQuestion() / baseline.cpuMsPerQuestion(),
                        r.cpuMsPerRequest() / baseline.cpuMsPerRequest(),
                        r.pollsPerQuestion() / baseline.pollsPerQuestion(),
                        (double) r.maxHeapMb() / baseline.maxHeapMb(), (double) r.maxLiveMb() / baseline.maxLiveMb(),
                        r.accuracy().meanAbsMs() / baseline.accuracy().meanAbsMs());
            }
            System.out.printf(Locale.ROOT, "%nmean signed error (reported - true): %s%n", String.join(", ",
                    all.stream().map(r -> String.format(Locale.ROOT, "%s %+.0f ms over %d questions", r.plan(),
                            r.accuracy().meanSignedMs(), r.accuracy().matched())).toList()));
            System.out.println("JTL files and logs: " + work);
        }
    }

    private static List<String> with(List<String> props, String more) {
        List<String> out = new ArrayList<>(props);
        out.add(more);
        return out;
    }

    private static Result run(String name, Timing timing, GenieSimulator simulator, Path jmeterHome, Path work,
                              String id, Path plan, String heap, Map<String, String> env, List<String> props)
            throws Exception {
        simulator.resetGroundTruth();
        Path jtl = work.resolve(id + ".jtl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms" + heap, "-Xmx" + heap, "-Xss256k",
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

        Map<String, Long> truthMs = new HashMap<>();
        for (MessageTruth t : simulator.groundTruth()) {
            if (t.completedMs() != null) {
                truthMs.put(t.messageId(), t.completedMs() - t.createdMs());
            }
        }
        long questions = 0;
        long failures = 0;
        long polls = 0;
        long requests = 0;
        List<Long> errors = new ArrayList<>();
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        List<String> header = fields(lines.get(0));
        int label = header.indexOf("label");
        int success = header.indexOf("success");
        int elapsed = header.indexOf("elapsed");
        int latency = header.indexOf("Latency");
        int message = header.indexOf("responseMessage");
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            if (f.size() < header.size()) {
                continue;
            }
            if (f.get(label).equals("query result")) {
                requests++; // the stock plans' result fetch, a sample of its own
                continue;
            }
            if (!f.get(label).startsWith("GENIE message")) {
                continue;
            }
            long questionPolls;
            long reportedMs;
            String messageId;
            if (timing == Timing.PLUGIN) {
                questionPolls = Long.parseLong(value(f, header, "genie_polls", "0"));
                requests += 1 + questionPolls + (value(f, header, "genie_statement_id", "").isEmpty() ? 0 : 1);
                reportedMs = Long.parseLong(f.get(latency));
                messageId = value(f, header, "genie_message_id", "");
            } else {
                // "Number of samples in transaction : N" = start + polls. Without it the row is a transaction cut off
                // by the end of the test (JMeter writes those too).
                Matcher m = TRANSACTION_SAMPLES.matcher(f.get(message));
                if (!m.find()) {
                    continue;
                }
                long samples = Long.parseLong(m.group(1));
                questionPolls = Math.max(0, samples - 1);
                requests += samples;
                messageId = value(f, header, "mid", "");
                reportedMs = timing == Timing.POLLING ? Long.parseLong(f.get(elapsed))
                        : serverTimeMs(value(f, header, "created_ms", ""), value(f, header, "updated_ms", ""));
            }
            questions++;
            polls += questionPolls;
            if (!Boolean.parseBoolean(f.get(success))) {
                failures++;
            }
            Long truth = truthMs.get(messageId);
            if (truth != null && reportedMs >= 0) {
                errors.add(reportedMs - truth);
            }
        }
        return new Result(name, questions, failures, requests, polls, cpuSeconds, maxHeapKb.get() / 1024,
                maxAfterGcMb(work.resolve(id + "-gc.log")), accuracy(errors));
    }

    /** A sample variable's value in a JTL row, or {@code otherwise} when absent, empty or "NONE"/"null". */
    private static String value(List<String> row, List<String> header, String column, String otherwise) {
        int i = header.indexOf(column);
        String v = i < 0 ? "" : row.get(i);
        return v.isEmpty() || v.equals("null") || v.equals("NONE") ? otherwise : v;
    }

    /** last_updated - created in ms, or -1 when either time stamp is missing. */
    private static long serverTimeMs(String created, String updated) {
        return created.isEmpty() || updated.isEmpty() ? -1 : Long.parseLong(updated) - Long.parseLong(created);
    }

    private static Accuracy accuracy(List<Long> errors) {
        long[] abs = errors.stream().mapToLong(Math::abs).sorted().toArray();
        long p99 = abs.length == 0 ? 0 : abs[Math.max(0, (int) Math.ceil(0.99 * abs.length) - 1)];
        return new Accuracy(abs.length, java.util.Arrays.stream(abs).average().orElse(Double.NaN), p99,
                errors.stream().mapToLong(Long::longValue).average().orElse(Double.NaN));
    }

    /** Splits one CSV line as JMeter writes it (quoted fields may hold commas and doubled quotes). */
    static List<String> fields(String line) {
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
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long heapUsedKb(long pid) {
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

    static Path jmeterHome(Path project) throws IOException {
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
