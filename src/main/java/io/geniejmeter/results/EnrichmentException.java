package io.geniejmeter.results;

/** Why SQL history enrichment could not go on, in words for the console (what was saved so far stays saved). */
public final class EnrichmentException extends Exception {

    private static final long serialVersionUID = 1L;

    public EnrichmentException(String message) {
        super(message);
    }

    public EnrichmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
