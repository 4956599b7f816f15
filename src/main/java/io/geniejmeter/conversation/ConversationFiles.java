package io.geniejmeter.conversation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads and writes conversation files in the original tool's YAML format, unchanged: the original reads the files
 * written here and this project reads the original's. Stateless; safe from any thread.
 *
 * <h2>Format</h2>
 * <pre>
 * space_id: 01f0c482e842191587af6a40ad4044d8
 * exported_at: '2026-01-28T08:17:30.463211'
 * total_conversations: 1
 * total_messages: 1
 * conversations:
 * - id: 01f0fc48aa3714d4a1e8e863ba014777
 *   title: Show total repairs by month
 *   created_timestamp: 1769604947206
 *   messages:
 *   - content: Show total repairs by month
 *     timestamp: 1769604947267
 *     message_id: 01f0fc48aa3714d4a1e8e863ba014778
 * filter:                       # only when the export had --from / --to
 *   from_timestamp: 1768435200000
 *   from_timestamp_iso: '2026-01-15T00:00:00+00:00'
 * </pre>
 *
 * <h2>Reading</h2>
 * Only {@code conversations[].messages[].content} is required. Missing ids become {@code conversation-N} (position in
 * the file, from 1), missing titles "Untitled", missing timestamps 0. Conversations without messages are dropped with
 * a warning; a file left with none is an error. Unknown keys are logged and ignored. The totals in the file are not
 * trusted: they are recomputed. Every error is a {@link ConversationFileException} naming file, line and field.
 */
public final class ConversationFiles {

    private ConversationFiles() {
    }

    /**
     * Reads and validates a conversation file.
     *
     * @param file the YAML file
     * @return its content, with at least one conversation, each with at least one message
     * @throws ConversationFileException when the file is missing, unreadable, not YAML or not in the expected shape
     */
    public static ConversationFile read(Path file) throws ConversationFileException {
        return ConversationFileReader.read(file);
    }

    /**
     * Renders a conversation file as the original writes it (see the class documentation).
     *
     * @param content what to write
     * @return the YAML text
     */
    public static String toYaml(ConversationFile content) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("space_id", content.spaceId());
        root.put("exported_at", content.exportedAt());
        root.put("total_conversations", content.totalConversations());
        root.put("total_messages", content.totalMessages());
        List<Object> conversations = new ArrayList<>();
        for (Conversation c : content.conversations()) {
            Map<String, Object> conv = new LinkedHashMap<>();
            conv.put("id", c.id());
            conv.put("title", c.title());
            conv.put("created_timestamp", c.createdTimestamp());
            List<Object> messages = new ArrayList<>();
            for (ConversationMessage m : c.messages()) {
                Map<String, Object> msg = new LinkedHashMap<>();
                msg.put("content", m.content());
                msg.put("timestamp", m.timestamp());
                msg.put("message_id", m.messageId());
                messages.add(msg);
            }
            conv.put("messages", messages);
            conversations.add(conv);
        }
        root.put("conversations", conversations);
        TimeFilter f = content.filter();
        if (f != null && (f.fromTimestamp() != null || f.toTimestamp() != null)) {
            Map<String, Object> filter = new LinkedHashMap<>();
            if (f.fromTimestamp() != null) {
                filter.put("from_timestamp", f.fromTimestamp());
                filter.put("from_timestamp_iso", f.fromTimestampIso() != null ? f.fromTimestampIso()
                        : TimeFilter.isoUtc(f.fromTimestamp()));
            }
            if (f.toTimestamp() != null) {
                filter.put("to_timestamp", f.toTimestamp());
                filter.put("to_timestamp_iso", f.toTimestampIso() != null ? f.toTimestampIso()
                        : TimeFilter.isoUtc(f.toTimestamp()));
            }
            root.put("filter", filter);
        }
        return PyYamlEmitter.dump(root);
    }

    /**
     * Writes a conversation file atomically: the text goes to a temporary file in the same directory, is flushed to
     * disk, and is then moved over the target in one step. A failure or Ctrl-C at any point leaves either the old
     * file or the complete new one, never a half-written file; the temporary file is removed on failure.
     *
     * @param content what to write
     * @param file the target; its directory must exist
     * @throws IOException when the directory is not writable or the disk is full
     */
    public static void write(ConversationFile content, Path file) throws IOException {
        write(content, file, UnaryOperator.identity());
    }

    /** As {@link #write(ConversationFile, Path)}, the temporary file's stream wrapped (tests fail it midway). */
    static void write(ConversationFile content, Path file, UnaryOperator<OutputStream> wrap) throws IOException {
        byte[] bytes = toYaml(content).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            keepPermissions(target, tmp);
            try (OutputStream out = wrap.apply(Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC))) {
                out.write(bytes);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (rare network mounts) cannot rename atomically; a plain replace is the best left.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A temporary file is created readable by its owner only; give the new file the old file's permissions, or
     * rw-r--r-- (what a plain write usually gives) when there is no old file. No-op off POSIX file systems.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
