package io.geniejmeter.genie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The end-of-test count of questions cut off by the end of the test (Stop, or the duration running out) while Genie
 * was still answering: they are not in the results, so the sampler logs their number once at test end as
 * {@code questions_cut_off=N}, and the launcher reads it back from {@code jmeter.log} for its summary. JMeter-free,
 * so that both sides share the one format.
 */
public final class CutOffQuestions {

    /** The key of the log line. */
    public static final String KEY = "questions_cut_off";

    private static final Pattern LINE = Pattern.compile("\\b" + KEY + "=(\\d+)");

    private CutOffQuestions() {
    }

    /** The log line's text for {@code count} questions cut off. */
    public static String line(int count) {
        return KEY + "=" + count;
    }

    /**
     * The log line with where the questions were cut off: {@code atGenie} of them on Genie's path (Genie asked or
     * about to be; the rest were cache hits cut off while their SQL re-ran, which Genie never sees), and
     * {@code acknowledged} of those with a Genie message id (Genie surely has them). Genie received between
     * {@code acknowledged} and {@code atGenie} of them: a question whose POST was aborted in flight may or may not
     * have arrived. {@link #read} reads the first figure.
     */
    public static String line(int count, int atGenie, int acknowledged) {
        return line(count) + " at_genie=" + atGenie + " acknowledged_by_genie=" + acknowledged;
    }

    /** The count of the last such line in {@code log}; empty when there is none or the file cannot be read. */
    public static OptionalInt read(Path log) {
        if (!Files.isRegularFile(log)) {
            return OptionalInt.empty();
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            OptionalInt last = OptionalInt.empty();
            for (String l : (Iterable<String>) lines::iterator) {
                Matcher m = LINE.matcher(l);
                if (m.find()) {
                    last = OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
            return last;
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
