package io.geniejmeter.conversation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.AccessDeniedException;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and validates a conversation file. The YAML is first parsed into a small tree that keeps the line of every
 * key and value (Jackson's streaming parser gives them), then checked field by field, so every error can name the
 * line and the field. Stateless; safe to use from any thread.
 */
final class ConversationFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationFileReader.class);
    /**
     * SnakeYAML refuses documents over 3 MB by default, which a large export (or 100 KB questions) can exceed; the
     * whole file is in memory anyway, so the limit is only there to stop a runaway, not a real file.
     */
    private static final int MAX_CODE_POINTS = 512 * 1024 * 1024;
    private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

    private static final Set<String> ROOT_KEYS = Set.of("space_id", "exported_at", "total_conversations",
            "total_messages", "conversations", "filter");
    private static final Set<String> CONVERSATION_KEYS = Set.of("id", "title", "created_timestamp", "messages");
    private static final Set<String> MESSAGE_KEYS = Set.of("content", "timestamp", "message_id");
    private static final Set<String> FILTER_KEYS = Set.of("from_timestamp", "from_timestamp_iso", "to_timestamp",
            "to_timestamp_iso");

    private static final String FORMAT_HINT = "a conversation file has 'conversations:' with a list of entries, each"
            + " with 'messages:' listing '- content: <question>' (bin/export-conversations writes such a file)";

    private ConversationFileReader() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /** How the file's bytes are read: {@code Files::readAllBytes}, replaced in tests to play a refused read. */
    @FunctionalInterface
    interface FileBytes {
        byte[] read(Path file) throws IOException;
    }

    // ---- a YAML tree that remembers lines ----

    private sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();
    }

    private record Entry(String key, int keyLine, Node value) {
    }

    private record MapNode(int line, Map<String, Entry> entries) implements Node {
    }

    private record ListNode(int line, List<Node> items) implements Node {
    }

    private record ScalarNode(int line, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    static ConversationFile read(Path file) throws ConversationFileException {
        return read(file, Files::readAllBytes);
    }

    static ConversationFile read(Path file, FileBytes reader) throws ConversationFileException {
        if (Files.isDirectory(file)) {
            throw new ConversationFileException(file, 0, null, "this is a directory, not a file. Name the"
                    + " conversation file itself, e.g. " + file.resolve("conversations.yaml") + ".");
        }
        String text;
        byte[] bytes = null;
        try {
            bytes = reader.read(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConversationFileException(file, 0, null, "the file does not exist. Check the path, or create"
                    + " the file with bin/export-conversations --space-id <id> -o " + file.getFileName() + ".", e);
        } catch (AccessDeniedException e) {
            throw new ConversationFileException(file, 0, null, "you have no permission to read it. Make it"
                    + " readable by the user running the test (e.g. chmod a+r " + file.getFileName() + ").", e);
        } catch (CharacterCodingException e) {
            throw new ConversationFileException(file, lineOfFirstBadByte(bytes), null, "the file is not UTF-8 text."
                    + " Save it as UTF-8.", e);
        } catch (IOException e) {
            throw new ConversationFileException(file, 0, null, "the file cannot be read (" + e + "). Check that it"
                    + " is a readable file.", e);
        }
        if (text.startsWith("\uFEFF")) {
            // Some Windows editors start UTF-8 files with a byte order mark; it is not part of the YAML.
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new ConversationFileException(file, 1, null, "the file is empty; " + FORMAT_HINT + ".");
        }
        Node root = parse(file, text);
        return new ConversationFileReader.Validator(file).root(root);
    }

    /** The 1-based line of the first byte that is not UTF-8, or 0 when there is none. */
    private static int lineOfFirstBadByte(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length), true);
        if (!result.isError()) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Node parse(Path file, String text) throws ConversationFileException {
        try (Reader r = new java.io.StringReader(text); JsonParser p = YAML.createParser(r)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConversationFileException(file, 1, null, "the file holds no YAML document; "
                        + FORMAT_HINT + ".");
            }
            return node(file, p, "");
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            throw new ConversationFileException(file, Math.max(line, 0), null, "this is not valid YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("syntax error")
                    + "). Fix the syntax: check the indentation and that text with ': ' or a leading special"
                    + " character is quoted.", e);
        } catch (ConversationFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ConversationFileException(file, 0, null, "the file cannot be parsed (" + e + ").", e);
        }
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 0);
    }

    /** Builds the node at the parser's current token, leaving the parser on that node's last token. */
    private static Node node(Path file, JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p);
        if (t == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (entries.containsKey(key)) {
                    throw new ConversationFileException(file, keyLine, childPath, "the key appears twice (first on"
                            + " line " + entries.get(key).keyLine() + "). Keep one of them.");
                }
                p.nextToken();
                entries.put(key, new Entry(key, keyLine, node(file, p, childPath)));
            }
            return new MapNode(line, entries);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(file, p, path + "[" + i++ + "]"));
            }
            return new ListNode(line, items);
        }
        return new ScalarNode(line, t, t == JsonToken.VALUE_NULL ? null : p.getText());
    }

    // ---- validation ----

    private static final class Validator {
        private final Path file;
        /** The line of each id written in the file: results and logs name conversations by id. */
        private final Map<String, Integer> idLines = new LinkedHashMap<>();

        Validator(Path file) {
            this.file = file;
        }

        private ConversationFileException error(int line, String field, String problem) {
            return new ConversationFileException(file, line, field, problem);
        }

        ConversationFile root(Node root) throws ConversationFileException {
            if (!(root instanceof MapNode map)) {
                throw error(root.line(), null, "the file is " + describe(root) + ", not a mapping; "
                        + FORMAT_HINT + ".");
            }
            warnUnknownKeys(map, ROOT_KEYS, "");
            String spaceId = optionalText(map, "space_id", "space_id");
            String exportedAt = optionalText(map, "exported_at", "exported_at");
            Entry conversationsEntry = map.entries().get("conversations");
            if (conversationsEntry == null) {
                throw error(map.line(), "conversations", "the key 'conversations' is missing; " + FORMAT_HINT + ".");
            }
            if (!(conversationsEntry.value() instanceof ListNode list)) {
                if (conversationsEntry.value() instanceof ScalarNode s && s.isNull()) {
                    throw error(conversationsEntry.keyLine(), "conversations", "the file has no conversations."
                            + " Export some with bin/export-conversations, or list them under 'conversations:'.");
                }
                throw error(conversationsEntry.value().line(), "conversations", "expected a list of conversations"
                        + " ('- id: ...' entries), found " + describe(conversationsEntry.value()) + ".");
            }
            List<Conversation> conversations = new ArrayList<>();
            int dropped = 0;
            for (int i = 0; i < list.items().size(); i++) {
                Conversation c = conversation(list.items().get(i), "conversations[" + i + "]", i);
                if (c.messages().isEmpty()) {
                    dropped++;
                    LOG.warn("{}, line {}: conversation '{}' has no messages and is skipped",
                            file, list.items().get(i).line(), c.id());
                } else {
                    conversations.add(c);
                }
            }
            if (conversations.isEmpty()) {
                throw error(conversationsEntry.keyLine(), "conversations", list.items().isEmpty()
                        ? "the file has no conversations. Export some with bin/export-conversations, or list them"
                                + " under 'conversations:'."
                        : "none of the " + dropped + " conversations has a message. Each conversation needs"
                                + " 'messages:' with at least one '- content: <question>'.");
            }
            TimeFilter filter = filter(map);
            ConversationFile result = new ConversationFile(spaceId, exportedAt, conversations, filter);
            // A total that counted the dropped empty conversations is still consistent with the file.
            checkTotal(map, "total_conversations", result.totalConversations(),
                    result.totalConversations() + dropped);
            checkTotal(map, "total_messages", result.totalMessages(), result.totalMessages());
            return result;
        }

        /** Warns when a stated total matches neither accepted count; the totals are recomputed anyway. */
        private void checkTotal(MapNode map, String key, long actual, long alsoAccepted)
                throws ConversationFileException {
            Entry e = map.entries().get(key);
            if (e == null) {
                return;
            }
            Long stated = optionalLong(map, key, key);
            if (stated != null && stated != actual && stated != alsoAccepted) {
                LOG.warn("{}, line {}: '{}' says {} but the file holds {}; the count is ignored (it is recomputed"
                        + " when the file is written)", file, e.keyLine(), key, stated, actual);
            }
        }

        private Conversation conversation(Node node, String path, int index) throws ConversationFileException {
            if (!(node instanceof MapNode map)) {
                throw error(node.line(), path, "expected a conversation ('- id: ...' with 'messages:'), found "
                        + describe(node) + ".");
            }
            warnUnknownKeys(map, CONVERSATION_KEYS, path);
            String id = optionalText(map, "id", path + ".id");
            if (id != null) {
                int line = map.entries().get("id").keyLine();
                Integer first = idLines.putIfAbsent(id, line);
                if (first != null) {
                    throw error(line, path + ".id", "the conversation id '" + abbreviate(id) + "' is already used on"
                            + " line " + first + ". Give each conversation its own id, or remove the id lines"
                            + " (conversations without one are numbered).");
                }
            }
            if (id == null) {
                // Hand-written files may leave ids out; a stable placeholder keeps logs and results readable.
                id = "conversation-" + (index + 1);
            }
            String title = optionalText(map, "title", path + ".title");
            Long created = optionalLong(map, "created_timestamp", path + ".created_timestamp");
            List<ConversationMessage> messages = new ArrayList<>();
            Entry messagesEntry = map.entries().get("messages");
            if (messagesEntry != null && !(messagesEntry.value() instanceof ScalarNode s && s.isNull())) {
                if (!(messagesEntry.value() instanceof ListNode list)) {
                    throw error(messagesEntry.value().line(), path + ".messages", "expected a list of messages"
                            + " ('- content: <question>' entries), found " + describe(messagesEntry.value()) + ".");
                }
                for (int i = 0; i < list.items().size(); i++) {
                    messages.add(message(list.items().get(i), path + ".messages[" + i + "]"));
                }
            }
            return new Conversation(id, title, created == null ? 0L : created, messages);
        }

        private ConversationMessage message(Node node, String path) throws ConversationFileException {
            if (node instanceof ScalarNode s && !s.isNull() && s.token() == JsonToken.VALUE_STRING) {
                throw error(node.line(), path, "a message must be a mapping with the question under 'content';"
                        + " write '- content: " + abbreviate(s.text()) + "'.");
            }
            if (!(node instanceof MapNode map)) {
                throw error(node.line(), path, "expected a message ('- content: <question>'), found "
                        + describe(node) + ".");
            }
            warnUnknownKeys(map, MESSAGE_KEYS, path);
            Entry content = map.entries().get("content");
            if (content == null) {
                throw error(map.line(), path + ".content", "the message has no 'content'. Add the question as"
                        + " 'content: <question>' or remove the message.");
            }
            if (!(content.value() instanceof ScalarNode s) || s.isNull()) {
                throw error(content.keyLine(), path + ".content", content.value() instanceof ScalarNode
                        ? "the question text is empty. Write the question after 'content:' or remove the message."
                        : "expected the question as text, found " + describe(content.value())
                                + ". Quote the question if it contains ': ' or starts with a special character.");
            }
            if (s.text().isBlank()) {
                throw error(content.keyLine(), path + ".content", "the question text is empty. Write the question"
                        + " after 'content:' or remove the message.");
            }
            Long timestamp = optionalLong(map, "timestamp", path + ".timestamp");
            String messageId = optionalText(map, "message_id", path + ".message_id");
            return new ConversationMessage(s.text(), timestamp == null ? 0L : timestamp, messageId);
        }

        private TimeFilter filter(MapNode root) throws ConversationFileException {
            Entry e = root.entries().get("filter");
            if (e == null || (e.value() instanceof ScalarNode s && s.isNull())) {
                return null;
            }
            if (!(e.value() instanceof MapNode map)) {
                throw error(e.value().line(), "filter", "expected a mapping with from_timestamp / to_timestamp,"
                        + " found " + describe(e.value()) + ". Remove the 'filter' block if unsure: it is only"
                        + " informational.");
            }
            warnUnknownKeys(map, FILTER_KEYS, "filter");
            return new TimeFilter(optionalLong(map, "from_timestamp", "filter.from_timestamp"),
                    optionalText(map, "from_timestamp_iso", "filter.from_timestamp_iso"),
                    optionalLong(map, "to_timestamp", "filter.to_timestamp"),
                    optionalText(map, "to_timestamp_iso", "filter.to_timestamp_iso"));
        }

        private String optionalText(MapNode map, String key, String path) throws ConversationFileException {
            Entry e = map.entries().get(key);
            if (e == null) {
                return null;
            }
            if (e.value() instanceof ScalarNode s) {
                return s.text();
            }
            throw error(e.value().line(), path, "expected text, found " + describe(e.value()) + ".");
        }

        private Long optionalLong(MapNode map, String key, String path) throws ConversationFileException {
            Entry e = map.entries().get(key);
            if (e == null) {
                return null;
            }
            if (e.value() instanceof ScalarNode s) {
                if (s.isNull()) {
                    return null;
                }
                if (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_STRING) {
                    try {
                        return Long.parseLong(s.text().trim());
                    } catch (NumberFormatException nfe) {
                        // fall through to the error below
                    }
                }
                throw error(e.keyLine(), path, "expected a whole number (epoch milliseconds for timestamps), found '"
                        + abbreviate(s.text()) + "'.");
            }
            throw error(e.value().line(), path, "expected a whole number, found " + describe(e.value()) + ".");
        }

        private void warnUnknownKeys(MapNode map, Set<String> known, String path) {
            for (Entry e : map.entries().values()) {
                if (!known.contains(e.key())) {
                    LOG.warn("{}, line {}: unknown key '{}'{} is ignored (known keys: {})", file, e.keyLine(),
                            e.key(), path.isEmpty() ? "" : " in " + path, String.join(", ", sorted(known)));
                }
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        l.sort(null);
        return l;
    }

    private static String describe(Node node) {
        if (node instanceof MapNode) {
            return "a mapping (key: value lines)";
        }
        if (node instanceof ListNode) {
            return "a list ('- ' entries)";
        }
        ScalarNode s = (ScalarNode) node;
        return s.isNull() ? "nothing (null)" : "the value '" + abbreviate(s.text()) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
