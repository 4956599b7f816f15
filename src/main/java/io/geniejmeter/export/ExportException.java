package io.geniejmeter.export;

/**
 * The export failed for a reason the user can act on; the message says what happened and what to do, and never
 * contains a secret. The command prints it and exits with a non-zero status.
 */
public class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }

    public ExportException(String message) {
        super(message);
    }
}
