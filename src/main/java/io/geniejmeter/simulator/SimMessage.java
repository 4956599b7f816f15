package io.geniejmeter.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated Genie message with its whole schedule fixed at creation: the status at any time is a lookup in
 * {@link #ends}, so polling costs no locking and no timers. The rendered JSON is cached per status, because it only
 * changes when the status does.
 *
 * <p>Thread-safety: immutable apart from {@link #expireAtMs} (volatile, reset by execute-query) and the JSON cache
 * (a volatile reference to an immutable holder; a race only renders the same bytes twice).
 */
final class SimMessage {

    final long seq;
    final String conversationId;
    final String messageId;
    final String spaceId;
    final String userId;
    final String content;
    final long createdMs;
    /** Statuses of the phases, in order. */
    final String[] phases;
    /** {@code ends[i]}: epoch ms at which phase i ends. */
    final long[] ends;
    /** COMPLETED, FAILED or CANCELLED. */
    final String terminal;
    final String errorType;
    final String errorMessage;
    /** The answer; its query attachment shows from phase index {@link #queryFromIndex} on. */
    final AnswerGenerator.Answer answer;
    final int queryFromIndex;
    final String attachmentId;
    final String statementId;
    /** True when the result expires {@code expireDelayMs} after completion (or after the last execute-query). */
    final boolean expires;
    final long expireDelayMs;
    volatile long expireAtMs;

    private volatile Rendered rendered;

    record Rendered(int index, byte[] json) {
    }

    SimMessage(long seq, String conversationId, String messageId, String spaceId, String userId, String content,
               long createdMs, String[] phases, long[] ends, String terminal, String errorType, String errorMessage,
               AnswerGenerator.Answer answer, int queryFromIndex, String attachmentId, String statementId,
               boolean expires, long expireDelayMs) {
        this.seq = seq;
        this.conversationId = conversationId;
        this.messageId = messageId;
        this.spaceId = spaceId;
        this.userId = userId;
        this.content = content;
        this.createdMs = createdMs;
        this.phases = phases;
        this.ends = ends;
        this.terminal = terminal;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.answer = answer;
        this.queryFromIndex = queryFromIndex;
        this.attachmentId = attachmentId;
        this.statementId = statementId;
        this.expires = expires;
        this.expireDelayMs = expireDelayMs;
        this.expireAtMs = expires ? completedAtMs() + expireDelayMs : Long.MAX_VALUE;
    }

    /** Epoch ms at which the terminal status is reached. */
    long completedAtMs() {
        return ends.length == 0 ? createdMs : ends[ends.length - 1];
    }

    /**
     * Index of the status at {@code nowMs}: {@code 0..phases.length-1} for a running phase, {@code phases.length}
     * for the terminal status, {@code phases.length + 1} for QUERY_RESULT_EXPIRED.
     */
    int statusIndex(long nowMs) {
        long[] e = ends;
        for (int i = 0; i < e.length; i++) {
            if (nowMs < e[i]) {
                return i;
            }
        }
        return nowMs >= expireAtMs ? e.length + 1 : e.length;
    }

    String status(int index) {
        if (index < phases.length) {
            return phases[index];
        }
        return index == phases.length ? terminal : "QUERY_RESULT_EXPIRED";
    }

    /** Epoch ms at which the status with this index began (the message's last_updated_timestamp). */
    long statusSince(int index) {
        if (index == 0) {
            return createdMs;
        }
        if (index <= ends.length) {
            return ends[index - 1];
        }
        return expireAtMs;
    }

    boolean hasQuery(int index) {
        return answer != null && !answer.textOnly() && index >= queryFromIndex;
    }

    boolean hasText(int index) {
        return answer != null && answer.textOnly() && index >= phases.length && terminal.equals("COMPLETED");
    }

    Rendered rendered() {
        return rendered;
    }

    void rendered(Rendered r) {
        rendered = r;
    }

    /** Ground truth as of {@code nowMs}. */
    MessageTruth truth(long nowMs) {
        int idx = statusIndex(nowMs);
        Map<String, Long> phasesMs = new LinkedHashMap<>();
        long start = createdMs;
        for (int i = 0; i < phases.length && i <= idx; i++) {
            long end = Math.min(ends[i], Math.max(nowMs, start));
            phasesMs.merge(phases[i], end - start, Long::sum);
            start = ends[i];
        }
        Long completed = idx >= phases.length ? completedAtMs() : null;
        return new MessageTruth(conversationId, messageId, content, status(idx), terminal, errorType, createdMs,
                completed, phasesMs);
    }
}
