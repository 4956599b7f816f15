package io.geniejmeter.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One conversation: its id, owner, title (its first question) and messages in creation order.
 * Thread-safety: {@link #messages} is guarded by {@code this}; the other fields are final or volatile.
 */
final class SimConversation {

    final long seq;
    final String id;
    final String spaceId;
    final String userId;
    final String title;
    final long createdMs;
    volatile long lastUpdatedMs;
    volatile boolean deleted;
    private final List<SimMessage> messages = new ArrayList<>(4);

    SimConversation(long seq, String id, String spaceId, String userId, String title, long createdMs) {
        this.seq = seq;
        this.id = id;
        this.spaceId = spaceId;
        this.userId = userId;
        this.title = title;
        this.createdMs = createdMs;
        this.lastUpdatedMs = createdMs;
    }

    synchronized void add(SimMessage m) {
        messages.add(m);
        lastUpdatedMs = Math.max(lastUpdatedMs, m.createdMs);
    }

    synchronized List<SimMessage> messages() {
        return new ArrayList<>(messages);
    }
}
