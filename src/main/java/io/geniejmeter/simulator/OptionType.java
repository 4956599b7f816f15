package io.geniejmeter.simulator;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What the values of one simulator option look like: how text is read ({@link #read}, syntax only), which values are
 * allowed ({@link #allows}, described by {@link #allowed()}), how a value is normalised and how it is shown. One
 * instance serves an option on every path, the command line, a JMeter property and the builder alike, so a value is
 * judged the same wherever it comes from.
 *
 * @param <T> the value's Java type
 */
final class OptionType<T> {

    private final Function<String, T> reader;
    private final UnaryOperator<T> normaliser;
    private final Predicate<T> allows;
    private final String allowed;
    private final Function<T, String> shower;
    private final boolean secret;

    private OptionType(Function<String, T> reader, UnaryOperator<T> normaliser, Predicate<T> allows, String allowed,
                       Function<T, String> shower, boolean secret) {
        this.reader = reader;
        this.normaliser = normaliser;
        this.allows = allows;
        this.allowed = allowed;
        this.shower = shower;
        this.secret = secret;
    }

    /** Whole numbers from {@code min} to {@code max}, both inclusive; {@link Integer#MAX_VALUE} means "no limit". */
    static OptionType<Integer> integer(int min, int max) {
        return new OptionType<>(OptionType::readInt, UnaryOperator.identity(), v -> v >= min && v <= max,
                max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max, String::valueOf,
                false);
    }

    /** Any whole number (a seed). */
    static OptionType<Long> anyLong() {
        return new OptionType<>(OptionType::readLong, UnaryOperator.identity(), v -> true, null, String::valueOf,
                false);
    }

    /** A duration in nominal milliseconds, 0 or more. */
    static OptionType<Long> millis() {
        return new OptionType<>(OptionType::readLong, UnaryOperator.identity(), v -> v >= 0, "at least 0",
                String::valueOf, false);
    }

    /** A share of requests or messages, from 0 to 1 inclusive. */
    static OptionType<Double> rate() {
        // + 0.0 turns -0 into 0, so "-0" and "0" make equal configurations
        return new OptionType<>(OptionType::readDouble, v -> v + 0.0, v -> v >= 0 && v <= 1,
                "between 0 and 1", OptionType::showDouble, false);
    }

    /** A factor greater than 0 and at most {@code max}. */
    static OptionType<Double> positiveFactor(double max) {
        return new OptionType<>(OptionType::readDouble, UnaryOperator.identity(), v -> v > 0 && v <= max,
                "greater than 0 and at most " + showDouble(max), OptionType::showDouble, false);
    }

    /** Text without surrounding blanks. */
    static OptionType<String> text() {
        return new OptionType<>(t -> t, String::strip, v -> true, null, v -> v, false);
    }

    /** Text compared in upper case (an error type name). */
    static OptionType<String> upperCaseText() {
        return new OptionType<>(t -> t, v -> v.strip().toUpperCase(Locale.ROOT), v -> true, null, v -> v, false);
    }

    /** Text that must never reach a log: shown as {@code ****}. */
    static OptionType<String> secret() {
        return new OptionType<>(t -> t, String::strip, v -> true, null, v -> "****", true);
    }

    /** A latency range, {@code MIN-MAX} or one number of milliseconds ({@link LatencyRange#parse}). */
    static OptionType<LatencyRange> latency() {
        return new OptionType<>(LatencyRange::parse, UnaryOperator.identity(), v -> true, null,
                LatencyRange::toString, false);
    }

    /** How throttled questions are refused ({@link RateLimitStyle#parse}). */
    static OptionType<RateLimitStyle> rateLimitStyle() {
        return new OptionType<>(RateLimitStyle::parse, UnaryOperator.identity(), v -> true, null,
                RateLimitStyle::optionValue, false);
    }

    /** {@code true} or {@code false}, in any case. */
    static OptionType<Boolean> bool() {
        return new OptionType<>(t -> switch (t.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
        }, UnaryOperator.identity(), v -> true, null, String::valueOf, false);
    }

    /** A file path, not checked for existence here (the simulator reads it at start). */
    static OptionType<Path> file() {
        return new OptionType<>(Path::of, UnaryOperator.identity(), v -> true, null, Path::toString, false);
    }

    /**
     * Reads a value from non-blank text, checking only its syntax.
     *
     * @throws IllegalArgumentException saying what was expected, with the text
     */
    T read(String text) {
        return reader.apply(text.strip());
    }

    /** The value as the simulator keeps it: stripped text, error types in upper case, numbers unchanged. */
    T normalise(T value) {
        return normaliser.apply(value);
    }

    /** Whether a normalised value lies in the allowed range. */
    boolean allows(T value) {
        return allows.test(value);
    }

    /** The allowed range in words ("between 0 and 1", "at least 8"), or null when every readable value is allowed. */
    String allowed() {
        return allowed;
    }

    /** The value as written on the command line; secrets as {@code ****}. */
    String show(T value) {
        return shower.apply(value);
    }

    /** True for values that must never be printed. */
    boolean isSecret() {
        return secret;
    }

    private static int readInt(String t) {
        long n = readLong(t);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number between " + Integer.MIN_VALUE
                    + " and " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    private static long readLong(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
    }

    private static double readDouble(String t) {
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a number");
        }
    }

    /** 1.0 as "1", 0.010 as "0.01": the way a user writes it, so help and errors read naturally. */
    private static String showDouble(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
