package io.geniejmeter.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Derives a plausible Genie answer from the question text alone: either a text-only reply, or SQL with a title, a
 * description and a small typed result set. Everything is a pure function of (seed, question), so the same question
 * always gets the same SQL and rows. Not a parser: a few keyword rules (aggregate word, "by"/"per" grouping, "for"/"in"
 * filter, "top N", "last N days") make the SQL read as if it answered the question.
 */
final class AnswerGenerator {

    /** One result column, with its Databricks SQL type name (STRING, DATE, LONG, DOUBLE). */
    record Column(String name, String typeName) {
    }

    /**
     * An answer. When {@code textOnly}, only {@code text} is set; otherwise {@code sql}, {@code title},
     * {@code description}, {@code columns} and {@code rows} (values as strings, as in JSON_ARRAY results).
     */
    record Answer(boolean textOnly, String text, String title, String sql, String description, List<Column> columns,
                  List<List<String>> rows) {
    }

    private static final Set<String> STOP = Set.of("show", "me", "the", "a", "an", "what", "whats", "is", "are", "of",
            "for", "by", "in", "on", "per", "with", "how", "many", "much", "list", "give", "get", "which", "top",
            "total", "sum", "average", "avg", "count", "number", "all", "each", "last", "this", "were", "was", "do",
            "does", "did", "to", "from", "and", "or", "our", "my", "please", "can", "you", "tell", "display", "find",
            "compare", "between", "over", "trend", "highest", "lowest", "most", "least", "max", "min", "maximum",
            "minimum", "mean", "there", "have", "has", "had", "be", "been", "at", "it", "its", "that", "these",
            "those", "i", "we", "us", "about", "into", "vs", "versus", "than", "year", "month", "week", "day",
            "quarter", "days", "weeks", "months", "years", "breakdown", "break", "down", "now", "same", "also",
            "only", "just", "again", "instead", "then", "what's", "rate", "percentage");
    private static final Set<String> TIME = Set.of("day", "week", "month", "quarter", "year");
    private static final Set<String> GREETING = Set.of("hi", "hello", "hey", "thanks", "thank", "help");

    private final long seed;
    private final double textOnlyRate;

    AnswerGenerator(long seed, double textOnlyRate) {
        this.seed = seed;
        this.textOnlyRate = textOnlyRate;
    }

    Answer answer(String question) {
        String q = question.trim();
        long h = Hashing.hash(seed, q.toLowerCase(Locale.ROOT));
        List<String> original = tokens(q, false);
        List<String> words = tokens(q, true);
        boolean greeting = !words.isEmpty() && GREETING.contains(words.get(0));
        if (greeting || words.isEmpty() || Hashing.unit(h ^ 0x7e47L) < textOnlyRate) {
            return new Answer(true, textReply(q, words, h), null, null, null, List.of(), List.of());
        }
        return sqlAnswer(q, original, words, h);
    }

    private String textReply(String q, List<String> words, long h) {
        String subject = subject(words, "data");
        String[] replies = {
            "I can answer questions about the tables in this space. Try asking for a total, a count or a trend of "
                    + subject + ", for example \"Show total " + subject + " by month\".",
            "There is not enough information in this space to answer that exactly. The " + subject
                    + " table has daily records; ask me to group or filter them and I will write the query.",
            "Happy to help! Ask about " + subject + " by month, by category or for a given period.",
        };
        return replies[(int) Long.remainderUnsigned(h, replies.length)];
    }

    private Answer sqlAnswer(String q, List<String> original, List<String> words, long h) {
        String subject = subject(words, "orders");
        String table = "main.genie_demo." + subject;
        String agg = aggregate(words);
        String valueName;
        String valueExpr;
        String valueType;
        switch (agg) {
            case "COUNT" -> {
                valueName = subject + "_count";
                valueExpr = "COUNT(*)";
                valueType = "LONG";
            }
            case "AVG" -> {
                valueName = "avg_" + subject;
                valueExpr = "AVG(amount)";
                valueType = "DOUBLE";
            }
            case "MAX" -> {
                valueName = "max_" + subject;
                valueExpr = "MAX(amount)";
                valueType = "DOUBLE";
            }
            case "MIN" -> {
                valueName = "min_" + subject;
                valueExpr = "MIN(amount)";
                valueType = "DOUBLE";
            }
            default -> {
                valueName = "total_" + subject;
                valueExpr = "SUM(amount)";
                valueType = "DOUBLE";
            }
        }
        String group = after(words, "by", "per", "each");
        boolean timeGroup = group != null && TIME.contains(group);
        List<String> where = new ArrayList<>();
        String filterText = null;
        for (int i = 0; i < original.size() - 1; i++) {
            String w = words.get(i);
            if (w.equals("for") || w.equals("in") || w.equals("at") || w.equals("from")) {
                String value = original.get(i + 1);
                if (value.matches("\\d{4}")) {
                    where.add("year(" + subject + "_date) = " + value);
                    filterText = "in " + value;
                    break;
                }
                if (Character.isUpperCase(value.charAt(0))) {
                    String column = i + 2 < words.size() && !STOP.contains(words.get(i + 2))
                            ? sanitize(words.get(i + 2)) : "name";
                    where.add(column + " = '" + value.replace("'", "''") + "'");
                    filterText = "for " + value;
                    break;
                }
            }
        }
        int lastIdx = words.indexOf("last");
        if (lastIdx >= 0 && lastIdx + 2 < words.size() && words.get(lastIdx + 1).matches("\\d{1,4}")) {
            String unit = words.get(lastIdx + 2).replaceAll("s$", "").toUpperCase(Locale.ROOT);
            if (TIME.contains(unit.toLowerCase(Locale.ROOT))) {
                where.add(subject + "_date >= current_date() - INTERVAL " + words.get(lastIdx + 1) + " " + unit);
            }
        }
        Integer top = null;
        int topIdx = words.indexOf("top");
        if (topIdx >= 0 && topIdx + 1 < words.size() && words.get(topIdx + 1).matches("\\d{1,3}")) {
            top = Integer.parseInt(words.get(topIdx + 1));
        }

        StringBuilder sql = new StringBuilder("SELECT ");
        List<Column> columns = new ArrayList<>();
        String groupCol = null;
        if (group != null) {
            if (timeGroup) {
                groupCol = group;
                sql.append("date_trunc('").append(group.toUpperCase(Locale.ROOT)).append("', ").append(subject)
                        .append("_date) AS ").append(group).append(", ");
                columns.add(new Column(group, "DATE"));
            } else {
                groupCol = sanitize(group);
                sql.append(groupCol).append(", ");
                columns.add(new Column(groupCol, "STRING"));
            }
        }
        sql.append(valueExpr).append(" AS ").append(valueName).append("\nFROM ").append(table);
        columns.add(new Column(valueName, valueType));
        if (!where.isEmpty()) {
            sql.append("\nWHERE ").append(String.join("\n  AND ", where));
        }
        if (groupCol != null) {
            sql.append("\nGROUP BY ").append(groupCol);
            if (top != null) {
                sql.append("\nORDER BY ").append(valueName).append(" DESC\nLIMIT ").append(top);
            } else {
                sql.append("\nORDER BY ").append(timeGroup ? groupCol : valueName + " DESC");
            }
        }
        String title = capitalise(agg.equals("COUNT") ? "Number of " + subject : humanAgg(agg) + " " + subject)
                + (group != null ? " by " + group : "") + (filterText != null ? " " + filterText : "");
        String description = "This query answers \"" + q + "\": it computes " + valueExpr + " over " + table
                + (group != null ? ", grouped by " + group : "")
                + (where.isEmpty() ? "" : ", keeping only rows where " + String.join(" and ", where)) + ".";
        return new Answer(false, null, title, sql.toString(), description, columns,
                rows(columns, group != null, timeGroup ? group : null, top, h));
    }

    private static List<List<String>> rows(List<Column> columns, boolean grouped, String timeUnit, Integer top,
                                           long h) {
        int n = grouped ? 3 + (int) Long.remainderUnsigned(Hashing.mix(h, 1), 10) : 1;
        if (top != null) {
            n = Math.max(1, Math.min(top, 20));
        }
        List<List<String>> rows = new ArrayList<>(n);
        Column value = columns.get(columns.size() - 1);
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>(2);
            if (grouped) {
                if (timeUnit != null) {
                    row.add(dateFor(timeUnit, i));
                } else {
                    row.add(capitalise(columns.get(0).name()) + " " + (char) ('A' + i % 26));
                }
            }
            long r = Hashing.mix(h, 100 + i);
            if (value.typeName().equals("LONG")) {
                row.add(Long.toString(10 + Long.remainderUnsigned(r, 5_000)));
            } else {
                row.add(String.format(Locale.ROOT, "%.2f", 100 + Hashing.unit(r) * 99_900));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String dateFor(String unit, int i) {
        int month0 = 0;
        int year = 2025;
        int day = 1;
        switch (unit) {
            case "year" -> year = 2020 + i;
            case "quarter" -> month0 = (i * 3) % 12;
            case "month" -> {
                month0 = i % 12;
                year = 2025 + i / 12;
            }
            case "week" -> day = 1 + (i * 7) % 28;
            default -> day = 1 + i % 28;
        }
        return String.format(Locale.ROOT, "%04d-%02d-%02d", year, month0 + 1, day);
    }

    private static String humanAgg(String agg) {
        return switch (agg) {
            case "AVG" -> "average";
            case "MAX" -> "highest";
            case "MIN" -> "lowest";
            default -> "total";
        };
    }

    private static String aggregate(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "count", "number" -> {
                    return "COUNT";
                }
                case "many" -> {
                    if (i > 0 && words.get(i - 1).equals("how")) {
                        return "COUNT";
                    }
                }
                case "average", "avg", "mean" -> {
                    return "AVG";
                }
                case "max", "maximum", "highest", "most" -> {
                    return "MAX";
                }
                case "min", "minimum", "lowest", "least" -> {
                    return "MIN";
                }
                case "total", "sum" -> {
                    return "SUM";
                }
                default -> {
                    // keep looking
                }
            }
        }
        return "SUM";
    }

    private static String subject(List<String> words, String fallback) {
        for (String w : words) {
            if (!STOP.contains(w) && w.length() > 2 && !w.matches("\\d+")) {
                return sanitize(w);
            }
        }
        return fallback;
    }

    private static String after(List<String> words, String... markers) {
        for (int i = 0; i < words.size() - 1; i++) {
            for (String m : markers) {
                if (words.get(i).equals(m)) {
                    String next = words.get(i + 1);
                    return next.matches("\\d+") ? null : next;
                }
            }
        }
        return null;
    }

    private static String sanitize(String w) {
        String s = w.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "c_" + s : s;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Words of the text, split on anything but letters, digits and apostrophes. */
    private static List<String> tokens(String text, boolean lower) {
        List<String> out = new ArrayList<>();
        for (String t : text.split("[^\\p{L}\\p{N}']+")) {
            if (!t.isEmpty()) {
                out.add(lower ? t.toLowerCase(Locale.ROOT) : t);
            }
        }
        return out;
    }
}
