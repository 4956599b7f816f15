package io.geniejmeter.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 writes them, the one reader of the JTL and the detail file: fields separated by
 * commas, a field with a comma, a quote or a line break quoted, quotes inside doubled, records ended by LF or CRLF.
 * Blank lines are skipped (they hold no record). A quoted field still open at the end is an error naming the line it
 * began on: the file was cut short, and its last record would be wrong.
 */
public final class CsvRecords {

    private CsvRecords() {
    }

    /** Every record of {@code reader}, in order; the reader is read to its end but not closed. */
    public static List<List<String>> parse(Reader reader) throws IOException {
        Reader in = reader.markSupported() ? reader : new BufferedReader(reader);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int quoteLine = 0;
        int c;
        while ((c = in.read()) != -1) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
                quoteLine = line;
                any = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                line++;
                if (any || field.length() > 0) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append((char) c);
                any = true;
            }
        }
        if (quoted) {
            throw new IOException("line " + quoteLine + ": a quoted field is not closed before the end of the file"
                    + " (was the file cut short?)");
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
