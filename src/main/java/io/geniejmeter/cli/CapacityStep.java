package io.geniejmeter.cli;

import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.results.CsvRecords;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a capacity series: the load it applied and what the results file says about it, in Genie's own time
 * (on the simulator at {@code --time-scale X}, durations are divided and rates multiplied by X, so that a search run
 * ten times faster reports what real Genie would see).
 *
 * @param load          users, or conversations per minute
 * @param unit          {@link #USERS} or {@link #PER_MINUTE}
 * @param questions     Genie questions asked (samples whose label starts with {@code GENIE})
 * @param throughput    questions answered successfully per minute over the step's window, counted when answered:
 *                      what Genie delivered under this load (an answer still running when the window closes is
 *                      not counted, so a step that keeps up reads low by rate x response time / window)
 * @param accepted      questions answered successfully per minute over the window, counted when asked: the rate
 *                      Genie took questions in and answered them (a questions-per-minute limit acts when a question
 *                      is asked, so under throttling this is the limit; a step whose queue grows reads high, since
 *                      the questions it queued are answered after the window)
 * @param p50           median response time of the answered questions, seconds (likewise p95, p99)
 * @param errorRate     failed questions / questions
 * @param throttleRate  throttled questions (HTTP 429, {@code RATE_LIMIT_EXCEEDED_*}) / questions
 * @param refused       arrivals refused for want of capacity in the generator ({@code ARRIVAL no_capacity})
 * @param phases        mean seconds per Genie phase over the answered questions (columns {@code genie_<phase>_ms})
 * @param resultsDir    the step's results folder
 */
record CapacityStep(double load, String unit, int questions, double throughput, double accepted, double p50,
                    double p95, double p99, double errorRate, double throttleRate, int refused,
                    Map<GeniePhase, Double> phases, Path resultsDir) {

    static final String USERS = "users";
    static final String PER_MINUTE = "conversations/min";

    /**
     * Reads {@code dir/results.jtl}. {@code windowSeconds} is the time the load was applied (real seconds), over
     * which the throughput and the accepted rate are counted, from the first question on; 0 takes the span of the
     * samples.
     */
    static CapacityStep read(Path dir, double load, String unit, double timeScale, double windowSeconds)
            throws IOException {
        Path jtl = dir.resolve("results.jtl");
        List<List<String>> records;
        try (BufferedReader in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            records = CsvRecords.parse(in);
        }
        if (records.isEmpty()) {
            throw new IOException(jtl + " is empty");
        }
        List<String> header = records.get(0);
        int stamp = column(header, "timeStamp", jtl);
        int elapsed = column(header, "elapsed", jtl);
        int label = column(header, "label", jtl);
        int code = column(header, "responseCode", jtl);
        int message = column(header, "responseMessage", jtl);
        int success = column(header, "success", jtl);
        Map<GeniePhase, Integer> phaseColumns = new LinkedHashMap<>();
        for (GeniePhase phase : GeniePhase.values()) {
            int i = header.indexOf(phase.variable());
            if (i >= 0) {
                phaseColumns.put(phase, i);
            }
        }
        int questions = 0;
        int failed = 0;
        int throttled = 0;
        int refused = 0;
        List<Long> okElapsed = new ArrayList<>();
        List<long[]> okSpans = new ArrayList<>();
        Map<GeniePhase, double[]> phaseSums = new LinkedHashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() < header.size()) {
                continue; // cut off by a crash
            }
            String name = r.get(label);
            if (LoadTestLauncher.NO_CAPACITY_LABEL.equals(name)) {
                refused++;
                continue;
            }
            if (!name.startsWith("GENIE")) {
                continue;
            }
            questions++;
            long ms = Long.parseLong(r.get(elapsed));
            long start = Long.parseLong(r.get(stamp));
            first = Math.min(first, start);
            last = Math.max(last, start + ms);
            if (!Boolean.parseBoolean(r.get(success))) {
                failed++;
                if (isThrottled(r.get(code), r.get(message))) {
                    throttled++;
                }
                continue;
            }
            okElapsed.add(ms);
            okSpans.add(new long[] {start, start + ms});
            phaseColumns.forEach((phase, i) -> {
                String v = r.get(i);
                if (!v.isBlank()) {
                    double[] sum = phaseSums.computeIfAbsent(phase, p -> new double[2]);
                    sum[0] += Double.parseDouble(v);
                    sum[1]++;
                }
            });
        }
        long[] sorted = okElapsed.stream().mapToLong(Long::longValue).sorted().toArray();
        double toGenieSeconds = 1.0 / 1000.0 / timeScale;
        double window = windowSeconds > 0 ? windowSeconds
                : questions == 0 ? 0 : Math.max(1, last - first) / 1000.0;
        long windowEnd = questions == 0 ? 0 : first + Math.round(window * 1000);
        long answeredInWindow = okSpans.stream().filter(s -> s[1] <= windowEnd).count();
        long askedInWindow = okSpans.stream().filter(s -> s[0] < windowEnd).count();
        double minutes = window / timeScale / 60.0;
        double throughput = window == 0 ? 0 : answeredInWindow / minutes;
        double accepted = window == 0 ? 0 : askedInWindow / minutes;
        Map<GeniePhase, Double> phases = new LinkedHashMap<>();
        phaseSums.forEach((phase, sum) -> phases.put(phase, sum[0] / sum[1] * toGenieSeconds));
        return new CapacityStep(load, unit, questions, throughput, accepted,
                JtlSummary.percentile(sorted, 50) * toGenieSeconds, JtlSummary.percentile(sorted, 95) * toGenieSeconds,
                JtlSummary.percentile(sorted, 99) * toGenieSeconds,
                questions == 0 ? 0 : (double) failed / questions, questions == 0 ? 0 : (double) throttled / questions,
                refused, phases, dir);
    }

    /** Genie refused the question for the questions-per-minute limit (the client's codes for it). */
    static boolean isThrottled(String code, String message) {
        return "429".equals(code) || code.startsWith("RATE_LIMIT") || code.equals("RATE_LIMITED")
                || message.contains("RATE_LIMIT_EXCEEDED") || message.contains("REQUEST_LIMIT_EXCEEDED");
    }

    private static int column(List<String> header, String name, Path jtl) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(jtl + " has no '" + name + "' column (a CSV JTL with a header is expected)");
        }
        return i;
    }

    /** Mean seconds in {@code phase}, 0 when the results file had no such column. */
    double phase(GeniePhase phase) {
        return phases.getOrDefault(phase, 0.0);
    }

    /** The load as written in tables: {@code 8 users}, {@code 2.5 conversations/min}. */
    String loadText() {
        return CapacityReport.number(load) + " " + unit;
    }
}
