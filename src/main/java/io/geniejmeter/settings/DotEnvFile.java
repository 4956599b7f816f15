package io.geniejmeter.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file the way the original tool's users write them (python-dotenv conventions), so their files
 * keep working unchanged.
 *
 * <p>Accepted syntax, one assignment per line:
 * <ul>
 *   <li>{@code KEY=value}; blank lines and lines starting with {@code #} are ignored; an optional {@code export }
 *       prefix is dropped, so the same file can be {@code source}d by a shell;</li>
 *   <li>unquoted values are trimmed and lose a trailing comment that starts with whitespace + {@code #};</li>
 *   <li>{@code 'single quoted'} values are taken literally;</li>
 *   <li>{@code "double quoted"} values understand {@code \n}, {@code \t}, {@code \"} and {@code \\};</li>
 *   <li>{@code ${NAME}} and {@code ${NAME:-fallback}} in unquoted and double-quoted values are replaced by the value
 *       of {@code NAME} from the environment, or else from an earlier line of the same file;</li>
 *   <li>a key given twice keeps its last value.</li>
 * </ul>
 * Anything else is an error naming the file, the line and what to write instead.
 */
public final class DotEnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** One assignment: its value and the 1-based line it came from (for error messages). */
    public record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private DotEnvFile(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Every assignment in file order (a repeated key keeps its last value, at its last line). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Reads and parses a file.
     *
     * @param file        the {@code .env} file
     * @param environment looked up first by {@code ${NAME}} interpolation
     * @throws GenieSettingsException naming file and line on a syntax error, or when the file cannot be read
     */
    public static DotEnvFile read(Path file, Function<String, String> environment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GenieSettingsException("Cannot read the settings file " + file + ": " + e.getMessage()
                    + ". Check that it exists and is readable, or remove it.", e);
        }
        return parse(file, lines, environment);
    }

    /** Parses already-read lines; {@code file} is only used in error messages and {@link #file()}. */
    static DotEnvFile parse(Path file, List<String> lines, Function<String, String> environment) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("export ") || text.startsWith("export\t")) {
                text = text.substring("export".length()).strip();
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw error(file, lineNo, "expected KEY=VALUE but the line has no '='"
                        + " (the line is not shown in case it holds a secret)");
            }
            String key = text.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw error(file, lineNo, "\"" + abbreviate(key) + "\" is not a valid variable name"
                        + " (letters, digits and '_', not starting with a digit)");
            }
            String raw = text.substring(eq + 1).strip();
            String value = parseValue(file, lineNo, raw, name -> {
                String fromEnv = environment.apply(name);
                if (fromEnv != null) {
                    return fromEnv;
                }
                Entry earlier = entries.get(name);
                return earlier == null ? null : earlier.value();
            });
            entries.remove(key);
            entries.put(key, new Entry(value, lineNo));
        }
        return new DotEnvFile(file, entries);
    }

    private static String parseValue(Path file, int lineNo, String raw, Function<String, String> lookup) {
        if (raw.isEmpty()) {
            return "";
        }
        char first = raw.charAt(0);
        if (first == '\'') {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw error(file, lineNo, "the single quote that opens the value is never closed;"
                        + " add a closing ' (values cannot span lines)");
            }
            checkTrailing(file, lineNo, raw.substring(end + 1));
            return raw.substring(1, end);
        }
        if (first == '"') {
            StringBuilder out = new StringBuilder();
            int i = 1;
            boolean closed = false;
            while (i < raw.length()) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(i + 1);
                    switch (n) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '"' -> out.append('"');
                        case '\\' -> out.append('\\');
                        case '$' -> out.append("\\$");
                        default -> out.append(c).append(n);
                    }
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    closed = true;
                    break;
                }
                out.append(c);
                i++;
            }
            if (!closed) {
                throw error(file, lineNo, "the double quote that opens the value is never closed;"
                        + " add a closing \" (values cannot span lines; write \\n for a line break)");
            }
            checkTrailing(file, lineNo, raw.substring(i + 1));
            return interpolate(out.toString(), lookup).replace("\\$", "$");
        }
        String value = raw;
        Matcher comment = Pattern.compile("\\s#").matcher(value);
        if (comment.find()) {
            value = value.substring(0, comment.start());
        }
        return interpolate(value.strip(), lookup);
    }

    private static void checkTrailing(Path file, int lineNo, String rest) {
        String trailing = rest.strip();
        if (!trailing.isEmpty() && !trailing.startsWith("#")) {
            throw error(file, lineNo, "unexpected text after the closing quote;"
                    + " put the whole value inside the quotes or start a comment with #");
        }
    }

    private static String interpolate(String value, Function<String, String> lookup) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.start() > 0 && value.charAt(m.start() - 1) == '\\') {
                continue; // an escaped \${...} stays literal
            }
            out.append(value, last, m.start());
            String replacement = lookup.apply(m.group(1));
            if (replacement == null || replacement.isEmpty()) {
                replacement = m.group(2) == null ? "" : m.group(2);
            }
            out.append(replacement);
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static GenieSettingsException error(Path file, int line, String what) {
        return new GenieSettingsException(file + " line " + line + ": " + what + ".");
    }
}
