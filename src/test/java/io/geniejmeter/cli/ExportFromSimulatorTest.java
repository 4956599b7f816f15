package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The happy path end to end: the embedded simulator is preloaded with a conversation file (its {@code conversations}
 * option), {@code export-conversations} reads it back over real HTTP through the real SDK client, and the export
 * holds the same conversations and messages.
 */
class ExportFromSimulatorTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ExportFromSimulatorTest.class.getResource("/conversation/" + name).toURI());
    }

    /** The conversations by id (the API lists newest first; the file may be in any order). */
    private static Map<String, Conversation> byId(ConversationFile file) {
        return file.conversations().stream().collect(Collectors.toMap(Conversation::id, Function.identity(),
                (a, b) -> a, TreeMap::new));
    }

    private ConversationFile exportFrom(Path preload) throws IOException {
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("conversations", preload.toString()));
        try (GenieSimulator simulator = GenieSimulator.start(config)) {
            Map<String, String> env = Map.of("HOME", dir.toString(), "DATABRICKS_HOST", simulator.baseUrl(),
                    "DATABRICKS_TOKEN", simulator.token());
            int status = ExportConversationsCommand.run(new String[] {"--space-id", simulator.spaceId(),
                    "--include-all", "-o", "exported.yaml"}, env, dir, Clock.systemDefaultZone());
            assertEquals(0, status);
        }
        return ConversationFiles.read(dir.resolve("exported.yaml"));
    }

    @Test
    void reproducesAFileWrittenByTheOriginalTool() throws Exception {
        Path input = fixture("original-export.yaml");

        ConversationFile exported = exportFrom(input);

        ConversationFile original = ConversationFiles.read(input);
        assertEquals(byId(original), byId(exported));
        assertEquals(original.totalMessages(), exported.totalMessages());
    }

    @Test
    void reproducesConversationsAndMessagesSpreadOverSeveralPages() throws Exception {
        // 230 conversations (3 pages of 100) and one conversation of 150 messages (2 pages of 100).
        List<Conversation> conversations = new ArrayList<>();
        for (int c = 0; c < 230; c++) {
            int messages = c == 7 ? 150 : 1 + c % 3;
            List<ConversationMessage> list = new ArrayList<>();
            for (int m = 0; m < messages; m++) {
                list.add(new ConversationMessage("question " + m + " of conversation " + c + " – größte Märkte",
                        1_769_000_000_000L + c * 10_000L + m, String.format("msg-%03d-%03d", c, m)));
            }
            conversations.add(new Conversation(String.format("conv-%03d", c), c % 5 == 0 ? null : "title " + c,
                    1_769_000_000_000L + c * 10_000L, list));
        }
        ConversationFile input = new ConversationFile("space", "2026-01-28T08:17:30", conversations, null);
        Path file = dir.resolve("preload.yaml");
        ConversationFiles.write(input, file);

        ConversationFile exported = exportFrom(file);

        assertEquals(230, exported.totalConversations());
        assertEquals(input.totalMessages(), exported.totalMessages());
        assertEquals(byId(input), byId(exported));
    }
}
