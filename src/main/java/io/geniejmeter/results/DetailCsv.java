package io.geniejmeter.results;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CSV file held in memory as a header and rows of text, read and written as RFC 4180 says (and as pandas' and
 * Spark's CSV readers expect): fields with a comma, a quote or a line break are quoted, quotes doubled. The detail
 * file's prompts and SQL need that. Columns are found by their names only, so extra columns (in any order) pass
 * through unchanged. Not thread-safe.
 */
public final class DetailCsv {

    private final List<String> header;
    private final List<List<String>> rows;

    private DetailCsv(List<String> header, List<List<String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    /**
     * Reads {@code file} ({@link CsvRecords}): its first record is the header; shorter rows are padded with empty
     * fields.
     *
     * @throws IOException when it cannot be read, is empty or has an unterminated quote
     */
    public static DetailCsv read(Path file) throws IOException {
        List<List<String>> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = CsvRecords.parse(in);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new IOException(file + " is empty: no header line");
        }
        List<String> header = new ArrayList<>(records.get(0));
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            List<String> row = new ArrayList<>(r);
            while (row.size() < header.size()) {
                row.add("");
            }
            rows.add(row);
        }
        return new DetailCsv(header, rows);
    }

    /** The column names, in file order. */
    public List<String> header() {
        return Collections.unmodifiableList(header);
    }

    /** Number of data rows. */
    public int size() {
        return rows.size();
    }

    /** Index of column {@code name}, or -1. */
    public int column(String name) {
        return header.indexOf(name);
    }

    /** Index of column {@code name}, added at the end (empty in every row) when the file lacks it. */
    public int columnAdding(String name) {
        int index = header.indexOf(name);
        if (index >= 0) {
            return index;
        }
        header.add(name);
        for (List<String> row : rows) {
            row.add("");
        }
        return header.size() - 1;
    }

    /** The field of row {@code row} (0-based, header excluded) in column {@code column}. */
    public String get(int row, int column) {
        return rows.get(row).get(column);
    }

    public void set(int row, int column, String value) {
        rows.get(row).set(column, value == null ? "" : value);
    }

    /**
     * Writes the file to {@code file} through a temporary file in the same folder, moved into place, so a reader
     * (or a crash) never sees half a file.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writeRecord(w, header);
                for (List<String> row : rows) {
                    writeRecord(w, row);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeRecord(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"');
                w.write(f.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(f);
            }
        }
        w.write('\n');
    }
}
