package io.geniejmeter.jmeter;

import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Think time of a simulated user, with the original tool's semantics: between two conversations a uniform wait in
 * [min, max] seconds, between two messages of one conversation a uniform wait in [min/2, max/2] seconds, none after
 * the last message.
 *
 * <p>Waits happen outside any sample, so they never count in response times. A wait ends early, returning
 * {@code false}, when the thread is interrupted (JMeter's Stop), when {@code keepGoing} turns false, or when it would
 * run past {@code deadlineMs} (the end of a Thread Group with a duration): the caller then sends nothing more. Time
 * and sleeping are injected so tests need not sleep.
 *
 * <p>One instance per JMeter thread (not thread-safe: it owns that thread's random generator).
 */
final class ReplayPause {

    /**
     * Longest single sleep, milliseconds: how often a long wait re-checks {@code keepGoing}. Interruption ends a
     * sleep at once whatever this is.
     */
    static final long SLICE_MS = 1_000;

    private final SplittableRandom random;
    private final Clock clock;

    /** Think times drawn from {@code random}, waited on {@code clock} ({@link Clock#SYSTEM} in a test run). */
    ReplayPause(SplittableRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** Milliseconds to wait before starting the next conversation: uniform in [min, max] seconds. */
    long betweenConversationsMs(double minSeconds, double maxSeconds) {
        return uniformMs(minSeconds, maxSeconds);
    }

    /** Milliseconds to wait before the next message of the same conversation: uniform in [min/2, max/2] seconds. */
    long betweenMessagesMs(double minSeconds, double maxSeconds) {
        return uniformMs(minSeconds / 2, maxSeconds / 2);
    }

    private long uniformMs(double minSeconds, double maxSeconds) {
        long min = Math.round(minSeconds * 1000);
        long max = Math.round(maxSeconds * 1000);
        return max <= min ? min : min + random.nextLong(max - min + 1);
    }

    /**
     * Waits {@code millis}, in slices of at most {@link #SLICE_MS}.
     *
     * @param deadlineMs epoch ms after which the thread must not start another message; 0 or less means none
     * @param keepGoing checked between slices; false ends the wait
     * @return true when the full wait elapsed and the caller may go on; false when it was cut short
     */
    boolean await(long millis, long deadlineMs, BooleanSupplier keepGoing) {
        long now = clock.wallMillis();
        long end = now + Math.max(0, millis);
        boolean pastDeadline = deadlineMs > 0 && end > deadlineMs;
        if (pastDeadline) {
            end = deadlineMs;
        }
        try {
            while (now < end) {
                if (Thread.currentThread().isInterrupted() || !keepGoing.getAsBoolean()) {
                    return false;
                }
                clock.sleep(Duration.ofMillis(Math.min(SLICE_MS, end - now)));
                now = clock.wallMillis();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !pastDeadline && !Thread.currentThread().isInterrupted() && keepGoing.getAsBoolean();
    }
}
