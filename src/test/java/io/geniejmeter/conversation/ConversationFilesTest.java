package io.geniejmeter.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading and writing conversation files. The fixtures {@code original-export.yaml} and {@code tricky-scalars.yaml}
 * were produced by PyYAML 6.0 with the original tool's exact call ({@code yaml.dump(data, f,
 * default_flow_style=False, sort_keys=False, allow_unicode=True)}), so they are the original's style byte for byte.
 */
class ConversationFilesTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(ConversationFilesTest.class.getResource("/conversation/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("conversations.yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsEveryFieldOfAFileWrittenByTheOriginal() throws IOException {
        ConversationFile f = ConversationFiles.read(fixture("original-export.yaml"));

        assertEquals("01f0c482e842191587af6a40ad4044d8", f.spaceId());
        assertEquals("2026-01-28T08:17:30.463211", f.exportedAt());
        assertEquals(3, f.totalConversations());
        assertEquals(9, f.totalMessages());
        Conversation first = f.conversations().get(0);
        assertEquals("01f0fc48aa3714d4a1e8e863ba014777", first.id());
        assertEquals("Show total repairs by month for JetBlue airline", first.title());
        assertEquals(1769604947206L, first.createdTimestamp());
        assertEquals(new ConversationMessage("Show total repairs by month for JetBlue airline", 1769604947267L,
                "01f0fc48aa3714d4a1e8e863ba014778"), first.messages().get(0));
        assertEquals("Now break it down by aircraft type and show only the ones with more than 10 repairs in the"
                + " last quarter, sorted descending", first.messages().get(1).content(), "folded line joined");
        assertEquals("What's the trend: up or down?", first.messages().get(2).content());
        List<ConversationMessage> second = f.conversations().get(1).messages();
        assertEquals("Umsatz pro Kunde – größte Märkte zuerst, 日本 included 📈", second.get(0).content());
        assertEquals("yes", second.get(1).content(), "quoted 'yes' stays text");
        assertEquals("12345", second.get(1).messageId(), "quoted digits stay text");
        assertEquals("- list the top 5\n\nthen the bottom 5", second.get(2).content());
        assertEquals("'quoted' question with a\ttab", second.get(3).content());
        assertEquals(new TimeFilter(1768435200000L, "2026-01-15T00:00:00+00:00", null, null), f.filter());
    }

    @Test
    void writesAFileByteForByteLikeTheOriginal() throws IOException {
        for (String name : List.of("original-export.yaml", "tricky-scalars.yaml")) {
            Path original = fixture(name);
            Path copy = dir.resolve("copy-" + name);

            ConversationFiles.write(ConversationFiles.read(original), copy);

            assertEquals(Files.readString(original, StandardCharsets.UTF_8),
                    Files.readString(copy, StandardCharsets.UTF_8), name);
        }
    }

    @Test
    void writesUntitledAndNoFilterBlockWhenAbsent() throws IOException {
        ConversationFile content = new ConversationFile("s1", "2026-01-28T08:17:30",
                List.of(new Conversation("c1", null, 5L, List.of(new ConversationMessage("q", 6L, "m1")))), null);

        String yaml = ConversationFiles.toYaml(content);

        assertEquals("""
                space_id: s1
                exported_at: '2026-01-28T08:17:30'
                total_conversations: 1
                total_messages: 1
                conversations:
                - id: c1
                  title: Untitled
                  created_timestamp: 5
                  messages:
                  - content: q
                    timestamp: 6
                    message_id: m1
                """, yaml);
    }

    @Test
    void writesOnlyTheGivenEndOfTheFilterLikeTheOriginal() {
        ConversationFile content = new ConversationFile("s1", "2026-01-28T08:17:30",
                List.of(new Conversation("c1", "t", 5L, List.of(new ConversationMessage("q", 6L, "m1")))),
                TimeFilter.of(null, 1769604947206L));

        String yaml = ConversationFiles.toYaml(content);

        assertTrue(yaml.endsWith("filter:\n  to_timestamp: 1769604947206\n"
                + "  to_timestamp_iso: '2026-01-28T12:55:47.206000+00:00'\n"), yaml);
        assertFalse(yaml.contains("from_timestamp"), yaml);
    }

    @Test
    void formatsExportedAtLikePythonIsoformat() {
        assertEquals("2026-01-28T08:17:30.463211",
                ConversationFile.exportedAtText(LocalDateTime.of(2026, 1, 28, 8, 17, 30, 463_211_999)));
        assertEquals("2026-01-28T08:17:30", ConversationFile.exportedAtText(LocalDateTime.of(2026, 1, 28, 8, 17, 30)));
    }

    @Test
    void leavesNoTemporaryFileBehindAndReplacesTheOldFile() throws IOException {
        Path target = yaml("old content");
        ConversationFile content = ConversationFiles.read(fixture("original-export.yaml"));

        ConversationFiles.write(content, target);

        assertEquals(content, ConversationFiles.read(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void givesANewFileOrdinaryPermissionsAndKeepsThoseOfAnOldOne() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        ConversationFile content = ConversationFiles.read(fixture("original-export.yaml"));
        Path fresh = dir.resolve("fresh.yaml");
        Path old = yaml("old");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw----"));

        ConversationFiles.write(content, fresh);
        ConversationFiles.write(content, old);

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
    }

    @Test
    void keepsTheOldFileWhenTheWriteFails() throws IOException {
        Path target = yaml("old content");
        Path missingDir = dir.resolve("no-such-dir").resolve("c.yaml");
        ConversationFile content = ConversationFiles.read(fixture("original-export.yaml"));

        assertThrows(IOException.class, () -> ConversationFiles.write(content, missingDir));

        assertEquals("old content", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void acceptsAHandWrittenFileWithOnlyTheQuestions() throws IOException {
        Path f = yaml("""
                conversations:
                - messages:
                  - content: How many orders last week?
                  - content: And the week before?
                - title: second
                  messages:
                  - content: Top customers
                """);

        ConversationFile file = ConversationFiles.read(f);

        assertNull(file.spaceId());
        assertNull(file.filter());
        assertEquals("conversation-1", file.conversations().get(0).id());
        assertEquals("Untitled", file.conversations().get(0).title());
        assertEquals("second", file.conversations().get(1).title());
        assertEquals(List.of("How many orders last week?", "And the week before?"),
                file.conversations().get(0).messages().stream().map(ConversationMessage::content).toList());
    }

    @Test
    void readsWindowsLineEndingsAndAByteOrderMark() throws IOException {
        Path f = yaml("\uFEFFconversations:\r\n- id: a\r\n  messages:\r\n  - content: q\r\n");

        assertEquals("q", ConversationFiles.read(f).conversations().get(0).messages().get(0).content());
    }

    @Test
    void rejectsAMessageWhoseContentKeyHasNoValue() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: a
                  messages:
                  - content:
                    timestamp: 5
                """);

        assertEquals(4, e.line());
        assertEquals("conversations[0].messages[0].content", e.field());
        assertTrue(e.getMessage().contains("the question text is empty"), e.getMessage());
    }

    @Test
    void dropsEmptyConversationsAndKeepsTheOthers() throws IOException {
        Path f = yaml("""
                conversations:
                - id: empty-list
                  messages: []
                - id: no-messages-key
                - id: kept
                  messages:
                  - content: q
                """);

        ConversationFile file = ConversationFiles.read(f);

        assertEquals(List.of("kept"), file.conversations().stream().map(Conversation::id).toList());
    }

    private ConversationFileException readFails(String text) throws IOException {
        Path f = yaml(text);
        return assertThrows(ConversationFileException.class, () -> ConversationFiles.read(f));
    }

    @Test
    void rejectsAFileWhoseConversationsAreAllEmpty() throws IOException {
        ConversationFileException e = readFails("""
                space_id: s
                conversations:
                - id: a
                  messages: []
                """);

        assertEquals(2, e.line());
        assertEquals("conversations", e.field());
        assertTrue(e.getMessage().contains("none of the 1 conversations has a message"), e.getMessage());
    }

    @Test
    void rejectsAFileWithoutConversations() throws IOException {
        ConversationFileException empty = readFails("conversations: []\n");
        ConversationFileException missing = readFails("space_id: s\n");

        assertTrue(empty.getMessage().contains("has no conversations"), empty.getMessage());
        assertEquals("conversations", missing.field());
        assertTrue(missing.getMessage().contains("'conversations' is missing"), missing.getMessage());
    }

    @Test
    void namesTheLineAndFieldOfAMessageWithoutContent() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: a
                  messages:
                  - content: fine
                  - contnet: typo
                    timestamp: 1
                """);

        assertEquals(5, e.line());
        assertEquals("conversations[0].messages[1].content", e.field());
        assertTrue(e.getMessage().startsWith("Conversation file " + dir.resolve("conversations.yaml") + ", line 5,"
                + " field 'conversations[0].messages[1].content': the message has no 'content'. Add the question"),
                e.getMessage());
    }

    @Test
    void rejectsAnEmptyQuestion() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: a
                  messages:
                  - content: ''
                """);

        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("the question text is empty"), e.getMessage());
    }

    @Test
    void rejectsWrongTypesWithTheirLine() throws IOException {
        ConversationFileException timestamp = readFails("""
                conversations:
                - id: a
                  messages:
                  - content: q
                    timestamp: yesterday
                """);
        ConversationFileException messages = readFails("""
                conversations:
                - id: a
                  messages: just one question
                """);
        ConversationFileException contentMap = readFails("""
                conversations:
                - id: a
                  messages:
                  - content:
                      nested: map
                """);
        ConversationFileException bareString = readFails("""
                conversations:
                - id: a
                  messages:
                  - a bare question
                """);
        ConversationFileException rootList = readFails("- a\n- b\n");

        assertEquals(5, timestamp.line());
        assertEquals("conversations[0].messages[0].timestamp", timestamp.field());
        assertTrue(timestamp.getMessage().contains("expected a whole number"), timestamp.getMessage());
        assertEquals(3, messages.line());
        assertTrue(messages.getMessage().contains("expected a list of messages"), messages.getMessage());
        assertEquals(4, contentMap.line());
        assertTrue(contentMap.getMessage().contains("expected the question as text"), contentMap.getMessage());
        assertEquals(4, bareString.line());
        assertTrue(bareString.getMessage().contains("'- content: a bare question'"), bareString.getMessage());
        assertEquals(1, rootList.line());
        assertTrue(rootList.getMessage().contains("not a mapping"), rootList.getMessage());
    }

    @Test
    void rejectsSomethingThatIsNotYamlWithTheLineOfTheSyntaxError() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: a
                  messages:
                  - content: "unterminated
                  - content: next
                """);

        assertTrue(e.line() >= 4, "line " + e.line());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: a
                  messages:
                  - content: one
                    content: two
                """);

        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("appears twice (first on line 4)"), e.getMessage());
    }

    @Test
    void explainsAMissingOrEmptyFile() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        Path empty = yaml("\n\n");

        ConversationFileException notFound = assertThrows(ConversationFileException.class,
                () -> ConversationFiles.read(missing));
        ConversationFileException blank = assertThrows(ConversationFileException.class,
                () -> ConversationFiles.read(empty));

        assertTrue(notFound.getMessage().contains("does not exist"), notFound.getMessage());
        assertTrue(notFound.getMessage().contains("bin/export-conversations"), notFound.getMessage());
        assertTrue(blank.getMessage().contains("the file is empty"), blank.getMessage());
    }

    @Test
    void rejectsTwoConversationsWithTheSameIdNamingBothLines() throws IOException {
        ConversationFileException e = readFails("""
                conversations:
                - id: c1
                  messages:
                  - content: first
                - id: c1
                  messages:
                  - content: second
                """);

        assertEquals(5, e.line());
        assertEquals("conversations[1].id", e.field());
        assertTrue(e.getMessage().contains("the conversation id 'c1' is already used on line 2. Give each"
                + " conversation its own id"), e.getMessage());
    }

    @Test
    void explainsADirectoryNamedAsTheFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("exports"));

        ConversationFileException e = assertThrows(ConversationFileException.class,
                () -> ConversationFiles.read(folder));

        assertEquals("Conversation file " + folder + ": this is a directory, not a file. Name the conversation file"
                + " itself, e.g. " + folder.resolve("conversations.yaml") + ".", e.getMessage());
    }

    /**
     * Root (as in CI) reads any file whatever its permissions, so the refused read is played by the reader's one
     * seam, with the exception the JDK throws for it; {@link #explainsAFileItMayNotReadWhenNotRoot} checks the real
     * thing where the tests do not run as root.
     */
    @Test
    void explainsAFileItMayNotRead() throws IOException {
        Path f = yaml("conversations: []");

        ConversationFileException e = assertThrows(ConversationFileException.class, () -> ConversationFileReader
                .read(f, p -> {
                    throw new java.nio.file.AccessDeniedException(p.toString());
                }));

        assertEquals("Conversation file " + f + ": you have no permission to read it. Make it readable by the user"
                + " running the test (e.g. chmod a+r conversations.yaml).", e.getMessage());
    }

    @Test
    void explainsAFileItMayNotReadWhenNotRoot() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path f = yaml("conversations: []");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "running as root: any file is readable");

        ConversationFileException e = assertThrows(ConversationFileException.class, () -> ConversationFiles.read(f));

        assertTrue(e.getMessage().contains("you have no permission to read it"), e.getMessage());
    }

    @Test
    void readsAHundredKilobyteQuestionAndAFileOverSnakeYamlsDefaultLimitWhole() throws IOException {
        String big = "How many orders " + "x".repeat(100 * 1024) + " end?";
        StringBuilder text = new StringBuilder("conversations:\n");
        for (int i = 0; i < 40; i++) { // 4 MB, above the 3 MB SnakeYAML refuses by default
            text.append("- messages:\n  - content: ").append(big).append('\n');
        }

        ConversationFile file = ConversationFiles.read(yaml(text.toString()));

        assertEquals(40, file.conversations().size());
        assertEquals(big, file.conversations().get(39).messages().get(0).content());
    }

    @Test
    void keepsEmojiRightToLeftAndCombiningMarksExactly() throws IOException {
        // Decomposed e + U+0301 (not NFC-normalised), a family emoji joined by ZWJ, Hebrew and Arabic with a
        // right-to-left mark, a flag (two regional indicators) and a character outside the BMP (U+1D11E).
        List<String> questions = UnicodeQuestions.ALL;
        StringBuilder text = new StringBuilder("conversations:\n- messages:\n");
        for (String q : questions) {
            text.append("  - content: \"").append(q).append("\"\n");
        }

        ConversationFile file = ConversationFiles.read(yaml(text.toString()));

        List<String> read = file.conversations().get(0).messages().stream().map(ConversationMessage::content)
                .toList();
        assertEquals(questions, read);
        for (int i = 0; i < questions.size(); i++) {
            assertEquals(List.of(questions.get(i).codePoints().boxed().toArray()),
                    List.of(read.get(i).codePoints().boxed().toArray()), "code point for code point");
        }
        Path copy = dir.resolve("copy.yaml");
        ConversationFiles.write(file, copy);
        assertEquals(file, ConversationFiles.read(copy), "written and read back unchanged");
    }

    @Test
    void namesTheLineOfTheFirstByteThatIsNotUtf8() throws IOException {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "conversations:\n- messages:\n  - content: caf\u00e9?\n".getBytes(StandardCharsets.ISO_8859_1));

        ConversationFileException e = assertThrows(ConversationFileException.class, () -> ConversationFiles.read(f));

        assertEquals(3, e.line());
        assertTrue(e.getMessage().endsWith("the file is not UTF-8 text. Save it as UTF-8."), e.getMessage());
    }

    @Test
    void leavesTheOldFileWholeWhenTheWriteFailsMidway() throws IOException {
        Path target = yaml("old content");
        ConversationFile content = ConversationFiles.read(fixture("original-export.yaml"));
        int[] written = {0};

        IOException e = assertThrows(IOException.class, () -> ConversationFiles.write(content, target,
                out -> new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        int half = len / 2; // half of the file reaches the disk, then the disk is full
                        out.write(b, off, half);
                        written[0] += half;
                        throw new IOException("No space left on device");
                    }
                }));

        assertEquals("No space left on device", e.getMessage());
        assertTrue(written[0] > 100, "the failure came midway: " + written[0] + " bytes written");
        assertEquals("old content", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "the half-written temporary file is removed");
        }
    }
}
