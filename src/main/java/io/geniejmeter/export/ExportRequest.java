package io.geniejmeter.export;

import java.util.Objects;

/**
 * What to export: the options of {@code export-conversations}, already parsed.
 *
 * @param spaceId the Genie space id ({@code --space-id} or {@code GENIE_SPACE_ID})
 * @param includeAll list every user's conversations, not only the caller's ({@code --include-all}; needs CAN MANAGE
 *     on the space)
 * @param maxConversations stop after this many non-empty conversations ({@code --max-conversations}); null or 0 or
 *     less means all
 * @param fromMs keep conversations created at or after this instant, epoch ms ({@code --from}); null for no limit
 * @param toMs keep conversations created at or before this instant, epoch ms ({@code --to}); null for no limit
 */
public record ExportRequest(String spaceId, boolean includeAll, Integer maxConversations, Long fromMs, Long toMs) {

    public ExportRequest {
        Objects.requireNonNull(spaceId, "spaceId");
    }

    /** @return true when the number of conversations is capped */
    boolean capped() {
        return maxConversations != null && maxConversations > 0;
    }
}
