package io.geniejmeter.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<List<String>> parse(String text) throws IOException {
        return CsvRecords.parse(new StringReader(text));
    }

    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() throws IOException {
        assertEquals(List.of(List.of("prompt", "sql"), List.of("Sales, by \"region\"", "SELECT 1\nFROM t"),
                List.of("", "x")), parse("prompt,sql\n\"Sales, by \"\"region\"\"\",\"SELECT 1\nFROM t\"\n,x\n"));
    }

    @Test
    void takesCrLfAndALastRecordWithoutALineEnd() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), parse("a,b\r\n1,2"));
    }

    @Test
    void skipsBlankLinesButKeepsARecordOfEmptyFields() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("", ""), List.of("1", "2")), parse("a,b\n\n,\r\n\r\n1,2\n"));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void keepsAnEmptyQuotedField() throws IOException {
        assertEquals(List.of(List.of("")), parse("\"\"\n"));
    }

    @Test
    void namesTheLineWhereAQuotedFieldThatNeverClosesBegan() {
        IOException e = assertThrows(IOException.class, () -> parse("a,b\n1,\"two\nlines\n3,cut"));
        assertEquals("line 2: a quoted field is not closed before the end of the file (was the file cut short?)",
                e.getMessage());
    }
}
