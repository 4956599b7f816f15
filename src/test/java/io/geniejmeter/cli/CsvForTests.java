package io.geniejmeter.cli;

import io.geniejmeter.results.CsvRecords;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/** The launcher's RFC 4180 reader ({@link JtlSummary.CsvRecords}), opened to tests of other packages. */
public final class CsvForTests {

    private CsvForTests() {
    }

    /** The records of {@code text}, each a list of fields. */
    public static List<List<String>> parse(String text) throws IOException {
        return CsvRecords.parse(new StringReader(text));
    }
}
