package io.geniejmeter.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorOption;

/**
 * Writes what the settings catalogue decides for users to read: {@code .env.example} and the settings table of
 * {@code docs/settings.md}. {@link SettingsCatalogueTest} fails when either differs from the catalogue; run this to
 * bring them in step after changing a setting:
 * <pre>mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.geniejmeter.settings.SettingsReference</pre>
 */
public final class SettingsReference {

    static final Path ENV_EXAMPLE = Path.of(".env.example");
    static final Path SETTINGS_PAGE = Path.of("docs", "settings.md");
    static final String TABLE_BEGIN = "<!-- settings-table:begin -->";
    static final String TABLE_END = "<!-- settings-table:end -->";
    static final Path SIMULATOR_PAGE = Path.of("docs", "simulator.md");
    static final String SIMULATOR_BEGIN = "<!-- simulator-options:begin -->";
    static final String SIMULATOR_END = "<!-- simulator-options:end -->";
    static final Path DASHBOARD_PROPERTIES = Path.of("src", "jmeter-conf", "genie-dashboard.properties");

    private SettingsReference() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(ENV_EXAMPLE, envExample(), StandardCharsets.UTF_8);
        Files.writeString(SETTINGS_PAGE, withTable(Files.readString(SETTINGS_PAGE, StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        Files.writeString(SIMULATOR_PAGE, withSimulatorTable(Files.readString(SIMULATOR_PAGE,
                StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Files.writeString(DASHBOARD_PROPERTIES, io.geniejmeter.results.GenieDashboard.propertiesFile(),
                StandardCharsets.UTF_8);
        System.out.println("Wrote " + ENV_EXAMPLE + ", " + DASHBOARD_PROPERTIES + " and the tables of "
                + SETTINGS_PAGE + " and " + SIMULATOR_PAGE);
    }

    /** {@code .env.example}: every setting, commented out, with its default (or an example) and description. */
    static String envExample() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # genie-jmeter settings. Copy to .env (in the directory you run commands from) and uncomment what you \
                need.
                #
                # Precedence, highest first: command-line option, element field or JMeter property > environment \
                variable >
                # this .env file > the default shown here. A blank value counts as not set. Reference: docs/settings.md
                # Syntax: KEY=value, optional "export " prefix, '#' comments, 'single' or "double" quotes, \
                ${OTHER_VARIABLE}.
                # Secrets (tokens, client secrets) are never printed: logs and reports show ****.
                """);
        SettingGroup group = null;
        for (Setting<?> s : Settings.ALL) {
            if (s.group() != group) {
                group = s.group();
                String title = "# --- " + group.title() + " ";
                out.append('\n').append(title).append("-".repeat(Math.max(3, 118 - title.length()))).append('\n');
            }
            out.append("# ").append(s.description()).append(s.secret() ? " (secret)" : "").append(".\n");
            out.append("# ").append(s.name()).append('=').append(s.exampleText()).append('\n');
        }
        return out.toString();
    }

    /** The settings table, one row per setting: variable, JMeter property, option, default, description. */
    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| variable | JMeter property | option | default | description |\n");
        out.append("|---|---|---|---|---|\n");
        for (Setting<?> s : Settings.ALL) {
            out.append("| `").append(s.name()).append("` | ")
                    .append(s.property().map(p -> "`" + p + "`").orElse("")).append(" | ")
                    .append(s.option().map(o -> "`" + o + "`").orElse("")).append(" | ")
                    .append(s.defaultValue().isPresent() ? "`" + s.defaultText() + "`" : "").append(" | ")
                    .append(s.description().replace("|", "\\|")).append(s.secret() ? " (secret)" : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The simulator's options, one row each: option, value, default, allowed values, meaning. */
    static String simulatorTable() {
        StringBuilder out = new StringBuilder();
        out.append("| option | value | default | allowed | meaning |\n");
        out.append("|---|---|---|---|---|\n");
        for (SimulatorOption<?> o : SimulatorConfig.options().values()) {
            out.append("| `--").append(o.name()).append("` | `").append(o.valueHint()).append("` | ")
                    .append(o.secret() ? "(see --help)" : o.defaultText().replace("|", "\\|")).append(" | ")
                    .append(o.allowed() == null ? "" : o.allowed().replace("|", "\\|")).append(" | ")
                    .append(o.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** {@code page} with the text between the table markers replaced by {@link #table()}. */
    static String withTable(String page) {
        return between(page, TABLE_BEGIN, TABLE_END, table());
    }

    /** {@code page} with the text between the simulator markers replaced by {@link #simulatorTable()}. */
    static String withSimulatorTable(String page) {
        return between(page, SIMULATOR_BEGIN, SIMULATOR_END, simulatorTable());
    }

    private static String between(String page, String beginMarker, String endMarker, String content) {
        int begin = page.indexOf(beginMarker);
        int end = page.indexOf(endMarker);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("a page lacks the markers " + beginMarker + " / " + endMarker);
        }
        return page.substring(0, begin + beginMarker.length()) + "\n" + content + page.substring(end);
    }
}
