package io.geniejmeter.cache;

/** The embedding endpoint failed; {@link #kind()} says how, in a few words fit for a log line counted once. */
public final class EmbeddingException extends RuntimeException {

    private final String kind;

    public EmbeddingException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A short, stable name of the failure (e.g. "TIMEOUT", "HTTP 503", "MALFORMED_RESPONSE"). */
    public String kind() {
        return kind;
    }
}
