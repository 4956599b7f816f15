package io.geniejmeter.simulator;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.conversation.ConversationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads conversation history from a conversations YAML (the export format) into the simulator, so that listing and
 * exporting have realistic content. Conversations keep their ids, titles, timestamps and message ids; they belong to
 * the simulator's user (so they are listed with and without {@code include_all}) and every message is COMPLETED with
 * an answer derived from its text. The file's {@code space_id} is ignored: history is served under the simulator's
 * space.
 */
final class ConversationPreloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationPreloader.class);

    private ConversationPreloader() {
    }

    /**
     * @throws io.geniejmeter.conversation.ConversationFileException naming the file, line and field when unusable
     */
    static int preload(GenieEngine engine, Path file) throws java.io.IOException {
        ConversationFile content = ConversationFiles.read(file);
        String user = Long.toString(DataSettings.USER_ID);
        for (Conversation c : content.conversations()) {
            List<String> texts = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (ConversationMessage m : c.messages()) {
                texts.add(m.content());
                times.add(m.timestamp());
                ids.add(m.messageId());
            }
            engine.preload(c.id(), c.title(), c.createdTimestamp(), user, texts, times, ids);
        }
        LOG.info("Preloaded {} conversations with {} messages from {}", content.totalConversations(),
                content.totalMessages(), file);
        return content.totalConversations();
    }
}
