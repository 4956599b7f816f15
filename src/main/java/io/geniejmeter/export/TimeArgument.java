package io.geniejmeter.export;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code --from} / {@code --to} values of {@code export-conversations}, exactly the forms the original
 * accepts, into epoch milliseconds:
 * <ul>
 *   <li>relative to now: {@code 30m}, {@code 24h}, {@code 7d}, {@code 1w} (minutes, hours, days, weeks before now;
 *       unit letters in either case);</li>
 *   <li>an ISO-8601 time: {@code 2026-01-15T10:30:00}, {@code 2026-01-15T10:30:00.250}, {@code 2026-01-15T10:30:00Z},
 *       {@code 2026-01-15T10:30:00+01:00}; without a zone it is UTC (as the original assumes);</li>
 *   <li>a date: {@code 2026-01-15}, meaning the start of that day in UTC.</li>
 * </ul>
 * Both ends are inclusive. Stateless; the clock is injected so tests need not race the wall clock.
 */
public final class TimeArgument {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([dhwm])", Pattern.CASE_INSENSITIVE);

    private TimeArgument() {
    }

    /**
     * @param text the option value
     * @param option the option name for the error message ({@code --from} or {@code --to})
     * @param clock "now" for relative values
     * @return epoch milliseconds
     * @throws IllegalArgumentException with the accepted forms, when {@code text} is none of them
     */
    public static long parse(String text, String option, Clock clock) {
        String t = text == null ? "" : text.strip();
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw invalid(text, option);
            }
            Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return clock.millis() - d.toMillis();
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (t.contains("T") && (t.endsWith("Z") || t.endsWith("z") || t.matches(".*[+-]\\d\\d:?\\d\\d$"))) {
                String normalized = t.replaceFirst("[zZ]$", "+00:00").replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
                return OffsetDateTime.parse(normalized).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(text, option);
        }
    }

    private static IllegalArgumentException invalid(String text, String option) {
        return new IllegalArgumentException("Cannot read " + option + " '" + text + "'. Use a time relative to now"
                + " (30m, 24h, 7d, 1w), an ISO-8601 time (2026-01-15T10:30:00, 2026-01-15T10:30:00Z; UTC when no"
                + " zone is given) or a date (2026-01-15, the start of that day in UTC).");
    }
}
