package io.geniejmeter.conversation;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The YAML loader under random and mutated input: every file is either read (with at least one question) or refused
 * with a {@link ConversationFileException} that names the file; nothing else escapes, and no file takes more than a
 * second. Mutations start from the original tool's own export and apply the edits people make by hand: characters
 * that mean something in YAML inserted, text cut out, lines duplicated or re-indented, bytes that are not UTF-8.
 */
class ConversationFileProperties {

    private static final String SEED_FILE = "/conversation/original-export.yaml";
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static Path dir;
    private static String original;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("conversation-fuzz");
        original = new String(ConversationFileProperties.class.getResourceAsStream(SEED_FILE).readAllBytes(),
                StandardCharsets.UTF_8);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 300)
    void aMutatedExportIsReadOrRefusedWithItsName(@ForAll("mutatedExports") byte[] content) throws IOException {
        readOrRefuse(content);
    }

    @Property(tries = 200)
    void randomTextIsReadOrRefusedWithItsName(@ForAll("yamlishText") String text) throws IOException {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void readOrRefuse(byte[] content) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.write(file, content);
        String outcome = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                ConversationFile read = ConversationFiles.read(file);
                assertTrue(read.conversations().stream().allMatch(c -> !c.messages().isEmpty()
                        && c.messages().stream().allMatch(m -> !m.content().isBlank())), read.toString());
                return "read";
            } catch (ConversationFileException e) {
                assertTrue(e.getMessage().startsWith("Conversation file " + file), e.getMessage());
                assertTrue(e.getMessage().length() < 2_000, "a message, not a dump: " + e.getMessage().length());
                return e.line() > 0 ? "refused, naming a line" : "refused";
            }
        });
        Statistics.collect(outcome); // shows in the report that both ends are reached
    }

    @Provide
    Arbitrary<String> yamlishText() {
        Arbitrary<Character> chars = Arbitraries.of(':', '-', ' ', ' ', '\n', '\t', '#', '[', ']', '{', '}', '&', '*',
                '!', '|', '>', '\'', '"', '%', '@', '`', 'a', 'c', '1', '\u00e9', '\uD83D');
        Arbitrary<String> words = Arbitraries.of("conversations:", "messages:", "- content:", "  ", "id:", "title:",
                "timestamp:", "- ", "null", "~", "[]", "{}", "*a", "&a", "!!str", "---", "...", "\n", "\n  ");
        return Arbitraries.oneOf(chars.list().ofMaxSize(200).map(ConversationFileProperties::join),
                words.list().ofMaxSize(60).map(l -> String.join("", l)));
    }

    @Provide
    Arbitrary<byte[]> mutatedExports() {
        Arbitrary<Mutation> one = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of(":", ": ", "- ", "\n", "\t", "  ", "#", "'", "\"", "[", "{", "&x ", "*x",
                                "!!binary ", "|", "\u0000", "\uFEFF", "conversations:", "- content:"))
                        .as(Insert::new),
                Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(1, 80))
                        .as(Cut::new),
                Arbitraries.integers().between(0, 60).map(DuplicateLine::new),
                Arbitraries.integers().between(0, 60).map(Dedent::new),
                Arbitraries.integers().between(0, 10_000).map(BadByte::new));
        return one.list().ofMinSize(1).ofMaxSize(6).map(ConversationFileProperties::apply);
    }

    private static byte[] apply(List<Mutation> mutations) {
        String text = original;
        for (Mutation m : mutations) {
            if (!(m instanceof BadByte)) {
                text = m.apply(text);
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (Mutation m : mutations) {
            if (m instanceof BadByte b && bytes.length > 0) {
                bytes[b.at() % bytes.length] = (byte) 0xC3; // a UTF-8 lead byte without its continuation, mostly
            }
        }
        return bytes;
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder();
        chars.forEach(b::append);
        return b.toString();
    }

    private sealed interface Mutation permits Insert, Cut, DuplicateLine, Dedent, BadByte {
        String apply(String text);
    }

    private record Insert(int at, String what) implements Mutation {
        public String apply(String text) {
            int i = at % (text.length() + 1);
            return text.substring(0, i) + what + text.substring(i);
        }
    }

    private record Cut(int at, int length) implements Mutation {
        public String apply(String text) {
            int i = at % (text.length() + 1);
            return text.substring(0, i) + text.substring(Math.min(text.length(), i + length));
        }
    }

    private record DuplicateLine(int line) implements Mutation {
        public String apply(String text) {
            List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
            int i = line % lines.size();
            lines.add(i, lines.get(i));
            return String.join("\n", lines);
        }
    }

    private record Dedent(int line) implements Mutation {
        public String apply(String text) {
            List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
            int i = line % lines.size();
            lines.set(i, lines.get(i).stripLeading());
            return String.join("\n", lines);
        }
    }

    private record BadByte(int at) implements Mutation {
        public String apply(String text) {
            return text;
        }
    }
}
