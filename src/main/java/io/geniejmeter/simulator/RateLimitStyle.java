package io.geniejmeter.simulator;

import java.util.Locale;

/**
 * How the simulator refuses a question beyond the workspace questions-per-minute limit. Databricks does not document
 * which of the two a rate-limited caller sees, so a load tester must handle both; this setting picks one.
 */
public enum RateLimitStyle {
    /** The POST is answered with HTTP 429, {@code error_code} REQUEST_LIMIT_EXCEEDED and a {@code Retry-After}. */
    HTTP_429("http-429"),
    /**
     * The POST is accepted (HTTP 200) but the message ends FAILED with error type
     * {@code RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION} shortly after (after its SUBMITTED phase).
     */
    FAILED_MESSAGE("failed-message");

    private final String optionValue;

    RateLimitStyle(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The value used on the command line and in JMeter properties. */
    public String optionValue() {
        return optionValue;
    }

    /** Parses {@code http-429} or {@code failed-message} (case-insensitive, the enum name also works). */
    public static RateLimitStyle parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RateLimitStyle s : values()) {
            if (s.optionValue.equals(t) || s.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a rate-limit style: use http-429 or failed-message");
    }

    @Override
    public String toString() {
        return optionValue;
    }
}
