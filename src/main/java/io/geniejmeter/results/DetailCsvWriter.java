package io.geniejmeter.results;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code detailed_metrics.csv}: the header ({@link DetailColumns#ALL}) when opened, then one line per
 * {@link #write}, each flushed, so the file is complete up to the last sample even if the run is killed.
 *
 * <p>CSV as RFC 4180 and as pandas, Spark and JMeter read it: a field holding a comma, a double quote or a line
 * break is enclosed in double quotes, its double quotes doubled; lines end with {@code \n}. SQL keeps its line breaks.
 *
 * <p>Thread-safe: all samplers of a test write through one instance; a line is never interleaved with another.
 */
public final class DetailCsvWriter implements Closeable {

    /** The file's name, the original's. */
    public static final String FILE_NAME = "detailed_metrics.csv";

    private final Path file;
    private final BufferedWriter out;
    private int rows;

    private DetailCsvWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or replaces) {@code file}, creating its folder, and writes the header. */
    public static DetailCsvWriter create(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        DetailCsvWriter writer = new DetailCsvWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        writer.line(DetailColumns.ALL);
        return writer;
    }

    /** Appends one row. */
    public synchronized void write(DetailRow row) throws IOException {
        line(row.values());
        rows++;
    }

    /** Rows written so far (the header not counted). */
    public synchronized int rows() {
        return rows;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    private void line(List<String> fields) throws IOException {
        out.write(csvLine(fields));
        out.flush();
    }

    /** One CSV line of {@code fields}, with its {@code \n}. */
    public static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(fields.get(i)));
        }
        return line.append('\n').toString();
    }

    /** {@code field} as a CSV field: enclosed in double quotes (its own doubled) when it holds , " CR or LF. */
    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
