package io.geniejmeter.cli;

import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.results.CsvRecords;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-request summary {@code bin/genie-loadtest} prints after a headless run, from JMeter's CSV results file:
 * for each label (request type and name, e.g. {@code GENIE} / {@code message_1_of_2}) the number of requests and
 * failures, the median and 95th percentile response time (all samples, in ms, nearest-rank) and requests per second
 * over the whole test; then the failures by response code and message. The original tool's table, in JMeter terms.
 * When the JTL has the {@code genie_*} time columns, also the mean and 95th percentile of the server time and of each
 * {@link GeniePhase}; with more than one request type (cache runs), a row per type.
 */
final class JtlSummary {

    /** Statistics of one label. */
    record Row(String type, String name, int requests, int failures, long medianMs, long p95Ms, double perSecond) {
    }

    /** Failures with the same label and response code; {@code message} is the first one's (they vary in detail). */
    record Failure(String label, String code, String message, int count) {
    }

    /**
     * Mean and 95th percentile (nearest rank) of one Genie time column over the samples that have it.
     *
     * @param column the JTL column, e.g. {@code genie_asking_ai_ms}
     * @param samples how many samples had a value
     */
    record Phase(String column, int samples, long meanMs, long p95Ms) {
    }

    private final List<Row> rows;
    private final Row total;
    private final List<Failure> failures;
    private List<Row> types = List.of();
    private List<Phase> phases = List.of();

    private JtlSummary(List<Row> rows, Row total, List<Failure> failures) {
        this.rows = rows;
        this.total = total;
        this.failures = failures;
    }

    /** One row per request type (the label's first word), in name order. */
    List<Row> types() {
        return types;
    }

    /** Server time and each phase of Genie's answers, when the JTL has those columns and values. */
    List<Phase> phases() {
        return phases;
    }

    List<Row> rows() {
        return rows;
    }

    Row total() {
        return total;
    }

    List<Failure> failures() {
        return failures;
    }

    /** Reads a CSV JTL with a header line, as JMeter writes it by default. */
    static JtlSummary read(Path jtl) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    static JtlSummary read(Reader in) throws IOException {
        List<List<String>> records = CsvRecords.parse(in);
        if (records.isEmpty()) {
            return new JtlSummary(List.of(), new Row("", "Aggregated", 0, 0, 0, 0, 0), List.of());
        }
        List<String> header = records.get(0);
        int timeStamp = column(header, "timeStamp");
        int elapsed = column(header, "elapsed");
        int label = column(header, "label");
        int code = column(header, "responseCode");
        int message = column(header, "responseMessage");
        int success = column(header, "success");

        Map<String, List<Long>> times = new TreeMap<>();
        Map<String, List<Long>> phaseValues = new LinkedHashMap<>();
        for (String name : PHASE_COLUMNS) {
            if (header.contains(name)) {
                phaseValues.put(name, new ArrayList<>());
            }
        }
        Map<String, Integer> failed = new TreeMap<>();
        Map<String, Failure> failureCounts = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() <= Math.max(Math.max(timeStamp, elapsed), Math.max(label, success))) {
                continue; // a line cut off by a crash
            }
            long ms = Long.parseLong(r.get(elapsed));
            long stamp = Long.parseLong(r.get(timeStamp));
            first = Math.min(first, stamp);
            last = Math.max(last, stamp + ms);
            times.computeIfAbsent(r.get(label), k -> new ArrayList<>()).add(ms);
            for (Map.Entry<String, List<Long>> phase : phaseValues.entrySet()) {
                int i = header.indexOf(phase.getKey());
                if (i < r.size() && !r.get(i).isBlank()) {
                    phase.getValue().add(Long.parseLong(r.get(i).strip()));
                }
            }
            all.add(ms);
            if (!Boolean.parseBoolean(r.get(success))) {
                failed.merge(r.get(label), 1, Integer::sum);
                failureCounts.merge(r.get(label) + "\u0000" + r.get(code),
                        new Failure(r.get(label), r.get(code), r.get(message), 1),
                        (a, b) -> new Failure(a.label(), a.code(), a.message(), a.count() + 1));
            }
        }
        double seconds = all.isEmpty() ? 0 : Math.max(1, last - first) / 1000.0;
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            rows.add(row(e.getKey(), e.getValue(), failed.getOrDefault(e.getKey(), 0), seconds));
        }
        int totalFailures = failed.values().stream().mapToInt(Integer::intValue).sum();
        Row total = row("Aggregated", all, totalFailures, seconds);
        total = new Row("", "Aggregated", total.requests(), total.failures(), total.medianMs(), total.p95Ms(),
                total.perSecond());
        List<Failure> failures = new ArrayList<>(failureCounts.values());
        failures.sort((a, b) -> Integer.compare(b.count(), a.count()));
        JtlSummary summary = new JtlSummary(rows, total, failures);
        summary.types = typeRows(times, failed, seconds);
        List<Phase> phases = new ArrayList<>();
        phaseValues.forEach((name, values) -> {
            if (!values.isEmpty()) {
                long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
                phases.add(new Phase(name, sorted.length, Math.round(values.stream().mapToLong(Long::longValue)
                        .average().orElse(0)), percentile(sorted, 95)));
            }
        });
        summary.phases = List.copyOf(phases);
        return summary;
    }

    /** The JTL columns whose mean and 95th percentile the summary shows: server time, then each phase. */
    static final List<String> PHASE_COLUMNS = phaseColumns();

    private static List<String> phaseColumns() {
        List<String> columns = new ArrayList<>(List.of(GenieSampleVariables.SERVER_MS));
        for (GeniePhase phase : GeniePhase.values()) {
            columns.add(phase.variable());
        }
        return List.copyOf(columns);
    }

    private static List<Row> typeRows(Map<String, List<Long>> times, Map<String, Integer> failed, double seconds) {
        Map<String, List<Long>> byType = new TreeMap<>();
        Map<String, Integer> failedByType = new TreeMap<>();
        times.forEach((label, values) -> {
            String type = typeOf(label);
            byType.computeIfAbsent(type, k -> new ArrayList<>()).addAll(values);
            failedByType.merge(type, failed.getOrDefault(label, 0), Integer::sum);
        });
        List<Row> types = new ArrayList<>();
        byType.forEach((type, values) -> {
            Row r = row(type + " all", values, failedByType.get(type), seconds);
            types.add(new Row(type, "(all)", r.requests(), r.failures(), r.medianMs(), r.p95Ms(), r.perSecond()));
        });
        return List.copyOf(types);
    }

    private static String typeOf(String label) {
        int space = label.indexOf(' ');
        return space > 0 ? label.substring(0, space) : "";
    }

    private static Row row(String label, List<Long> elapsed, int failures, double seconds) {
        long[] sorted = elapsed.stream().mapToLong(Long::longValue).sorted().toArray();
        int space = label.indexOf(' ');
        String type = space > 0 ? label.substring(0, space) : "";
        String name = space > 0 ? label.substring(space + 1) : label;
        return new Row(type, name, sorted.length, failures, percentile(sorted, 50), percentile(sorted, 95),
                seconds == 0 ? 0 : sorted.length / seconds);
    }

    /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int column(List<String> header, String name) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException("the results file has no '" + name + "' column (is it a CSV JTL with a header?)"
                    + " Columns: " + header);
        }
        return i;
    }

    /** Prints the table the way the original tool's statistics looked, then the failures. */
    void print(PrintStream out) {
        String format = "%-8s %-24s %8s %14s %11s %9s %8s%n";
        out.printf(format, "Type", "Name", "# reqs", "# fails", "Median(ms)", "95%(ms)", "req/s");
        out.println("-".repeat(90));
        for (Row r : rows) {
            printRow(out, format, r);
        }
        out.println("-".repeat(90));
        printRow(out, format, total);
        if (types.size() > 1) {
            out.println();
            out.println("By request type:");
            for (Row r : types) {
                printRow(out, format, r);
            }
        }
        if (!phases.isEmpty()) {
            out.println();
            out.println("Where Genie's time went (ms, answers that reached Genie):");
            String phaseFormat = "  %-28s %8s %10s %10s%n";
            out.printf(phaseFormat, "Column", "Answers", "Mean", "95%");
            for (Phase p : phases) {
                out.printf(Locale.ROOT, phaseFormat, p.column(), p.samples(), p.meanMs(), p.p95Ms());
            }
        }
        if (!failures.isEmpty()) {
            out.println();
            out.println("Failures:");
            for (Failure f : failures) {
                out.printf("  %5d x %s  %s: %s%n", f.count(), f.label(), f.code(), f.message());
            }
        }
    }

    private static void printRow(PrintStream out, String format, Row r) {
        String fails = String.format(Locale.ROOT, "%d(%.1f%%)", r.failures(),
                r.requests() == 0 ? 0.0 : 100.0 * r.failures() / r.requests());
        out.printf(Locale.ROOT, format, r.type(), r.name(), r.requests(), fails, r.medianMs(), r.p95Ms(),
                String.format(Locale.ROOT, "%.2f", r.perSecond()));
    }

    /** Writes the same table as CSV: Type,Name,Requests,Failures,Median ms,95% ms,Requests/s. */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Type,Name,Requests,Failures,Median ms,95% ms,Requests/s");
        for (Row r : rows) {
            lines.add(csv(r));
        }
        lines.add(csv(total));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String csv(Row r) {
        return String.join(",", Arrays.asList(r.type(), r.name(), String.valueOf(r.requests()),
                String.valueOf(r.failures()), String.valueOf(r.medianMs()), String.valueOf(r.p95Ms()),
                String.format(Locale.ROOT, "%.3f", r.perSecond())));
    }
}
