package io.geniejmeter.results;

import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.genie.GenieSampleVariables;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JMeter report-generator properties that make the HTML dashboard fit Genie: APDEX thresholds for answers that take
 * seconds, and a custom graph over time for Genie's server time, each {@link GeniePhase} and the polls per answer
 * (page "Custom graphs"). Declared once here; {@code bin/genie-loadtest} passes them to JMeter, and the file
 * {@code src/jmeter-conf/genie-dashboard.properties} (copied into the build's JMeter {@code bin/}, used by the
 * Maven runs) is generated from them. A user's own {@code -J} or {@code user.properties} value wins.
 *
 * <p>APDEX: JMeter's defaults (500 ms satisfied, 1.5 s tolerated) score every Genie answer 0. The defaults here are
 * the original tool's guide's own marks: answers under 30 s are good ("Genie is responding quickly"), over 60 s
 * "users will get frustrated".
 */
public final class GenieDashboard {

    /** JMeter's property of the satisfied threshold, ms. */
    public static final String APDEX_SATISFIED = "jmeter.reportgenerator.apdex_satisfied_threshold";
    /** JMeter's property of the tolerated threshold, ms. */
    public static final String APDEX_TOLERATED = "jmeter.reportgenerator.apdex_tolerated_threshold";
    /** Satisfied up to 30 s. */
    public static final long DEFAULT_SATISFIED_MS = 30_000;
    /** Tolerated up to 60 s; frustrated beyond. */
    public static final long DEFAULT_TOLERATED_MS = 60_000;

    private static final String GRAPH = "jmeter.reportgenerator.graph.custom_";
    private static final String CUSTOM_GRAPH_CLASS =
            "org.apache.jmeter.report.processor.graph.impl.CustomGraphConsumer";

    private GenieDashboard() {
    }

    /** Every property, in file order: the thresholds, then the custom graphs. */
    public static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(APDEX_SATISFIED, Long.toString(DEFAULT_SATISFIED_MS));
        p.put(APDEX_TOLERATED, Long.toString(DEFAULT_TOLERATED_MS));
        graph(p, GenieSampleVariables.SERVER_MS, "Genie server time over time (mean per interval)",
                "Server time (ms)", "Milliseconds");
        for (GeniePhase phase : GeniePhase.values()) {
            String what = switch (phase) {
                case RESULT_FETCH -> "Query-result fetch";
                case UNOBSERVED -> "Time in statuses the polls skipped";
                default -> "Time in " + phase.status();
            };
            graph(p, phase.variable(), what + " over time (mean per interval)", what + " (ms)", "Milliseconds");
        }
        graph(p, GenieSampleVariables.POLLS, "Polls per answer over time (mean per interval)", "Polls",
                "Polls per answer");
        return p;
    }

    private static void graph(Map<String, String> p, String variable, String title, String content, String yAxis) {
        String id = GRAPH + variable;
        p.put(id + ".classname", CUSTOM_GRAPH_CLASS);
        p.put(id + ".title", title);
        p.put(id + ".property.set_Sample_Variable_Name", variable);
        p.put(id + ".property.set_Content_Message", content + ": ");
        p.put(id + ".property.set_X_Axis", "Over Time");
        p.put(id + ".property.set_Y_Axis", yAxis);
        p.put(id + ".property.set_granularity", "${jmeter.reportgenerator.overall_granularity}");
    }

    /** The properties as the text of a {@code .properties} file, with a comment saying where they come from. */
    public static String propertiesFile() {
        StringBuilder text = new StringBuilder();
        text.append("# Generated from io.geniejmeter.results.GenieDashboard (do not edit: run SettingsReference).\n")
                .append("# The HTML dashboard made for Genie: APDEX thresholds for answers of seconds and the custom\n")
                .append("# graphs of server time, phases and polls. Use with any JMeter: jmeter -q THIS_FILE ...\n")
                .append("# (the genie_* columns must be in sample_variables; see docs/results.md).\n")
                .append("sample_variables=").append(GenieSampleVariables.SAMPLE_VARIABLES).append('\n');
        properties().forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }
}
