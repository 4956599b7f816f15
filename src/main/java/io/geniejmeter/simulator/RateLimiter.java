package io.geniejmeter.simulator;

import java.util.ArrayDeque;

/**
 * Workspace-wide questions-per-minute limit: a sliding window of {@code 60 s x time scale} holding at most
 * {@code limit} accepted questions. Refused questions do not count. Thread-safe (synchronized; called only on POSTs).
 */
final class RateLimiter {

    private final int limit;
    private final long windowMs;
    private final ArrayDeque<Long> accepted = new ArrayDeque<>();

    /** @param limit questions per window; 0 disables the limit */
    RateLimiter(int limit, long windowMs) {
        this.limit = limit;
        this.windowMs = Math.max(1, windowMs);
    }

    /** @return 0 when the question is accepted (and counted), else the milliseconds until one would be */
    synchronized long tryAcquire(long nowMs) {
        if (limit <= 0) {
            return 0;
        }
        while (!accepted.isEmpty() && accepted.peekFirst() <= nowMs - windowMs) {
            accepted.pollFirst();
        }
        if (accepted.size() < limit) {
            accepted.addLast(nowMs);
            return 0;
        }
        return Math.max(1, accepted.peekFirst() + windowMs - nowMs);
    }
}
