package io.geniejmeter.cli;

import io.geniejmeter.export.LogCapture;
import io.geniejmeter.export.GenieWireMock;
import static io.geniejmeter.export.GenieWireMock.conversations;
import static io.geniejmeter.export.GenieWireMock.error;
import static io.geniejmeter.export.GenieWireMock.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.TimeFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options, settings sources, exit status and the messages users see. */
class ExportConversationsCommandTest {

    @RegisterExtension
    static final GenieWireMock GENIE = new GenieWireMock();

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-28T08:00:00Z"), ZoneOffset.UTC);
    private String log = "";

    private Map<String, String> workspaceEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("DATABRICKS_HOST", GENIE.baseUrl());
        env.put("DATABRICKS_TOKEN", GenieWireMock.TOKEN);
        return env;
    }

    private int run(Map<String, String> env, String... args) {
        try (LogCapture capture = new LogCapture()) {
            int status = ExportConversationsCommand.run(args, env, dir, clock);
            log = capture.text();
            return status;
        }
    }

    @Test
    void printsHelpWithEveryOption() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = ExportConversationsCommand.run(new String[] {"--help"}, Map.of(), dir, clock);
        } finally {
            System.setOut(original);
        }

        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status);
        for (String option : new String[] {"--space-id", "-o, --output", "--include-all", "--max-conversations",
                "--from", "--to", "--help", "30m, 24h, 7d, 1w", "GENIE_SPACE_ID", "conversations.yaml"}) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
    }

    @Test
    void exitsWithTwoOnAnUnknownOption() {
        assertEquals(2, run(workspaceEnv(), "--bogus"));
    }

    @Test
    void exportsWithTheOriginalsOptionsAndWritesTheFilter() throws IOException {
        GENIE.conversationsPage(null, conversations(null, "old", "t", 1_000L, "new", "t",
                Instant.parse("2026-01-27T12:00:00Z").toEpochMilli()));
        GENIE.messagesPage("new", null, messages(null, "m1", "How many flights?", 5L));

        int status = run(workspaceEnv(), "--space-id", GenieWireMock.SPACE_ID, "--include-all", "--from", "7d",
                "--to", "2026-01-28T00:00:00Z", "-o", "out.yaml");

        assertEquals(0, status, log);
        ConversationFile file = ConversationFiles.read(dir.resolve("out.yaml"));
        assertEquals(1, file.totalConversations());
        assertEquals(TimeFilter.of(Instant.parse("2026-01-21T08:00:00Z").toEpochMilli(),
                Instant.parse("2026-01-28T00:00:00Z").toEpochMilli()), file.filter());
        assertTrue(log.contains("Filtering conversations from: 2026-01-21T08:00:00+00:00"), log);
        assertTrue(log.contains("Connecting to Genie space: space-1"), log);
        assertTrue(log.contains("Exported 1 conversations with 1 messages to " + dir.resolve("out.yaml")), log);
    }

    @Test
    void takesTheSpaceIdFromDotEnvAndWritesConversationsYamlByDefault() throws IOException {
        Files.writeString(dir.resolve(".env"), "GENIE_SPACE_ID=" + GenieWireMock.SPACE_ID + "\n");
        GENIE.conversationsPage(null, conversations(null, "c1", "t", 1L));
        GENIE.messagesPage("c1", null, messages(null, "m1", "q", 2L));

        assertEquals(0, run(workspaceEnv()), log);

        assertEquals(1, ConversationFiles.read(dir.resolve("conversations.yaml")).totalConversations());
    }

    @Test
    void failsWithAHintWhenNoSpaceIdIsGiven() {
        assertEquals(1, run(workspaceEnv()));

        assertTrue(log.contains("Export failed: No GENIE_SPACE_ID set. Pass --space-id"), log);
    }

    @Test
    void explainsMissingCredentials() {
        Map<String, String> env = workspaceEnv();
        env.remove("DATABRICKS_TOKEN");

        assertEquals(1, run(env, "--space-id", GenieWireMock.SPACE_ID));

        assertTrue(log.contains("Export failed: No Databricks credentials found for " + GENIE.baseUrl()
                + ". Set DATABRICKS_TOKEN="), log);
        assertFalse(Files.exists(dir.resolve("conversations.yaml")));
    }

    @Test
    void failsWithOneOn401AndNeverLogsTheToken() {
        GENIE.conversationsPage(null, error(401, "UNAUTHENTICATED", "Invalid access token."));

        assertEquals(1, run(workspaceEnv(), "--space-id", GenieWireMock.SPACE_ID));

        assertTrue(log.contains("HTTP 401"), log);
        assertFalse(log.contains(GenieWireMock.TOKEN), log);
    }

    @Test
    void rejectsAnUnreadableTimeAndAnEmptyWindow() {
        assertEquals(1, run(workspaceEnv(), "--space-id", "s", "--from", "yesterday"));
        assertTrue(log.contains("Cannot read --from 'yesterday'. Use a time relative to now (30m, 24h, 7d, 1w)"),
                log);

        assertEquals(1, run(workspaceEnv(), "--space-id", "s", "--from", "2026-02-01", "--to", "2026-01-01"));
        assertTrue(log.contains("is after --to"), log);

        assertEquals(1, run(workspaceEnv(), "--space-id", "s", "--max-conversations", "0"));
        assertTrue(log.contains("--max-conversations must be 1 or more"), log);
    }

    @Test
    void exportsTheEmbeddedSimulatorWhenNoWorkspaceIsConfigured() throws IOException {
        int status = run(Map.of("HOME", dir.toString()), "-o", "sim.yaml");

        assertEquals(0, status, log);
        assertTrue(log.contains("Exporting from the embedded Genie simulator at http://127.0.0.1:"), log);
        assertTrue(log.contains("no Databricks workspace configured"), log);
        String yaml = Files.readString(dir.resolve("sim.yaml"));
        assertTrue(yaml.contains("total_conversations: 0"), yaml);
    }
}
