package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import io.geniejmeter.conversation.UnicodeQuestions;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Questions read from a conversation file reach Genie byte for byte: emoji, right-to-left text, combining marks and a
 * 100 KB question, asked through the real client and SDK, compared with what the simulator received (its ground
 * truth) as UTF-8 bytes.
 */
class UnicodeReplayTest {

    @TempDir
    Path dir;

    @Test
    void everyQuestionReachesGenieByteForByte() throws Exception {
        List<String> questions = new ArrayList<>(UnicodeQuestions.ALL);
        questions.add("Long question \u00e9\uD83D\uDCC8 " + "abc\u05D0 ".repeat(20 * 1024)); // over 100 KB in UTF-8
        StringBuilder yaml = new StringBuilder("conversations:\n- messages:\n");
        for (String q : questions) {
            yaml.append("  - content: \"").append(q).append("\"\n");
        }
        Path file = dir.resolve("unicode.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ConversationFile read = ConversationFiles.read(file);

        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.001).qpm(0).seed(3).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            GenieSettings settings = SimulatorAccuracy.settingsFor(sim,
                    Map.of(Settings.GENIE_POLL_INTERVAL_MS.name(), "50"));
            GenieClient client = GenieClient.create(WorkspaceClients.create(settings, 4), settings);
            String conversation = null;
            for (ConversationMessage m : read.conversations().get(0).messages()) {
                GenieAnswer answer = client.ask(m.content(), conversation);
                assertEquals(GenieOutcome.COMPLETED, answer.outcome(), answer.responseMessage());
                conversation = answer.conversationId();
            }

            List<MessageTruth> truth = sim.groundTruth();
            assertEquals(questions.size(), truth.size());
            for (int i = 0; i < questions.size(); i++) {
                assertArrayEquals(questions.get(i).getBytes(StandardCharsets.UTF_8),
                        truth.get(i).content().getBytes(StandardCharsets.UTF_8), "question " + (i + 1));
            }
        }
    }
}
