package io.geniejmeter.lakebase;

/**
 * Why a {@link LocalPostgres} cannot be started or stopped, in words that say what to install or set instead
 * (no stack trace needed to act on it).
 */
public final class LocalPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalPostgresException(String message) {
        super(message);
    }

    public LocalPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
