package io.geniejmeter.conversation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A conversation file that cannot be used: not found, not YAML, or not in the expected shape. The message names the
 * file, the line (when known), the field, what is wrong and what to do, so it can be shown to a user as it is.
 */
public class ConversationFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;

    /**
     * @param file the file that was read
     * @param line 1-based line of the problem, or 0 when no line applies (for example a missing file)
     * @param field the field path such as {@code conversations[2].messages[0].content}, or null
     * @param problem what is wrong and what to do, in words for a user
     * @param cause the underlying error, or null
     */
    public ConversationFileException(Path file, int line, String field, String problem, Throwable cause) {
        super(format(file, line, field, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public ConversationFileException(Path file, int line, String field, String problem) {
        this(file, line, field, problem, null);
    }

    /** @return the file that was read */
    public Path file() {
        return file;
    }

    /** @return the 1-based line of the problem, or 0 when no line applies */
    public int line() {
        return line;
    }

    /** @return the field path, or null when the problem is not about one field */
    public String field() {
        return field;
    }

    private static String format(Path file, int line, String field, String problem) {
        StringBuilder b = new StringBuilder("Conversation file ").append(file);
        if (line > 0) {
            b.append(", line ").append(line);
        }
        if (field != null) {
            b.append(", field '").append(field).append('\'');
        }
        return b.append(": ").append(problem).toString();
    }
}
