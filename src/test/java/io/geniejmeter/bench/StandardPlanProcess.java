package io.geniejmeter.bench;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code testplans/genie-standard.jmx} in a JMeter process of its own (the installation the Maven build configured),
 * pointed at a simulator in the benchmark's JVM as a workspace, and what the benchmarks read about that process
 * (threads, sockets, heap) and its results (each question's time to its final status against the simulator's ground
 * truth). Linux only (/proc).
 */
final class StandardPlanProcess {

    /** Absolute errors of the reported time to the final status against the ground truth, and the counts. */
    record Accuracy(int samples, int failures, int matched, long p50AbsMs, long p99AbsMs, long maxAbsMs,
                    double meanSignedMs) {
    }

    final Process process;
    final Path jtl;
    final Path work;

    private StandardPlanProcess(Process process, Path jtl, Path work) {
        this.process = process;
        this.jtl = jtl;
        this.work = work;
    }

    /** Starts JMeter on the standard plan with {@code props} ({@code -J...}), heap {@code heap}, in {@code work}. */
    static StandardPlanProcess start(GenieSimulator sim, Path work, String heap, List<String> props)
            throws IOException {
        Path project = Path.of("").toAbsolutePath();
        Path jtl = work.resolve("results.jtl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms" + heap, "-Xmx" + heap, "-Xss256k", "-Xlog:gc:file=" + work.resolve("gc.log"),
                "-jar", JMeterPluginBenchmark.jmeterHome(project).resolve("bin/ApacheJMeter-5.6.3.jar").toString(),
                "-n", "-t", project.resolve("testplans/genie-standard.jmx").toString(), "-l", jtl.toString(),
                "-j", work.resolve("jmeter.log").toString(), "-Jjmeter.save.saveservice.output_format=csv",
                "-Jgenie.target=workspace", "-Jsample_variables=genie_message_id,genie_polls",
                "-Jgenie.conversations=" + project.resolve("testplans/sample-conversations.yaml")));
        command.addAll(props);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("jmeter.out").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DATABRICKS_") || k.startsWith("GENIE_"));
        builder.environment().putAll(Map.of("DATABRICKS_HOST", sim.baseUrl(), "DATABRICKS_TOKEN", sim.token(),
                "GENIE_SPACE_ID", sim.spaceId()));
        return new StandardPlanProcess(builder.start(), jtl, work);
    }

    /** Live threads of the JMeter process. */
    int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return -1;
    }

    /** Open sockets of the JMeter process (its connections to Genie, and JMeter's own). */
    int sockets() {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()),
                "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    /** Heap still in use after a full collection, MB: forces one with jcmd, then reads the heap. */
    long liveHeapMb() throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        return JMeterPluginBenchmark.heapUsedKb(process.pid()) / 1024;
    }

    /** Samples written so far (JTL lines after the header). */
    long samplesSoFar() {
        try (var lines = Files.lines(jtl, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.count() - 1);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Each sample's Latency (time to the final status) against the ground truth of its message. */
    Accuracy accuracy(List<MessageTruth> truth) throws IOException {
        Map<String, Long> truthMs = new HashMap<>();
        for (MessageTruth t : truth) {
            if (t.completedMs() != null) {
                truthMs.put(t.messageId(), t.completedMs() - t.createdMs());
            }
        }
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        List<String> header = JMeterPluginBenchmark.fields(lines.get(0));
        int latency = header.indexOf("Latency");
        int success = header.indexOf("success");
        int id = header.indexOf("genie_message_id");
        List<Long> errors = new ArrayList<>();
        int samples = 0;
        int failures = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = JMeterPluginBenchmark.fields(line);
            if (f.size() < header.size()) {
                continue;
            }
            samples++;
            if (!Boolean.parseBoolean(f.get(success))) {
                failures++;
                continue;
            }
            Long t = truthMs.get(f.get(id));
            if (t != null) {
                errors.add(Long.parseLong(f.get(latency)) - t);
            }
        }
        long[] abs = errors.stream().mapToLong(Math::abs).sorted().toArray();
        return new Accuracy(samples, failures, abs.length, percentile(abs, 0.50), percentile(abs, 0.99),
                abs.length == 0 ? 0 : abs[abs.length - 1],
                errors.stream().mapToLong(Long::longValue).average().orElse(Double.NaN));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Share of the machine's CPU time that was idle between two readings of /proc/stat's first line. */
    static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] v = Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(v).sum();
            return new long[] {total, v[3] + (v.length > 4 ? v[4] : 0)}; // idle + iowait
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
