package io.geniejmeter.cli;

import io.geniejmeter.genie.GeniePhase;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The result of a capacity series: {@code capacity.csv} (one row per step) and {@code capacity.html}, a page that
 * needs nothing but itself (inline SVG, no script, no web font), with the answer in one sentence: the highest load
 * that met the objective and what limited the next one.
 */
final class CapacityReport {

    /** What a step must meet: 95th percentile at most {@code p95Seconds}, error rate at most {@code maxErrorRate}. */
    record Objective(double p95Seconds, double maxErrorRate) {
        boolean metBy(CapacityStep s) {
            return s.questions() > 0 && s.refused() == 0 && s.p95() <= p95Seconds && s.errorRate() <= maxErrorRate;
        }

        String text() {
            return "p95 \u2264 " + number(p95Seconds) + " s, errors \u2264 " + number(maxErrorRate * 100) + "%";
        }
    }

    /** Throttling, warehouse queueing, Genie time or the generator: what held a failing step back. */
    enum Limit {
        THROTTLING("throttling"), WAREHOUSE_QUEUEING("warehouse queueing"), GENIE_TIME("Genie time"),
        GENERATOR("the load generator's capacity (--max-in-flight)"), ERRORS("errors other than throttling");

        final String text;

        Limit(String text) {
            this.text = text;
        }
    }

    private static final List<GeniePhase> PHASES = List.of(GeniePhase.values());

    private final List<CapacityStep> steps;
    private final Objective objective;

    CapacityReport(List<CapacityStep> steps, Objective objective) {
        List<CapacityStep> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(CapacityStep::load));
        this.steps = List.copyOf(sorted);
        this.objective = objective;
    }

    List<CapacityStep> steps() {
        return steps;
    }

    /** The highest step meeting the objective below the first one that does not; null when the first fails. */
    CapacityStep answer() {
        CapacityStep best = null;
        for (CapacityStep s : steps) {
            if (!objective.metBy(s)) {
                return best;
            }
            best = s;
        }
        return best;
    }

    /** The first step that missed the objective, or null. */
    CapacityStep firstFailure() {
        return steps.stream().filter(s -> !objective.metBy(s)).findFirst().orElse(null);
    }

    /**
     * What limited {@code failed}: refused arrivals; else throttling when at least a third of its errors (and 1% of
     * its questions) were throttled; else other errors when the error rate broke the objective; else the phase whose
     * mean grew most from the lowest step: PENDING_WAREHOUSE is warehouse queueing, any other Genie time. Time the
     * polls could not split (UNOBSERVED) and the result fetch say nothing about Genie's phases and are left out.
     */
    Limit limitOf(CapacityStep failed) {
        if (failed.refused() > 0) {
            return Limit.GENERATOR;
        }
        if (failed.throttleRate() >= 0.01 && failed.throttleRate() >= failed.errorRate() / 3) {
            return Limit.THROTTLING;
        }
        if (failed.errorRate() > objective.maxErrorRate()) {
            return Limit.ERRORS;
        }
        CapacityStep base = steps.get(0);
        double warehouse = failed.phase(GeniePhase.PENDING_WAREHOUSE) - base.phase(GeniePhase.PENDING_WAREHOUSE);
        double other = 0;
        for (GeniePhase phase : PHASES) {
            if (phase != GeniePhase.PENDING_WAREHOUSE && phase != GeniePhase.RESULT_FETCH
                    && phase != GeniePhase.UNOBSERVED) {
                other = Math.max(other, failed.phase(phase) - base.phase(phase));
            }
        }
        return warehouse > 0 && warehouse >= other ? Limit.WAREHOUSE_QUEUEING : Limit.GENIE_TIME;
    }

    /**
     * The capacity in questions per minute Genie answered: the answer step's throughput, except when what limited
     * the next step was throttling. A questions-per-minute limit does not slow the questions it lets through, it
     * refuses the surplus, so the throttled step's answered rate is the limit itself; the steps below it can only
     * approach it from underneath (evenly spaced questions at exactly the limit collide with a sliding 60-second
     * window at its edge). The limit acts when a question is asked, so under throttling the rate is counted by when
     * the answered questions were asked ({@link CapacityStep#accepted}): counted by when they ended, the answers
     * still running as the step's window closes would be lost. NaN when no step met the objective.
     */
    double capacity() {
        CapacityStep answer = answer();
        if (answer == null) {
            return Double.NaN;
        }
        CapacityStep failed = firstFailure();
        if (failed != null && limitOf(failed) == Limit.THROTTLING) {
            return Math.max(answer.accepted(), failed.accepted());
        }
        return answer.throughput();
    }

    /** The one sentence of the page and the command's last line. */
    String sentence() {
        CapacityStep answer = answer();
        CapacityStep failed = firstFailure();
        String why = failed == null ? "" : " What limited " + failed.loadText() + ": " + limitOf(failed).text
                + " (p95 " + number(failed.p95()) + " s, errors " + percent(failed.errorRate()) + ", throttled "
                + percent(failed.throttleRate()) + (failed.refused() > 0 ? ", " + failed.refused()
                + " arrivals refused" : "") + ").";
        if (answer == null) {
            return "No step met the objective (" + objective.text() + "), not even the lowest, "
                    + (failed == null ? "none ran" : failed.loadText()) + "." + why;
        }
        String head = "The highest load meeting the objective (" + objective.text() + ") is " + answer.loadText()
                + ": " + number(answer.throughput()) + " questions per minute answered, p95 " + number(answer.p95())
                + " s, errors " + percent(answer.errorRate()) + ".";
        double most = steps.stream().mapToDouble(CapacityStep::throughput).max().orElse(0);
        String peak = most > answer.throughput() * 1.05 ? " The most answered in any step: " + number(most)
                + " questions per minute." : "";
        if (failed == null) {
            return head + " Every step met it: no limit reached yet (add higher steps).";
        }
        String capacity = limitOf(failed) == Limit.THROTTLING ? " Capacity: " + number(capacity())
                + " questions per minute, the rate Genie answered while throttling " + failed.loadText() + "." : "";
        return head + why + capacity + (capacity.isEmpty() ? peak : "");
    }

    /**
     * Writes {@code capacity.csv} and {@code capacity.html} into {@code dir} and prints the sentence and both paths:
     * what bin/genie-capacity and bin/genie-compare end with.
     */
    void write(Path dir, String title, PrintStream out) throws IOException {
        writeCsv(dir.resolve("capacity.csv"));
        writeHtml(dir.resolve("capacity.html"), title);
        out.println(sentence());
        out.println("Capacity (CSV):  " + dir.resolve("capacity.csv"));
        out.println("Capacity (HTML): " + dir.resolve("capacity.html"));
    }

    /** {@code capacity.csv}: a header, then one row per step, lowest load first. */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("load", "unit", "questions", "throughput_per_min",
                "accepted_per_min", "p50_s", "p95_s", "p99_s", "error_rate", "throttle_rate", "refused_arrivals",
                "meets_objective"));
        PHASES.forEach(p -> header.add("mean_" + p.columnName().replace("_ms", "_s")));
        header.add("results_dir");
        lines.add(String.join(",", header));
        for (CapacityStep s : steps) {
            List<String> row = new ArrayList<>(List.of(number(s.load()), s.unit(), String.valueOf(s.questions()),
                    fixed(s.throughput()), fixed(s.accepted()), fixed(s.p50()), fixed(s.p95()), fixed(s.p99()),
                    fixed(s.errorRate()), fixed(s.throttleRate()), String.valueOf(s.refused()),
                    String.valueOf(objective.metBy(s))));
            PHASES.forEach(p -> row.add(fixed(s.phase(p))));
            row.add(csvField(s.resultsDir().toString()));
            lines.add(String.join(",", row));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** {@code capacity.html}: the sentence, three charts against load and the table of the CSV's numbers. */
    void writeHtml(Path file, String title) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}"
                        + "p.answer{font-size:1.25em;background:#eef6ee;border-left:6px solid #3a7d44;padding:.6em}"
                        + "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #bbb;padding:3px 7px;"
                        + "text-align:right}.fail{background:#fbeaea}.charts{display:flex;flex-wrap:wrap;gap:1em}"
                        + "</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
        h.append("<p class=\"answer\" id=\"answer\">").append(escape(sentence())).append("</p>\n");
        h.append("<div class=\"charts\">\n");
        String x = steps.isEmpty() ? "load" : steps.get(0).unit();
        h.append(chart("Response time (s)", x, List.of(
                new Series("p50", "#4c78a8", CapacityStep::p50), new Series("p95", "#f58518", CapacityStep::p95),
                new Series("p99", "#e45756", CapacityStep::p99)), objective.p95Seconds()));
        h.append(chart("Answered questions per minute", x, List.of(
                new Series("at answer", "#3a7d44", CapacityStep::throughput),
                new Series("at ask", "#72b7b2", CapacityStep::accepted)), Double.NaN));
        h.append(chart("Errors and throttling (%)", x, List.of(
                new Series("errors", "#e45756", s -> s.errorRate() * 100),
                new Series("throttled", "#b279a2", s -> s.throttleRate() * 100)), objective.maxErrorRate() * 100));
        h.append("</div>\n<h2>Steps</h2>\n<table id=\"steps\"><tr><th>load</th><th>questions</th>"
                + "<th>per min</th><th>per min at ask</th><th>p50 s</th><th>p95 s</th><th>p99 s</th><th>errors</th>"
                + "<th>throttled</th><th>refused</th>");
        PHASES.forEach(p -> h.append("<th>").append(p.columnName().replace("_ms", "")).append(" s</th>"));
        h.append("<th>results</th></tr>\n");
        for (CapacityStep s : steps) {
            h.append("<tr").append(objective.metBy(s) ? "" : " class=\"fail\"").append(">")
                    .append(cell("load", number(s.load()), s.loadText()))
                    .append(cell("questions", String.valueOf(s.questions()), String.valueOf(s.questions())))
                    .append(cell("throughput_per_min", fixed(s.throughput()), number(s.throughput())))
                    .append(cell("accepted_per_min", fixed(s.accepted()), number(s.accepted())))
                    .append(cell("p50_s", fixed(s.p50()), number(s.p50())))
                    .append(cell("p95_s", fixed(s.p95()), number(s.p95())))
                    .append(cell("p99_s", fixed(s.p99()), number(s.p99())))
                    .append(cell("error_rate", fixed(s.errorRate()), percent(s.errorRate())))
                    .append(cell("throttle_rate", fixed(s.throttleRate()), percent(s.throttleRate())))
                    .append(cell("refused_arrivals", String.valueOf(s.refused()), String.valueOf(s.refused())));
            PHASES.forEach(p -> h.append(cell("mean_" + p.columnName().replace("_ms", "_s"), fixed(s.phase(p)),
                    number(s.phase(p)))));
            h.append("<td style=\"text-align:left\">").append(escape(s.resultsDir().getFileName().toString()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p>Times are Genie's: on the simulator with a time scale, durations are divided and rates"
                + " multiplied by it. Per minute: the answered questions of a step, counted when their answer ended"
                + " within the step's time, or (at ask) when they were asked in it, which is the rate a throttled Genie"
                + " admitted. Rows in red missed the objective. The same numbers: capacity.csv.</p>\n"
                + "</body></html>\n");
        Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
    }

    /** A table cell carrying the CSV's value in {@code data-*}, for tests and scripts, and a readable text. */
    private static String cell(String column, String value, String text) {
        return "<td data-col=\"" + column + "\" data-value=\"" + escape(value) + "\">" + escape(text) + "</td>";
    }

    private record Series(String name, String colour, ToDoubleFunction<CapacityStep> value) {
    }

    /** A line chart of the series against load, with an optional dashed objective line. */
    private String chart(String title, String xLabel, List<Series> series, double objectiveLine) {
        int w = 340;
        int hgt = 240;
        int left = 48;
        int right = 12;
        int top = 28;
        int bottom = 40;
        double maxX = steps.stream().mapToDouble(CapacityStep::load).max().orElse(1);
        double maxY = series.stream().flatMapToDouble(s -> steps.stream().mapToDouble(s.value())).max().orElse(1);
        if (!Double.isNaN(objectiveLine)) {
            maxY = Math.max(maxY, objectiveLine);
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        maxX = maxX <= 0 ? 1 : maxX * 1.05;
        double plotW = w - left - right;
        double plotH = hgt - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
                .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">");
        s.append("<text x=\"").append(w / 2).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">")
                .append(escape(title)).append("</text>");
        s.append(line(left, top, left, top + plotH, "#444", "")).append(line(left, top + plotH, left + plotW,
                top + plotH, "#444", ""));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = top + plotH - plotH * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s"
                    + "</text>", left - 4, y + 3, number(v)));
        }
        for (CapacityStep st : steps) {
            double xx = left + plotW * st.load() / maxX;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">"
                    + "%s</text>", xx, top + plotH + 13, number(st.load())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                + "</text>", left + plotW / 2, hgt - 6, escape(xLabel)));
        if (!Double.isNaN(objectiveLine)) {
            double y = top + plotH - plotH * objectiveLine / maxY;
            s.append(line(left, y, left + plotW, y, "#3a7d44", " stroke-dasharray=\"5,4\""));
        }
        int legend = 0;
        for (Series se : series) {
            StringBuilder points = new StringBuilder();
            for (CapacityStep st : steps) {
                double xx = left + plotW * st.load() / maxX;
                double yy = top + plotH - plotH * se.value().applyAsDouble(st) / maxY;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", xx, yy));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", xx, yy,
                        se.colour()));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(se.colour())
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>");
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    left + 8 + legend * 70, top + 12, se.colour(), escape(se.name())));
            legend++;
        }
        return s.append("</svg>\n").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String extra) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
                x1, y1, x2, y2, colour, extra);
    }

    /** Up to two decimals, no trailing zeros: {@code 5}, {@code 2.5}, {@code 0.33}. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        String s = String.format(Locale.ROOT, "%.2f", d);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String fixed(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String percent(double rate) {
        return number(rate * 100) + "%";
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
