package io.geniejmeter.export;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple (the logging binding of the bin/ commands and of the tests) prints, by swapping
 * {@code System.err} for the duration of a block; slf4j-simple looks {@code System.err} up on every line. Used to
 * check the log lines users rely on ("Connecting to Genie space: ...", "Exported N conversations ...").
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(text());
    }
}
