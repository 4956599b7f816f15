package io.geniejmeter.conversation;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes nested maps, lists, strings, numbers and nulls as block-style YAML exactly the way PyYAML's
 * {@code yaml.dump(data, default_flow_style=False, sort_keys=False, allow_unicode=True)} does, which is how the
 * original Python tool writes conversation files. Matching it byte for byte keeps files diff-able between the two
 * tools and guarantees the original reads ours with the same types (PyYAML would turn an unquoted
 * {@code 2026-01-28T08:17:30} into a datetime, an unquoted {@code yes} into a boolean).
 *
 * <p>Reproduced rules: key order kept; sequences inside mappings not indented; empty collections as {@code []} /
 * {@code {}}; plain scalars where PyYAML would use them, otherwise single quotes, otherwise double quotes with
 * PyYAML's escapes; long scalars folded at spaces past column 80 with continuation lines indented two more than their
 * key; non-ASCII text kept as it is. Columns count Unicode code points, as Python does.
 *
 * <p>Not thread-safe; one instance writes one document.
 */
final class PyYamlEmitter {

    /** PyYAML's default preferred line width, in code points. */
    private static final int BEST_WIDTH = 80;
    private static final int BEST_INDENT = 2;

    // PyYAML's implicit resolvers (YAML 1.1): a string matching one of them must be quoted to stay a string.
    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    private static final Pattern INT = Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                    + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                    + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
                    + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");

    private final StringBuilder out = new StringBuilder();
    private int column;
    private int indent;
    private boolean whitespace = true;
    private boolean indention = true;

    /**
     * Renders a document whose root is a mapping.
     *
     * @param root keys in the order they are to be written; values are String, Number, null, Map or List
     * @return the YAML text, ending with a line break
     */
    static String dump(Map<String, ?> root) {
        PyYamlEmitter e = new PyYamlEmitter();
        e.blockMapping(root, 0, true);
        e.writeLineBreak();
        return e.out.toString();
    }

    private void blockMapping(Map<String, ?> map, int mappingIndent, boolean firstKeyInline) {
        boolean first = true;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            indent = mappingIndent;
            if (!(first && firstKeyInline)) {
                writeIndent();
            }
            first = false;
            // Keys are simple keys: never folded.
            writePlain(entry.getKey(), false);
            writeIndicator(":", false);
            value(entry.getValue(), mappingIndent);
        }
    }

    private void value(Object value, int mappingIndent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                writeIndicator("{}", true);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, ?> m = (Map<String, ?>) map;
                blockMapping(m, mappingIndent + BEST_INDENT, false);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                writeIndicator("[]", true);
            } else {
                // A sequence that is a mapping value is not indented ("indentless"), as PyYAML does.
                for (Object item : list) {
                    indent = mappingIndent;
                    writeIndent();
                    writeIndicator("-", true, true);
                    if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                        @SuppressWarnings("unchecked")
                        Map<String, ?> mm = (Map<String, ?>) m;
                        blockMapping(mm, mappingIndent + BEST_INDENT, true);
                    } else {
                        value(item, mappingIndent);
                    }
                }
            }
        } else {
            indent = mappingIndent + BEST_INDENT;
            scalar(value);
        }
    }

    private void scalar(Object value) {
        if (value == null) {
            writePlain("null", true);
        } else if (value instanceof Number) {
            writePlain(value.toString(), true);
        } else {
            String text = value.toString();
            Analysis a = analyze(text);
            if (a.allowBlockPlain && !looksLikeOtherType(text)) {
                writePlain(text, true);
            } else if (a.allowSingleQuoted) {
                writeSingleQuoted(text);
            } else {
                writeDoubleQuoted(text);
            }
        }
    }

    private static boolean looksLikeOtherType(String s) {
        return BOOL.matcher(s).matches() || FLOAT.matcher(s).matches() || INT.matcher(s).matches()
                || NULL.matcher(s).matches() || TIMESTAMP.matcher(s).matches() || s.equals("<<") || s.equals("=");
    }

    private record Analysis(boolean allowBlockPlain, boolean allowSingleQuoted) {
    }

    private static boolean isBreak(int ch) {
        return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
    }

    private static boolean isSpaceOrBreakOrEnd(int ch) {
        return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || isBreak(ch);
    }

    /** PyYAML's {@code analyze_scalar}, reduced to what block context needs. */
    private static Analysis analyze(String s) {
        if (s.isEmpty()) {
            return new Analysis(true, true);
        }
        int[] cp = s.codePoints().toArray();
        int n = cp.length;
        boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
        boolean lineBreaks = false;
        boolean special = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean precededByWhitespace = true;
        boolean followedByWhitespace = n == 1 || isSpaceOrBreakOrEnd(cp[1]);
        boolean previousSpace = false;
        boolean previousBreak = false;
        for (int i = 0; i < n; i++) {
            int ch = cp[i];
            if (i == 0) {
                if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) {
                    blockIndicators = true;
                }
                if ((ch == '?' || ch == ':') && followedByWhitespace) {
                    blockIndicators = true;
                }
                if (ch == '-' && followedByWhitespace) {
                    blockIndicators = true;
                }
            } else {
                if (ch == ':' && followedByWhitespace) {
                    blockIndicators = true;
                }
                if (ch == '#' && precededByWhitespace) {
                    blockIndicators = true;
                }
            }
            if (isBreak(ch)) {
                lineBreaks = true;
            }
            if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) {
                boolean printableUnicode = (ch == 0x85 || (ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD)
                        || (ch >= 0x10000 && ch < 0x10FFFF)) && ch != 0xFEFF;
                if (!printableUnicode) {
                    special = true;
                }
            }
            if (ch == ' ') {
                if (i == 0) {
                    leadingSpace = true;
                }
                if (i == n - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(ch)) {
                if (i == 0) {
                    leadingBreak = true;
                }
                if (i == n - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isSpaceOrBreakOrEnd(ch);
            followedByWhitespace = i + 2 >= n || isSpaceOrBreakOrEnd(cp[i + 2]);
        }
        boolean blockPlain = true;
        boolean singleQuoted = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            blockPlain = false;
        }
        if (breakSpace) {
            blockPlain = false;
            singleQuoted = false;
        }
        if (spaceBreak || special) {
            blockPlain = false;
            singleQuoted = false;
        }
        if (lineBreaks || blockIndicators) {
            blockPlain = false;
        }
        return new Analysis(blockPlain, singleQuoted);
    }

    // ---- low-level writers, following PyYAML's Emitter ----

    private void write(String data) {
        out.append(data);
        column += data.codePointCount(0, data.length());
    }

    private void writeIndicator(String indicator, boolean needWhitespace) {
        writeIndicator(indicator, needWhitespace, false);
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean keepIndention) {
        String data = whitespace || !needWhitespace ? indicator : " " + indicator;
        whitespace = false;
        indention = indention && keepIndention;
        write(data);
    }

    private void writeIndent() {
        if (!indention || column > indent || (column == indent && !whitespace)) {
            writeLineBreak();
        }
        if (column < indent) {
            whitespace = true;
            write(" ".repeat(indent - column));
        }
    }

    private void writeLineBreak() {
        whitespace = true;
        indention = true;
        out.append('\n');
        column = 0;
    }

    private void writeLineBreak(int br) {
        whitespace = true;
        indention = true;
        out.appendCodePoint(br);
        column = 0;
    }

    private void writePlain(String text, boolean split) {
        if (text.isEmpty()) {
            return;
        }
        if (!whitespace) {
            write(" ");
        }
        whitespace = false;
        indention = false;
        int[] cp = text.codePoints().toArray();
        boolean spaces = false;
        int start = 0;
        for (int end = 0; end <= cp.length; end++) {
            int ch = end < cp.length ? cp[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > BEST_WIDTH && split) {
                        writeIndent();
                        whitespace = false;
                        indention = false;
                    } else {
                        write(new String(cp, start, end - start));
                    }
                    start = end;
                }
            } else if (ch == -1 || ch == ' ') {
                write(new String(cp, start, end - start));
                start = end;
            }
            if (ch != -1) {
                spaces = ch == ' ';
            }
        }
    }

    private void writeSingleQuoted(String text) {
        writeIndicator("'", true);
        int[] cp = text.codePoints().toArray();
        int n = cp.length;
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= n; end++) {
            int ch = end < n ? cp[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > BEST_WIDTH && start != 0 && end != n) {
                        writeIndent();
                    } else {
                        write(new String(cp, start, end - start));
                    }
                    start = end;
                }
            } else if (breaks) {
                if (ch == -1 || !isBreak(ch)) {
                    if (cp[start] == '\n') {
                        writeLineBreak();
                    }
                    for (int i = start; i < end; i++) {
                        if (cp[i] == '\n') {
                            writeLineBreak();
                        } else {
                            writeLineBreak(cp[i]);
                        }
                    }
                    writeIndent();
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') {
                if (start < end) {
                    write(new String(cp, start, end - start));
                    start = end;
                }
            }
            if (ch == '\'') {
                write("''");
                start = end + 1;
            }
            if (ch != -1) {
                spaces = ch == ' ';
                breaks = isBreak(ch);
            }
        }
        writeIndicator("'", false);
    }

    /** Python's {@code text[start:end]}: empty when start is past end. */
    private static String slice(int[] cp, int start, int end) {
        return start >= end ? "" : new String(cp, start, end - start);
    }

    private static String escape(int ch) {
        switch (ch) {
            case 0: return "0";
            case 0x07: return "a";
            case 0x08: return "b";
            case 0x09: return "t";
            case 0x0A: return "n";
            case 0x0B: return "v";
            case 0x0C: return "f";
            case 0x0D: return "r";
            case 0x1B: return "e";
            case '"': return "\"";
            case '\\': return "\\";
            case 0x85: return "N";
            case 0xA0: return "_";
            case 0x2028: return "L";
            case 0x2029: return "P";
            default:
                if (ch <= 0xFF) {
                    return String.format("x%02X", ch);
                } else if (ch <= 0xFFFF) {
                    return String.format("u%04X", ch);
                }
                return String.format("U%08X", ch);
        }
    }

    private void writeDoubleQuoted(String text) {
        writeIndicator("\"", true);
        int[] cp = text.codePoints().toArray();
        int n = cp.length;
        int start = 0;
        for (int end = 0; end <= n; end++) {
            int ch = end < n ? cp[end] : -1;
            boolean needsEscape = ch != -1 && (ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029
                    || ch == 0xFEFF
                    || !((ch >= 0x20 && ch <= 0x7E) || (ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD)));
            if (ch == -1 || needsEscape) {
                if (start < end) {
                    write(new String(cp, start, end - start));
                    start = end;
                }
                if (ch != -1) {
                    write("\\" + escape(ch));
                    start = end + 1;
                }
            }
            if (0 < end && end < n - 1 && (ch == ' ' || start >= end) && column + (end - start) > BEST_WIDTH) {
                String data = slice(cp, start, end) + "\\";
                if (start < end) {
                    start = end;
                }
                write(data);
                writeIndent();
                whitespace = false;
                indention = false;
                if (cp[start] == ' ') {
                    write("\\");
                }
            }
        }
        writeIndicator("\"", false);
    }
}
