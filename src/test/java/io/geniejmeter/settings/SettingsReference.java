package io.geniejmeter.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private SettingsReference() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(ENV_EXAMPLE, envExample(), StandardCharsets.UTF_8);
        Files.writeString(SETTINGS_PAGE, withTable(Files.readString(SETTINGS_PAGE, StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        System.out.println("Wrote " + ENV_EXAMPLE + " and the table of " + SETTINGS_PAGE);
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

    /** {@code page} with the text between the table markers replaced by {@link #table()}. */
    static String withTable(String page) {
        int begin = page.indexOf(TABLE_BEGIN);
        int end = page.indexOf(TABLE_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(SETTINGS_PAGE + " lacks the markers " + TABLE_BEGIN + " / " + TABLE_END);
        }
        return page.substring(0, begin + TABLE_BEGIN.length()) + "\n" + table() + page.substring(end);
    }
}
