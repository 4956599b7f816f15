package io.geniejmeter.jmeter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.reporters.ResultCollector;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;

/**
 * Runs a shipped plan ({@code testplans/*.jmx}) the way {@code jmeter -n -t plan -l results.jtl} does, but in a
 * JMeter engine inside this JVM: the plan loaded by JMeter's SaveService from the installation the Maven build
 * configured, converted as non-GUI JMeter converts it, a result collector writing a CSV JTL added at the top, the
 * {@code -J} properties set as JMeter properties. One JVM start for many short runs, and the test can see the threads
 * and sockets the run leaves behind. Runs one after another only (JMeter's engine state is JVM-wide).
 */
final class InProcessPlanRun {

    private static final Pattern COMMA = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    private static boolean initialised;

    /** What one run left: the JTL's rows (header name to value), when it started, how long its end took. */
    record Result(List<Map<String, String>> rows, long startedAtMs, long endedAtMs, boolean ended) {
    }

    private InProcessPlanRun() {
    }

    /** Loads JMeter's own properties from the build's installation, once per JVM, as {@code jmeter -n} does. */
    static synchronized void initJMeter() throws IOException {
        if (initialised) {
            return;
        }
        Path home = PlainJMeterIT.jmeterHome();
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
        initialised = true;
    }

    /**
     * Runs {@code plan} with the JMeter properties {@code properties} (removed again afterwards), writing the JTL to
     * {@code jtl}; waits at most {@code maxMs} for the test to end by itself.
     */
    static Result run(Path plan, Map<String, String> properties, Path jtl, long maxMs) throws Exception {
        initJMeter();
        Properties props = JMeterUtils.getJMeterProperties();
        properties.forEach(props::setProperty);
        try {
            SampleEvent.initSampleVariables(); // sample_variables is read into a static: read it for this run
            HashTree tree = SaveService.loadTree(plan.toFile());
            JMeter.convertSubTree(tree, false);
            ResultCollector jtlWriter = new ResultCollector();
            jtlWriter.setFilename(jtl.toString());
            tree.add(tree.getArray()[0], jtlWriter);

            StandardJMeterEngine engine = new StandardJMeterEngine();
            engine.configure(tree);
            long started = System.currentTimeMillis();
            engine.runTest();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
            while (engine.isActive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long ended = System.currentTimeMillis();
            boolean stopped = !engine.isActive();
            if (!stopped) {
                engine.stopTest(true);
            }
            return new Result(rows(jtl), started, ended, stopped);
        } finally {
            properties.keySet().forEach(props::remove);
            SampleEvent.initSampleVariables();
            SharedGenie.close();
            TestSettings.clear();
        }
    }

    /** The rows of a CSV JTL, each a map from column name to value. */
    static List<Map<String, String>> rows(Path jtl) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        File file = jtl.toFile();
        if (!file.exists()) {
            return rows;
        }
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = COMMA.split(lines.get(0).replace("\"", ""));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = COMMA.split(line, -1);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                row.put(header[i], unquote(f[i]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                ? v.substring(1, v.length() - 1).replace("\"\"", "\"") : v;
    }
}
