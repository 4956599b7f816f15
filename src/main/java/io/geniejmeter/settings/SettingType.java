package io.geniejmeter.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of one setting becomes a typed value, and what a valid value looks like. The one validation rule of
 * a setting lives here: every source (option, JMeter property, element field, environment, {@code .env}) goes through
 * {@link #parse}, so a value is accepted or refused the same way wherever it was written.
 *
 * @param <T> the value's type
 */
public interface SettingType<T> {

    /** A {@code password=} parameter of a URL, whatever its case; its value ends at {@code &} or {@code ;}. */
    Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    /**
     * The value written as {@code text} (already stripped, never blank).
     *
     * @throws IllegalArgumentException with the words of {@link #expected()}, when {@code text} is not valid
     */
    T parse(String text);

    /** The value as a user would write it (used for defaults in help texts, {@code .env.example} and the docs). */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** What a valid value looks like, e.g. "a whole number of 1 or more". */
    String expected();

    /** Any text. */
    static SettingType<String> text() {
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                return text;
            }

            @Override
            public String expected() {
                return "text";
            }
        };
    }

    /** A whole number in {@code [min, max]}; {@code _} may group digits as in {@code 10_000}. */
    static SettingType<Integer> wholeNumber(int min, int max, String unit) {
        return new SettingType<>() {
            @Override
            public Integer parse(String text) {
                long value;
                try {
                    value = Long.parseLong(text.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not " + expected());
                }
                if (value < min || value > max) {
                    throw new IllegalArgumentException("is out of range: expected " + expected());
                }
                return (int) value;
            }

            @Override
            public String expected() {
                return "a whole number of " + unit + (max == Integer.MAX_VALUE ? ", " + min + " or more"
                        : " from " + min + " to " + max);
            }
        };
    }

    /** Any whole number (seeds). */
    static SettingType<Long> anyWholeNumber() {
        return new SettingType<>() {
            @Override
            public Long parse(String text) {
                try {
                    return Long.parseLong(text.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not " + expected());
                }
            }

            @Override
            public String expected() {
                return "a whole number, e.g. 42";
            }
        };
    }

    /** A decimal number in {@code [min, max]}, written with a '.'. */
    static SettingType<Double> number(double min, double max, String unit) {
        return new SettingType<>() {
            @Override
            public Double parse(String text) {
                double value;
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not " + expected());
                }
                if (Double.isNaN(value) || value < min || value > max) {
                    throw new IllegalArgumentException("is out of range: expected " + expected());
                }
                return value;
            }

            @Override
            public String format(Double value) {
                return formatNumber(value);
            }

            @Override
            public String expected() {
                return "a number of " + unit + (max == Double.MAX_VALUE ? ", " + formatNumber(min) + " or more"
                        : " from " + formatNumber(min) + " to " + formatNumber(max)) + " (a '.' before decimals)";
            }
        };
    }

    /** A duration given in (possibly fractional) seconds, more than 0 and at most {@code maxSeconds}. */
    static SettingType<Duration> seconds(double maxSeconds) {
        SettingType<Double> number = number(0.001, maxSeconds, "seconds");
        return new SettingType<>() {
            @Override
            public Duration parse(String text) {
                return Duration.ofMillis(Math.round(number.parse(text) * 1000));
            }

            @Override
            public String format(Duration value) {
                return formatNumber(value.toMillis() / 1000.0);
            }

            @Override
            public String expected() {
                return "a number of seconds above 0, at most " + formatNumber(maxSeconds);
            }
        };
    }

    /** {@code true/false}, also {@code yes/no}, {@code on/off} and {@code 1/0}, in any case. */
    static SettingType<Boolean> bool() {
        return new SettingType<>() {
            @Override
            public Boolean parse(String text) {
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1":
                        return true;
                    case "false", "no", "off", "0":
                        return false;
                    default:
                        throw new IllegalArgumentException("is not " + expected());
                }
            }

            @Override
            public String expected() {
                return "true or false";
            }
        };
    }

    /** One of {@code values}, in any case; the value is returned in the case declared. */
    static SettingType<String> choice(String... values) {
        List<String> allowed = List.of(values);
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                for (String value : allowed) {
                    if (value.equalsIgnoreCase(text)) {
                        return value;
                    }
                }
                throw new IllegalArgumentException("is not " + expected());
            }

            @Override
            public String expected() {
                return "one of " + String.join(", ", allowed);
            }
        };
    }

    /**
     * A workspace URL: {@code http(s)://} and a host name, nothing else around it (a path is allowed). A host written
     * without its scheme is refused rather than guessed, with the URL to write instead.
     */
    static SettingType<String> url() {
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                if (text.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("contains a space: expected " + expected());
                }
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
                    String host = text.contains("://") ? text.substring(text.indexOf("://") + 3) : text;
                    throw new IllegalArgumentException("has no http:// or https:// in front: write https://" + host);
                }
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("is not " + expected());
                }
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new IllegalArgumentException("names no host: expected " + expected());
                }
                if (uri.getPort() > 65_535) {
                    throw new IllegalArgumentException("has a port above 65535: expected " + expected());
                }
                return text;
            }

            @Override
            public String expected() {
                return "a URL such as https://your-workspace.cloud.databricks.com";
            }
        };
    }

    /**
     * A PostgreSQL JDBC URL ({@code jdbc:postgresql://HOST:PORT/DATABASE}). A password inside it is refused: a URL is
     * shown in messages and passed on command lines, so the password belongs in its own secret setting.
     */
    static SettingType<String> jdbcUrl(String passwordSetting) {
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                if (!text.startsWith("jdbc:postgresql:") || text.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("is not " + expected());
                }
                if (PASSWORD_IN_URL.matcher(text).find()) {
                    throw new IllegalArgumentException("carries a password: remove it from the URL and set "
                            + passwordSetting + " instead, which is never shown");
                }
                return text;
            }

            @Override
            public String expected() {
                return "a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/postgres";
            }
        };
    }

    /**
     * An id as Genie writes them (letters, digits, {@code -} and {@code _}, e.g. a space id
     * {@code 01f0c482e842191587af6a40ad4044d8}); a whole URL pasted instead is refused with the id it holds.
     */
    static SettingType<String> id(String what, String urlSegment) {
        Pattern shape = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
        Pattern inUrl = Pattern.compile("/" + urlSegment + "/([A-Za-z0-9_-]+)");
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                if (shape.matcher(text).matches()) {
                    return text;
                }
                Matcher m = inUrl.matcher(text);
                if (m.find()) {
                    throw new IllegalArgumentException("is a URL, not " + what + ": write only the id, "
                            + m.group(1));
                }
                throw new IllegalArgumentException("is not " + expected());
            }

            @Override
            public String expected() {
                return what + " (letters, digits, - and _; the part of the URL after /" + urlSegment + "/)";
            }
        };
    }

    /** {@code 8} rather than {@code 8.0}, {@code 0.85} as it is. */
    static String formatNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
