package io.geniejmeter.genie;

import java.util.Arrays;

/**
 * When to poll a message next: sparse early, dense near the expected end, and never more than the budget of one poll
 * per {@code interval} on average (default 1 s, {@code GENIE_POLL_INTERVAL_MS}).
 *
 * <p>The schedule learns how long answers take from the server processing times of finished messages (the last
 * {@value #WINDOW}, shared by every thread using the same {@link GenieClient}). For a message that has been running
 * for {@code e} ms, it looks at the learned durations longer than {@code e} (the answer is still running, so only
 * those remain possible):
 * <ul>
 *   <li>while the earliest likely end (their 5th percentile) is more than two intervals away, it polls every two
 *       intervals, saving budget;</li>
 *   <li>when the earliest likely end is closer, it polls right at it;</li>
 *   <li>inside the likely window it polls every quarter interval (250 ms by default), as long as saved budget
 *       lasts, then once per interval.</li>
 * </ul>
 * Until {@value #MIN_SAMPLES} answers have been seen, it polls once per interval. The budget rule (the (n+1)-th poll
 * of a message happens no earlier than {@code (n + 0.5) x interval} after sending) holds in every case, so a 5-30 s
 * answer is polled at most about once per second.
 *
 * <p>Exact timing does not depend on this schedule ({@link GenieClient} takes the final instant from the message's
 * own timestamps); the schedule bounds the error when those timestamps are missing or inconsistent, and keeps the
 * "first seen" instants of each status close to the truth.
 *
 * <p>Thread-safe: {@link #record} and {@link #nextPollAtNanos} may be called from any number of threads; the learned
 * window is guarded by {@code this}.
 */
final class PollSchedule {

    static final int WINDOW = 256;
    static final int MIN_SAMPLES = 10;
    private static final long MIN_GAP_NANOS = 20_000_000L;

    private final long intervalNanos;
    private final long[] durations = new long[WINDOW];
    private int count;
    private int next;

    PollSchedule(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("poll interval must be positive");
        }
        this.intervalNanos = intervalNanos;
    }

    /** The average time between two polls of one message, nanoseconds. */
    long intervalNanos() {
        return intervalNanos;
    }

    /** Learns one finished message's processing time, in nanoseconds. */
    synchronized void record(long durationNanos) {
        if (durationNanos <= 0) {
            return;
        }
        durations[next] = durationNanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** How many durations have been learned (at most {@value #WINDOW}). */
    synchronized int learned() {
        return count;
    }

    private synchronized long[] snapshot() {
        return Arrays.copyOf(durations, count);
    }

    /**
     * The time (relative to sending the question, nanoseconds) of the next poll.
     *
     * @param elapsedNanos time since the question was sent
     * @param pollsDone    polls already made for this message
     */
    long nextPollAtNanos(long elapsedNanos, int pollsDone) {
        long target = elapsedNanos + intervalNanos;
        long[] learned = snapshot();
        if (learned.length >= MIN_SAMPLES) {
            Arrays.sort(learned);
            int from = upperBound(learned, elapsedNanos);
            int remaining = learned.length - from;
            if (remaining >= Math.max(3, learned.length / 20)) {
                long earliestLikelyEnd = learned[from + (int) Math.floor(0.05 * (remaining - 1))];
                long untilThen = earliestLikelyEnd - elapsedNanos;
                if (untilThen > 2 * intervalNanos) {
                    target = elapsedNanos + 2 * intervalNanos;
                } else if (untilThen > intervalNanos / 4) {
                    target = earliestLikelyEnd;
                } else {
                    target = elapsedNanos + intervalNanos / 4;
                }
            }
        }
        long budgetEarliest = (long) ((pollsDone + 0.5) * intervalNanos);
        return Math.max(Math.max(target, budgetEarliest), elapsedNanos + MIN_GAP_NANOS);
    }

    /** Index of the first element greater than {@code value} in a sorted array. */
    private static int upperBound(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
